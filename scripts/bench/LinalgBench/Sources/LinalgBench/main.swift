// Times dgemm, expm and expm with its Fréchet adjoint for the sizes given on the
// command line (default 64 128 256 512), one BLAS thread, and writes the inputs as
// .npy files so that NumPy/SciPy can time the same matrices (scripts/bench/linalg).
//
// Output, one tab-separated line per size: n, gemm GFLOP/s, expm ms, expm+adjoint ms,
// expm+adjoint ms for a general (non-skew) matrix of the same 1-norm.
import Foundation
import URNNEngine

// One BLAS thread, and freed matrix buffers kept for reuse: the start-up settings
// meant for the urnn program too (BLASThreads, MatrixMemory).
BLASThreads.set(1)
MatrixMemory.keepFreedBuffers()

var arguments = Array(CommandLine.arguments.dropFirst())
var folder: URL?
if let k = arguments.firstIndex(of: "--save"), k + 1 < arguments.count {
    folder = URL(fileURLWithPath: arguments[k + 1])
    arguments.removeSubrange(k...(k + 1))
}
let sizes = arguments.isEmpty ? [64, 128, 256, 512] : arguments.compactMap { Int($0) }

/// CPU time of the calling thread in seconds. BLAS runs on this thread (one BLAS
/// thread), so this is the time the work took, without the time the scheduler gave
/// the core to other processes: the machines this runs on are often shared.
func threadTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The shortest thread CPU time of `body` in seconds, over at least 5 runs and about
/// 0.5 s, after one warm-up run (page faults, BLAS buffers). linalg_numpy.py uses the
/// same rule.
func fastestTime(_ body: () throws -> Void) rethrows -> Double {
    try body()
    var best = Double.infinity
    var total = 0.0
    var runs = 0
    while runs < 5 || (total < 0.5 && runs < 1000) {
        let start = threadTime()
        try body()
        let t = threadTime() - start
        best = min(best, t)
        total += t
        runs += 1
    }
    return best
}

var g = SeededGenerator(seed: 2024)
do {
    for n in sizes {
        // A = X − Xᵀ with X ~ N(0, 1/n): a skew-symmetric matrix of the size and norm
        // an expRNN recurrent generator has (spectral radius about 2√2).
        let x = Matrix.randomNormal(rows: n, cols: n, std: 1 / Double(n).squareRoot(), using: &g)
        let a = x - x.transposed()
        let b = Matrix.randomNormal(rows: n, cols: n, using: &g)
        let weights = Matrix.randomNormal(rows: n, cols: n, using: &g)
        // A general (non-normal) matrix of the same 1-norm, which takes the 1-norm scaling.
        let y = Matrix.randomNormal(rows: n, cols: n, using: &g)
        let general = y * (a.oneNorm / y.oneNorm)
        if let folder {
            try NPY.write(general, to: folder.appendingPathComponent("N\(n).npy"))
            try NPY.write(a, to: folder.appendingPathComponent("A\(n).npy"))
            try NPY.write(b, to: folder.appendingPathComponent("B\(n).npy"))
            try NPY.write(weights, to: folder.appendingPathComponent("G\(n).npy"))
        }
        var c = Matrix(rows: n, cols: n)
        let gemm = fastestTime { DenseMatrix.gemm(a, .none, b, .none, into: &c) }
        let exp = try fastestTime { _ = try expm(a) }
        let adjoint = try fastestTime { _ = try expmFrechetAdjoint(a, weights) }
        let generalAdjoint = try fastestTime { _ = try expmFrechetAdjoint(general, weights) }
        let gflops = 2 * pow(Double(n), 3) / gemm * 1e-9
        print("\(n)\t\(gflops)\t\(exp * 1e3)\t\(adjoint * 1e3)\t\(generalAdjoint * 1e3)")
    }
} catch {
    FileHandle.standardError.write(Data("LinalgBench: \(error)\n".utf8))
    exit(1)
}
