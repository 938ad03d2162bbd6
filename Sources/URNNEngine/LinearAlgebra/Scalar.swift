import CLinearAlgebra
import Numerics

/// Whether BLAS reads a matrix as it is, transposed, or conjugate-transposed.
public enum MatrixOperation: Sendable {
    case none, transpose, adjoint

    var cblas: CBLAS_TRANSPOSE {
        switch self {
        case .none: return CblasNoTrans
        case .transpose: return CblasTrans
        case .adjoint: return CblasConjTrans
        }
    }
}

/// The element types that the dense matrices of the engine hold: `Double` and
/// `Complex<Double>`. Each conformance routes the generic algorithms (products,
/// solves, the exponential) to the BLAS/LAPACK routine of its own precision.
public protocol LinearAlgebraScalar: Sendable, Equatable, AdditiveArithmetic {
    static var one: Self { get }
    /// Embeds a real number.
    init(real: Double)
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    /// Complex conjugate; the identity for real numbers.
    var conjugated: Self { get }
    /// |x|: the absolute value or the complex modulus.
    var modulus: Double { get }
    /// |x|^2, cheaper than squaring `modulus`.
    var squaredModulus: Double { get }
    /// The real part.
    var realPart: Double { get }
    /// Whether every component is finite.
    var isFiniteValue: Bool { get }

    /// C <- alpha op(A) op(B) + beta C, column-major.
    static func gemm(
        _ opA: MatrixOperation, _ opB: MatrixOperation, m: Int, n: Int, k: Int,
        alpha: Self, _ a: UnsafePointer<Self>, lda: Int,
        _ b: UnsafePointer<Self>, ldb: Int,
        beta: Self, _ c: UnsafeMutablePointer<Self>, ldc: Int)

    /// y <- alpha op(A) x + beta y, column-major.
    static func gemv(
        _ opA: MatrixOperation, m: Int, n: Int, alpha: Self,
        _ a: UnsafePointer<Self>, lda: Int, _ x: UnsafePointer<Self>,
        beta: Self, _ y: UnsafeMutablePointer<Self>)

    /// Solves A X = B in place by LU with partial pivoting (LAPACK gesv); returns `info`.
    static func gesv(n: Int, nrhs: Int, _ a: UnsafeMutablePointer<Self>, lda: Int,
                     _ ipiv: UnsafeMutablePointer<Int32>,
                     _ b: UnsafeMutablePointer<Self>, ldb: Int) -> Int32

    /// LU factorisation with partial pivoting in place (LAPACK getrf); returns `info`.
    static func getrf(n: Int, _ a: UnsafeMutablePointer<Self>, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32

    /// Solves with a factorisation from `getrf` (LAPACK getrs); returns `info`.
    static func getrs(n: Int, nrhs: Int, _ lu: UnsafePointer<Self>, _ ipiv: UnsafePointer<Int32>,
                      _ b: UnsafeMutablePointer<Self>) -> Int32
}

extension Double: LinearAlgebraScalar {
    public static var one: Double { 1 }
    @inlinable public init(real: Double) { self = real }
    @inlinable public var conjugated: Double { self }
    @inlinable public var modulus: Double { Swift.abs(self) }
    @inlinable public var squaredModulus: Double { self * self }
    @inlinable public var realPart: Double { self }
    @inlinable public var isFiniteValue: Bool { isFinite }

    public static func gemm(
        _ opA: MatrixOperation, _ opB: MatrixOperation, m: Int, n: Int, k: Int,
        alpha: Double, _ a: UnsafePointer<Double>, lda: Int,
        _ b: UnsafePointer<Double>, ldb: Int,
        beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        _ = BLASThreads.applyDefault
        if BLASThreads.splits(m: m, n: n, k: k) {
            // Columns first..<first+count of op(B) and C: B's columns, or Bᵀ's rows.
            BLASThreads.forEachColumnPart(n) { first, count in
                product(opA, opB, m: m, n: count, k: k, alpha: alpha, a, lda: lda,
                        b + (opB == .none ? first * ldb : first), ldb: ldb, beta: beta, c + first * ldc, ldc: ldc)
            }
            return
        }
        product(opA, opB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb, beta: beta, c, ldc: ldc)
    }

    /// One product on the calling thread: on kernels generated for its shape where libxsmm
    /// has them (A as it is, alpha 1, beta 0 or 1; see `FixedShapeProduct`), else in BLAS.
    private static func product(
        _ opA: MatrixOperation, _ opB: MatrixOperation, m: Int, n: Int, k: Int,
        alpha: Double, _ a: UnsafePointer<Double>, lda: Int,
        _ b: UnsafePointer<Double>, ldb: Int,
        beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        if opA == .none && alpha == 1 && (beta == 0 || beta == 1) {
            let generated = FixedShapeProduct(m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc,
                                              transposesB: opB != .none, accumulate: beta == 1)
            if generated.isGenerated {
                generated(a, b, c)
                return
            }
        }
        blasGemm(opA, opB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb, beta: beta, c, ldc: ldc)
    }

