import CXSMM
import Numerics

/// C = A B, or C = A B + C, for one column-major shape that repeats many times: A is
/// m x k (leading dimension lda), B k x n (ldb), C m x n (ldc).
///
/// The products of a recurrence have the same small shape at every step (H x H times
/// H x B, and H x H times the δ of a step). A BLAS `dgemm` packs both operands into
/// blocks at every call; libxsmm generates a kernel for the shape and the running CPU
/// that reads them in place. Measured here (AMD EPYC, AVX-512), 256 x 32 x 256:
/// 120 GFLOP/s in libxsmm's kernel, 81 in OpenBLAS's AVX-512 kernels, 39 in its AVX2
/// (Haswell) kernels, which this machine's environment selects with
/// OPENBLAS_CORETYPE=Haswell (docs/performance.md). libxsmm keeps each kernel for the
/// life of the process, so a product of a shape seen before costs a hash lookup to set up.
///
/// C is split into tiles of at most `rowTile` x `columnTile`, whose operands stay in
/// cache (1024 x 32 x 256 in one kernel: 61 GFLOP/s). Where libxsmm has no kernel for a
/// tile, the whole product goes to BLAS.
struct FixedShapeProduct: @unchecked Sendable {
    let m: Int, n: Int, k: Int
    let lda: Int, ldb: Int, ldc: Int
    /// B is given as its transpose, n x k (the weight gradient Σ δ_t h_tᵀ).
    let transposesB: Bool
    /// C = A B + C rather than C = A B.
    let accumulate: Bool

    private struct Tile {
        let row: Int, column: Int, depth: Int
        let kernel: UnsafeRawPointer
    }
    /// nil: the product runs in BLAS.
    private var tiles: [Tile]?

    static let rowTile = 256
    static let columnTile = 64
    static let depthTile = 256

    /// Whether generated kernels are used at all (tests compare both ways).
    nonisolated(unsafe) static var usesGeneratedKernels = true

    init(m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int, transposesB: Bool = false, accumulate: Bool) {
        precondition(m >= 0 && n >= 0 && k >= 0 && lda >= Swift.max(1, m) && ldc >= Swift.max(1, m)
                     && ldb >= Swift.max(1, transposesB ? n : k))
        self.m = m; self.n = n; self.k = k
        self.lda = lda; self.ldb = ldb; self.ldc = ldc
        self.transposesB = transposesB
        self.accumulate = accumulate
        tiles = nil
        if FixedShapeProduct.usesGeneratedKernels && m > 0 && n > 0 && k > 0 { tiles = tilesAndKernels() }
    }

    /// The tiles of the product, depth blocks outermost (each tile of A is used for a whole
    /// row of tiles of C before the next), and their kernels; nil if libxsmm lacks one.
    private func tilesAndKernels() -> [Tile]? {
        typealias P = FixedShapeProduct
        var kernels: [[Int]: UnsafeRawPointer] = [:]
        var tiles: [Tile] = []
        for depth in stride(from: 0, to: k, by: P.depthTile) {
            let adds = accumulate || depth > 0
            for row in stride(from: 0, to: m, by: P.rowTile) {
                for column in stride(from: 0, to: n, by: P.columnTile) {
                    let shape = [Swift.min(P.rowTile, m - row), Swift.min(P.columnTile, n - column),
                                 Swift.min(P.depthTile, k - depth), adds ? 1 : 0]
                    if kernels[shape] == nil {
                        guard let kernel = urnn_xsmm_dispatch(Int32(shape[0]), Int32(shape[1]), Int32(shape[2]), Int32(lda),
                                                              Int32(ldb), Int32(ldc), transposesB, adds ? 1 : 0)
                        else { return nil }
                        kernels[shape] = kernel
                    }
                    tiles.append(Tile(row: row, column: column, depth: depth, kernel: kernels[shape]!))
                }
            }
        }
        return tiles
    }

    /// Whether generated kernels run this product (false: BLAS).
    var isGenerated: Bool { tiles != nil }

