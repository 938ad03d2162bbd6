import Foundation
import Numerics

/// The recurrent matrix of a complex cell as a parametrisation: it applies W and Wᴴ
/// to blocks of states, turns the gradients of the products W h_{t−1} into
/// gradients of its own parameters, and applies its update rule. The cell that holds
/// it does not know whether W is dense (exp of a skew-Hermitian generator, or free)
/// or a structured product.
///
/// Gradients follow `Parameter`'s convention, ĝ = ∂L/∂Re + i ∂L/∂Im.
protocol ComplexRecurrence: RecurrentParametrisation {
    /// W assembled as a dense H x H matrix (for inspection and checks).
    var matrix: ComplexMatrix { get }
    /// The generator A when there is one (W = exp(A)).
    var generator: ComplexMatrix? { get }
    /// The products and gradient accumulators of one pass over `columns` sequences (a
    /// batch or one thread's part of it). A pass is used by one thread; several passes
    /// of the same recurrence may run at once.
    func makePass(columns: Int) throws -> ComplexRecurrencePass
    /// Stores the parameters' gradients given the parts returned by the passes'
    /// `gradientPart` (summed here, so that e.g. a Fréchet adjoint runs once).
    func setGradient(summing parts: [[Double]]) throws
}

/// W and Wᴴ on H x B blocks held in raw column-major storage, with the backward of the
/// products W h_{t−1} step by step. B is the pass's `columns`.
protocol ComplexRecurrencePass: AnyObject {
    /// y = W x, or y += W x when `accumulate`.
    func multiply(_ x: UnsafePointer<Complex<Double>>, into y: UnsafeMutablePointer<Complex<Double>>, accumulate: Bool) throws
    /// Backward of y = W x at one step: takes ĝ_y (`dz`) and the step's input x (`prev`),
    /// accumulates what the parameters' gradients need, and writes ĝ_x = Wᴴ ĝ_y into `dx`
    /// when given (nil where the gradient is truncated).
    func backward(_ dz: UnsafePointer<Complex<Double>>, input prev: UnsafePointer<Complex<Double>>,
                  into dx: UnsafeMutablePointer<Complex<Double>>?) throws
    /// The pass's gradient contribution, given all the steps' ĝ_y (H x N) and inputs
    /// (H x N), N = T·B, after `backward` ran on every step. Parts of several passes add.
    func gradientPart(outputs dz: UnsafePointer<Complex<Double>>, inputs prev: UnsafePointer<Complex<Double>>,
                      steps: Int) throws -> [Double]
}

extension ComplexRecurrence {
    /// W X for an H x B block.
    func multiply(_ x: ComplexMatrix) throws -> ComplexMatrix {
        var y = ComplexMatrix(rows: x.rows, cols: x.cols)
        if x.cols == 0 { return y }
        let pass = try makePass(columns: x.cols)
        try x.elements.withUnsafeBufferPointer { px in
            try y.elements.withUnsafeMutableBufferPointer { py in
                try pass.multiply(px.baseAddress!, into: py.baseAddress!, accumulate: false)
            }
        }
        return y
    }

    /// Wᴴ X for an H x B block: the backward of `multiply` for its input.
    func multiplyAdjoint(_ x: ComplexMatrix) throws -> ComplexMatrix {
        var y = ComplexMatrix(rows: x.rows, cols: x.cols)
        if x.cols == 0 { return y }
        let pass = try makePass(columns: x.cols)
        // The input only feeds the parameters' gradients, which are discarded here.
        let prev = ComplexMatrix(rows: x.rows, cols: x.cols)
        try x.elements.withUnsafeBufferPointer { px in
            try prev.elements.withUnsafeBufferPointer { pp in
                try y.elements.withUnsafeMutableBufferPointer { py in
                    try pass.backward(px.baseAddress!, input: pp.baseAddress!, into: py.baseAddress!)
                }
            }
        }
        return y
    }
}

/// A parametrisation that yields W as a dense matrix: W h is one product and the
/// gradient of W itself is G = Σ_t ĝ_t h_{t−1}ᴴ (because Re⟨ĝ, W h⟩ = Re⟨ĝ hᴴ, W⟩).
protocol DenseComplexRecurrence: ComplexRecurrence {
    /// Stores the gradients of the parameters given G = ∂L/∂Re W + i ∂L/∂Im W.
    func setGradient(fromMatrixGradient g: ComplexMatrix) throws
}

extension DenseComplexRecurrence {
    func makePass(columns: Int) throws -> ComplexRecurrencePass { DenseComplexPass(matrix, columns: columns) }

    /// The parts are G of each pass, interleaved.
    func setGradient(summing parts: [[Double]]) throws {
        guard !parts.isEmpty else { return }
        let sum = summed(parts)
        let n = matrix.rows
        try setGradient(fromMatrixGradient: ComplexMatrix(rows: n, cols: n, elements: complexValues(sum)))
    }
}