    /// C <- alpha op(A) op(B) + beta C in BLAS (dgemm), on the calling thread.
    static func blasGemm(
        _ opA: MatrixOperation, _ opB: MatrixOperation, m: Int, n: Int, k: Int,
        alpha: Double, _ a: UnsafePointer<Double>, lda: Int,
        _ b: UnsafePointer<Double>, ldb: Int,
        beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        _ = BLASThreads.applyDefault
        cblas_dgemm(CblasColMajor, opA.cblas, opB.cblas, Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    public static func gemv(
        _ opA: MatrixOperation, m: Int, n: Int, alpha: Double,
        _ a: UnsafePointer<Double>, lda: Int, _ x: UnsafePointer<Double>,
        beta: Double, _ y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(CblasColMajor, opA.cblas, Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, 1, beta, y, 1)
    }

    public static func gesv(n: Int, nrhs: Int, _ a: UnsafeMutablePointer<Double>, lda: Int,
                            _ ipiv: UnsafeMutablePointer<Int32>,
                            _ b: UnsafeMutablePointer<Double>, ldb: Int) -> Int32 {
        LAPACKE_dgesv(LAPACK_COL_MAJOR, Int32(n), Int32(nrhs), a, Int32(lda), ipiv, b, Int32(ldb))
    }

    public static func getrf(n: Int, _ a: UnsafeMutablePointer<Double>, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32 {
        LAPACKE_dgetrf(LAPACK_COL_MAJOR, Int32(n), Int32(n), a, Int32(n), ipiv)
    }

    public static func getrs(n: Int, nrhs: Int, _ lu: UnsafePointer<Double>, _ ipiv: UnsafePointer<Int32>,
                             _ b: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dgetrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), Int32(n), Int32(nrhs), lu, Int32(n), ipiv, b, Int32(n))
    }
}

extension Complex: LinearAlgebraScalar where RealType == Double {
    @inlinable public init(real: Double) { self.init(real, 0) }
    @inlinable public var conjugated: Complex<Double> { conjugate }
    @inlinable public var modulus: Double { length }
    @inlinable public var squaredModulus: Double { real * real + imaginary * imaginary }
    @inlinable public var realPart: Double { real }
    @inlinable public var isFiniteValue: Bool { real.isFinite && imaginary.isFinite }

    public static func gemm(
        _ opA: MatrixOperation, _ opB: MatrixOperation, m: Int, n: Int, k: Int,
        alpha: Complex<Double>, _ a: UnsafePointer<Complex<Double>>, lda: Int,
        _ b: UnsafePointer<Complex<Double>>, ldb: Int,
        beta: Complex<Double>, _ c: UnsafeMutablePointer<Complex<Double>>, ldc: Int
    ) {
        _ = BLASThreads.applyDefault
        if opB == .none && (beta == .zero || beta == .one)
            && FixedShapeProduct.complexProduct(opA, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
                                                accumulate: beta == .one, c, ldc: ldc) {
            return
        }
        withUnsafePointer(to: alpha) { pa in
            withUnsafePointer(to: beta) { pb in
                if BLASThreads.splits(m: m, n: n, k: k) {
                    // Columns first..<first+count of op(B) and C: B's columns, or Bᵀ's rows.
                    BLASThreads.forEachColumnPart(n) { first, count in
                        cblas_zgemm(CblasColMajor, opA.cblas, opB.cblas, Int32(m), Int32(count), Int32(k),
                                    pa, a, Int32(lda), b + (opB == .none ? first * ldb : first), Int32(ldb),
                                    pb, c + first * ldc, Int32(ldc))
                    }
                    return
                }
                cblas_zgemm(CblasColMajor, opA.cblas, opB.cblas, Int32(m), Int32(n), Int32(k),
                            pa, a, Int32(lda), b, Int32(ldb), pb, c, Int32(ldc))
            }
        }
    }

    public static func gemv(
        _ opA: MatrixOperation, m: Int, n: Int, alpha: Complex<Double>,
        _ a: UnsafePointer<Complex<Double>>, lda: Int, _ x: UnsafePointer<Complex<Double>>,
        beta: Complex<Double>, _ y: UnsafeMutablePointer<Complex<Double>>
    ) {
        withUnsafePointer(to: alpha) { pa in
            withUnsafePointer(to: beta) { pb in
                cblas_zgemv(CblasColMajor, opA.cblas, Int32(m), Int32(n), pa, a, Int32(lda),
                            x, 1, pb, y, 1)
            }
        }
    }

    public static func gesv(n: Int, nrhs: Int, _ a: UnsafeMutablePointer<Complex<Double>>, lda: Int,
                            _ ipiv: UnsafeMutablePointer<Int32>,
                            _ b: UnsafeMutablePointer<Complex<Double>>, ldb: Int) -> Int32 {
        a.withMemoryRebound(to: _lapack_complex_double.self, capacity: n * n) { ca in
            b.withMemoryRebound(to: _lapack_complex_double.self, capacity: n * nrhs) { cb in
                LAPACKE_zgesv(LAPACK_COL_MAJOR, Int32(n), Int32(nrhs), ca, Int32(lda), ipiv, cb, Int32(ldb))
            }
        }
    }

    public static func getrf(n: Int, _ a: UnsafeMutablePointer<Complex<Double>>, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32 {
        a.withMemoryRebound(to: _lapack_complex_double.self, capacity: n * n) { ca in
            LAPACKE_zgetrf(LAPACK_COL_MAJOR, Int32(n), Int32(n), ca, Int32(n), ipiv)
        }
    }

    public static func getrs(n: Int, nrhs: Int, _ lu: UnsafePointer<Complex<Double>>, _ ipiv: UnsafePointer<Int32>,
                             _ b: UnsafeMutablePointer<Complex<Double>>) -> Int32 {
        lu.withMemoryRebound(to: _lapack_complex_double.self, capacity: n * n) { cl in
            b.withMemoryRebound(to: _lapack_complex_double.self, capacity: n * nrhs) { cb in
                LAPACKE_zgetrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), Int32(n), Int32(nrhs), cl, Int32(n), ipiv, cb, Int32(n))
            }
        }
    }
}