    func callAsFunction(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>) {
        guard let tiles else {
            Double.blasGemm(.none, transposesB ? .transpose : .none, m: m, n: n, k: k, alpha: 1, a, lda: lda, b, ldb: ldb,
                            beta: accumulate ? 1 : 0, c, ldc: ldc)
            return
        }
        for tile in tiles {
            let bTile = transposesB ? b + tile.column + tile.depth * ldb : b + tile.depth + tile.column * ldb
            urnn_xsmm_call(tile.kernel, a + tile.row + tile.depth * lda, bTile, c + tile.row + tile.column * ldc)
        }
    }
}

/// Complex products on the real kernels. libxsmm has no complex kernels, but a complex
/// column of k numbers stored interleaved (re, im) is a real column of 2k doubles, and
/// y = α op(A) x is ŷ = Â x̂ with Â the 2m x 2k real matrix of 2 x 2 blocks
/// [[Re a, −Im a], [Im a, Re a]] for each element a of α op(A): the same 8mkn flops as the
/// complex product, and the same products and sums per element, in another order.
extension FixedShapeProduct {
    /// Â for α op(A), where op(A) is m x k: 2m x 2k, column-major.
    static func realEmbedding(_ op: MatrixOperation, rows m: Int, cols k: Int, alpha: Complex<Double> = .one,
                              _ a: UnsafePointer<Complex<Double>>, lda: Int) -> [Double] {
        let ld = 2 * m
        var e = [Double](repeating: 0, count: ld * 2 * k)
        e.withUnsafeMutableBufferPointer { buffer in
            let pe: UnsafeMutablePointer<Double> = buffer.baseAddress!
            for p in 0..<k {
                let even: UnsafeMutablePointer<Double> = pe + 2 * p * ld  // column 2p of Â
                let odd: UnsafeMutablePointer<Double> = even + ld          // column 2p + 1
                for i in 0..<m {
                    let element: Complex<Double>
                    switch op {
                    case .none: element = a[i + p * lda]
                    case .transpose: element = a[p + i * lda]
                    case .adjoint: element = a[p + i * lda].conjugate
                    }
                    let v: Complex<Double> = alpha * element
                    even[2 * i] = v.real
                    even[2 * i + 1] = v.imaginary
                    odd[2 * i] = -v.imaginary
                    odd[2 * i + 1] = v.real
                }
            }
        }
        return e
    }

    /// C = α op(A) B (+ C) on the real kernels, for B as it is, β 0 or 1 and at least 8
    /// columns (below that, forming Â costs as much as the product); false (nothing done)
    /// where it does not apply or libxsmm has no kernel.
    static func complexProduct(_ opA: MatrixOperation, m: Int, n: Int, k: Int, alpha: Complex<Double>,
                               _ a: UnsafePointer<Complex<Double>>, lda: Int,
                               _ b: UnsafePointer<Complex<Double>>, ldb: Int,
                               accumulate: Bool, _ c: UnsafeMutablePointer<Complex<Double>>, ldc: Int) -> Bool {
        guard usesGeneratedKernels, n >= 8, m > 0, k > 0 else { return false }
        let whole = FixedShapeProduct(m: 2 * m, n: n, k: 2 * k, lda: 2 * m, ldb: 2 * ldb, ldc: 2 * ldc,
                                      accumulate: accumulate)
        guard whole.isGenerated else { return false }
        let embedded = realEmbedding(opA, rows: m, cols: k, alpha: alpha, a, lda: lda)
        let rb = UnsafeRawPointer(b).assumingMemoryBound(to: Double.self)
        let rc = UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self)
        embedded.withUnsafeBufferPointer { pe in
            if BLASThreads.splits(m: m, n: n, k: k) {
                BLASThreads.forEachColumnPart(n) { first, count in
                    FixedShapeProduct(m: 2 * m, n: count, k: 2 * k, lda: 2 * m, ldb: 2 * ldb, ldc: 2 * ldc,
                                      accumulate: accumulate)(pe.baseAddress!, rb + 2 * first * ldb, rc + 2 * first * ldc)
                }
            } else {
                whole(pe.baseAddress!, rb, rc)
            }
        }
        return true
    }
}
