import CFFTW
import Foundation
import Numerics

/// The unitary discrete Fourier transform over the columns of an H x B complex block,
/// through FFTW: F_jk = e^{−2πi jk/H}/√H, so F⁻¹ = Fᴴ and both keep norms. Any H that
/// FFTW handles (every positive size; O(H log H) for all of them, fastest for
/// products of small primes).
///
/// The B columns go through one batched plan (fftw_plan_many_dft). Plans are made once
/// per (H, B, direction) and kept for the life of the process: FFTW's planner is not
/// thread-safe, so plan creation is serialised by a lock, while executing a plan on
/// new arrays (fftw_execute_dft) is safe from any thread. Models use one B per
/// batch shape, so the cache stays small.
enum UnitaryDFT {
    /// F X.
    static func forward(_ x: ComplexMatrix) throws -> ComplexMatrix { try transform(x, sign: FFTW_FORWARD) }

    /// F⁻¹ X = Fᴴ X.
    static func inverse(_ x: ComplexMatrix) throws -> ComplexMatrix { try transform(x, sign: FFTW_BACKWARD) }

    private static func transform(_ x: ComplexMatrix, sign: Int32) throws -> ComplexMatrix {
        let n = x.rows, columns = x.cols
        var y = ComplexMatrix(rows: n, cols: columns)
        if n == 0 || columns == 0 { return y }
        let plan = try FFTPlanCache.shared.plan(size: n, columns: columns, sign: sign)
        // FFTW's transforms are unnormalised (a forward then backward multiplies by H);
        // 1/√H on each makes F unitary.
        let scale = 1 / Double(n).squareRoot()
        x.elements.withUnsafeBufferPointer { px in
            y.elements.withUnsafeMutableBufferPointer { py in
                // Complex<Double> has the layout of fftw_complex (two doubles). The
                // plan was made out of place and unaligned, as this call requires.
                let input = UnsafeMutableRawPointer(mutating: px.baseAddress!).assumingMemoryBound(to: fftw_complex.self)
                let output = UnsafeMutableRawPointer(py.baseAddress!).assumingMemoryBound(to: fftw_complex.self)
                fftw_execute_dft(plan, input, output)
                for k in 0..<py.count { py[k] = py[k] * Complex(scale) }
            }
        }
        return y
    }
}

/// FFTW plans by (size, columns, sign, alignment), created under a lock.
///
/// An unaligned plan runs on any arrays (Swift arrays give no SIMD alignment) but
/// FFTW then uses only its scalar codelets. An aligned plan may only run on arrays
/// with FFTW's SIMD alignment (from `fftw_alloc_complex`), and is markedly faster.
final class FFTPlanCache: @unchecked Sendable {
    static let shared = FFTPlanCache()

    private struct Key: Hashable { let size: Int, columns: Int, sign: Int32, aligned: Bool }
    private let lock = NSLock()
    // Plans are never destroyed: another thread may be executing one.
    private var plans: [Key: OpaquePointer] = [:]

    func plan(size n: Int, columns: Int, sign: Int32, aligned: Bool = false) throws -> OpaquePointer {
        guard n <= Int(Int32.max), columns <= Int(Int32.max) / Swift.max(1, n) else {
            throw ModelError.invalidOption("FFT of \(columns) columns of size \(n) is too large")
        }
        lock.lock()
        defer { lock.unlock() }
        let key = Key(size: n, columns: columns, sign: sign, aligned: aligned)
        if let p = plans[key] { return p }
        // FFTW_ESTIMATE plans without running transforms (so without touching these
        // scratch arrays, and with the same plan, hence the same rounding, in every
        // run); FFTW_UNALIGNED lets the plan run on Swift arrays.
        guard let input = fftw_alloc_complex(n * columns), let output = fftw_alloc_complex(n * columns) else {
            throw ModelError.notAvailable("FFTW could not allocate \(n * columns) complex values")
        }
        defer { fftw_free(input); fftw_free(output) }
        var size = Int32(n)
        let made = fftw_plan_many_dft(1, &size, Int32(columns), input, nil, 1, Int32(n),
                                      output, nil, 1, Int32(n), sign, UInt32(aligned ? FFTW_ESTIMATE : FFTW_ESTIMATE | FFTW_UNALIGNED))
        guard let made else {
            throw ModelError.notAvailable("FFTW could not plan a transform of size \(n) over \(columns) columns")
        }
        plans[key] = made
        return made
    }
}