/// The products of a dense W: one per step, and G = dZ Hᴴ as one product over all steps
/// at the end.
///
/// They run as real products on the interleaved (re, im) doubles, on libxsmm's generated
/// kernels: y = W x is ŷ = Ŵ x̂ with Ŵ the 2n x 2n real embedding of W
/// (`FixedShapeProduct.realEmbedding`), formed once per pass, as Wᴴ's is. The gradient
/// M = Δ̂ P̂ᵀ (2n x 2n, the same 8n² flops per column as the complex product) holds
/// Σ δ_r p_r, Σ δ_r p_i, Σ δ_i p_r and Σ δ_i p_i, from which G = Σ δ p̄ follows.
final class DenseComplexPass: ComplexRecurrencePass {
    let n: Int, columns: Int
    /// Ŵ and the embedding of Wᴴ, 2n x 2n each.
    private let forwardMatrix: [Double], adjointMatrix: [Double]
    private let product: FixedShapeProduct, accumulatingProduct: FixedShapeProduct

    init(_ w: ComplexMatrix, columns: Int) {
        n = w.rows
        self.columns = columns
        (forwardMatrix, adjointMatrix) = w.elements.withUnsafeBufferPointer { pw in
            (FixedShapeProduct.realEmbedding(.none, rows: w.rows, cols: w.cols, pw.baseAddress!, lda: w.rows),
             FixedShapeProduct.realEmbedding(.adjoint, rows: w.rows, cols: w.cols, pw.baseAddress!, lda: w.rows))
        }
        product = FixedShapeProduct(m: 2 * n, n: columns, k: 2 * n, lda: 2 * n, ldb: 2 * n, ldc: 2 * n, accumulate: false)
        accumulatingProduct = FixedShapeProduct(m: 2 * n, n: columns, k: 2 * n, lda: 2 * n, ldb: 2 * n, ldc: 2 * n,
                                                accumulate: true)
    }

    func multiply(_ x: UnsafePointer<Complex<Double>>, into y: UnsafeMutablePointer<Complex<Double>>, accumulate: Bool) {
        forwardMatrix.withUnsafeBufferPointer { pw in
            (accumulate ? accumulatingProduct : product)(pw.baseAddress!, reals(x), reals(y))
        }
    }

    func backward(_ dz: UnsafePointer<Complex<Double>>, input prev: UnsafePointer<Complex<Double>>,
                  into dx: UnsafeMutablePointer<Complex<Double>>?) {
        guard let dx else { return }
        adjointMatrix.withUnsafeBufferPointer { pw in product(pw.baseAddress!, reals(dz), reals(dx)) }
    }

    func gradientPart(outputs dz: UnsafePointer<Complex<Double>>, inputs prev: UnsafePointer<Complex<Double>>,
                      steps: Int) -> [Double] {
        var g = [Double](repeating: 0, count: 2 * n * n)
        let total = steps * columns
        guard total > 0 else { return g }
        let ld = 2 * n
        var m = [Double](repeating: 0, count: ld * ld)
        m.withUnsafeMutableBufferPointer { pm in
            FixedShapeProduct(m: ld, n: ld, k: total, lda: ld, ldb: ld, ldc: ld, transposesB: true, accumulate: false)(
                reals(dz), reals(prev), pm.baseAddress!)
        }
        // G_ij = Σ δ_i p̄_j = (Σ δ_r p_r + Σ δ_i p_i) + i (Σ δ_i p_r − Σ δ_r p_i).
        for j in 0..<n {
            for i in 0..<n {
                let rr = m[2 * i + 2 * j * ld], ri = m[2 * i + (2 * j + 1) * ld]
                let ir = m[2 * i + 1 + 2 * j * ld], ii = m[2 * i + 1 + (2 * j + 1) * ld]
                g[2 * (i + j * n)] = rr + ii
                g[2 * (i + j * n) + 1] = ir - ri
            }
        }
        return g
    }
}

/// Complex values from interleaved (re, im) pairs, and back.
func complexValues(_ v: [Double]) -> [Complex<Double>] {
    (0..<(v.count / 2)).map { Complex(v[2 * $0], v[2 * $0 + 1]) }
}

func interleaved(_ z: [Complex<Double>]) -> [Double] {
    var v = [Double](repeating: 0, count: 2 * z.count)
    for (k, x) in z.enumerated() { v[2 * k] = x.real; v[2 * k + 1] = x.imaginary }
    return v
}

extension Parameter {
    /// A complex tensor holding `m` (stored interleaved).
    convenience init(name: String, complexMatrix m: ComplexMatrix, role: Role = .standard) {
        self.init(name: name, rows: m.rows, cols: m.cols, isComplex: true, role: role, value: interleaved(m.elements))
    }

    /// The values of a complex tensor as a matrix.
    var complexMatrix: ComplexMatrix { complexMatrix(ofGradient: false) }

    func complexMatrix(ofGradient: Bool) -> ComplexMatrix {
        ComplexMatrix(rows: rows, cols: cols, elements: complexValues(ofGradient ? gradient : value))
    }

    func setComplexValue(_ m: ComplexMatrix) { value = interleaved(m.elements) }
    func setComplexGradient(_ m: ComplexMatrix) { gradient = interleaved(m.elements) }
}
