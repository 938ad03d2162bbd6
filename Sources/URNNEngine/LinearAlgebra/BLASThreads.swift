import Foundation
import CLinearAlgebra
import CXSMM

/// Threads OpenBLAS may use. One is the default (see docs/performance.md): the
/// products of a training step are small, and a second thread competing with
/// other work slows them down. Large products between passes are split over the
/// process's own threads instead (`splittingProducts`).
public enum BLASThreads {
    public static func set(_ n: Int) {
        _ = applyDefault
        openblas_set_num_threads(Int32(Swift.max(1, n)))
    }
    public static var current: Int { Int(openblas_get_num_threads()) }

    /// The kernel sets this process runs, e.g. "OpenBLAS Haswell, libxsmm cpx": OpenBLAS's
    /// for most products (its choice, or OPENBLAS_CORETYPE's), libxsmm's for the fixed-shape
    /// products of the recurrences (`FixedShapeProduct`).
    public static var kernels: String {
        "OpenBLAS \(String(cString: openblas_get_corename())), libxsmm \(String(cString: libxsmm_get_target_arch()))"
    }

    /// Ways to split large products in `splittingProducts` (1: not split).
    nonisolated(unsafe) static var productWays = 1

    /// Runs `body` with each large product in it (from 128 columns and 128² rows × depth)
    /// split by columns into `n` parts that run concurrently on threads of the process's
    /// own pool, each with single-threaded BLAS. For the exponential of W and its gradient
    /// between two training passes. OpenBLAS's own threads do the same split, but after a
    /// product they keep polling with sched_yield, competing for the cores with the
    /// passes that follow: measured (urnn, H = 256, T = 100) 11-15 steps/s, varying from
    /// run to run, with two OpenBLAS threads; 16.6, steady, with this. Only for code that
    /// runs while no pass does: the setting is global.
    public static func splittingProducts<T>(over n: Int, _ body: () throws -> T) rethrows -> T {
        _ = applyDefault
        let previous = productWays
        productWays = Swift.max(1, n)
        defer { productWays = previous }
        return try body()
    }

    /// Whether an m x n x k product is split (see `splittingProducts`).
    @inline(__always)
    static func splits(m: Int, n: Int, k: Int) -> Bool {
        productWays > 1 && n >= 128 && m * k >= 128 * 128
    }

    /// Calls `part(first, count)` for `productWays` contiguous column ranges of 0..<n, concurrently.
    static func forEachColumnPart(_ n: Int, _ part: (Int, Int) -> Void) {
        let ways = productWays
        withoutActuallyEscaping(part) { part in
            let work = UncheckedSendable(part)
            DispatchQueue.concurrentPerform(iterations: ways) { w in
                let first = w * n / ways, last = (w + 1) * n / ways
                if last > first { work.value(first, last - first) }
            }
        }
    }

    /// Sets one thread the first time any product runs, unless `OPENBLAS_NUM_THREADS`
    /// says otherwise, and asks glibc to keep freed matrix buffers for reuse (see
    /// `MatrixMemory`). Swift runs a static initialiser once, thread-safely.
    static let applyDefault: Void = {
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil {
            openblas_set_num_threads(1)
        }
        MatrixMemory.keepFreedBuffers()
    }()
}
