import Foundation
import Numerics

/// The recurrent matrix of a complex cell as a parametrisation: it applies W and Wᴴ
/// to blocks of states, turns the gradients of the products W h_{t−1} into
/// gradients of its own parameters, and applies its update rule. The cell that holds
/// it does not know whether W is dense (exp of a skew-Hermitian generator, or free)
/// or a structured product.
///
/// Gradients follow `Parameter`'s convention, ĝ = ∂L/∂Re + i ∂L/∂Im.
protocol ComplexRecurrence: AnyObject {
    /// The tensors the trainer sees.
    var parameters: [Parameter] { get }
    /// W assembled as a dense H x H matrix (for inspection and checks).
    var matrix: ComplexMatrix { get }
    /// The generator A when there is one (W = exp(A)).
    var generator: ComplexMatrix? { get }
    /// Recomputes derived quantities after the optimizer changed the parameters.
    func refresh() throws
    /// The products and gradient accumulators of one pass over `columns` sequences (a
    /// batch or one thread's part of it). A pass is used by one thread; several passes
    /// of the same recurrence may run at once.
    func makePass(columns: Int) throws -> ComplexRecurrencePass
    /// Stores the parameters' gradients given the parts returned by the passes'
    /// `gradientPart` (summed here, so that e.g. a Fréchet adjoint runs once).
    func setGradient(summing parts: [[Double]]) throws
    /// Applies the rule's own update to `.retracted` parameters at `learningRate`.
    func applyRule(learningRate: Double) throws
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

    /// The interleaved doubles of complex numbers (Complex<Double> is two doubles, re first).
    private func reals(_ p: UnsafePointer<Complex<Double>>) -> UnsafePointer<Double> {
        UnsafeRawPointer(p).assumingMemoryBound(to: Double.self)
    }
    private func reals(_ p: UnsafeMutablePointer<Complex<Double>>) -> UnsafeMutablePointer<Double> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: Double.self)
    }
}

/// A dense complex W trained without constraint: the `free` control.
final class FreeComplexRecurrence: DenseComplexRecurrence {
    let w: Parameter
    init(_ w0: ComplexMatrix) { w = Parameter(name: "W", complexMatrix: w0, role: .retracted) }
    var parameters: [Parameter] { [w] }
    var matrix: ComplexMatrix { w.complexMatrix }
    var generator: ComplexMatrix? { nil }
    func refresh() throws {}
    func setGradient(fromMatrixGradient g: ComplexMatrix) throws { w.setComplexGradient(g) }
    func applyRule(learningRate: Double) throws {
        // A plain step on the real and imaginary parts: W ← W − lr G.
        for k in w.value.indices { w.value[k] -= learningRate * w.gradient[k] }
    }
}

/// W = exp(A) with A skew-Hermitian, under one of the rules exact, seed, cayley,
/// geodesic.
final class ExpSkewHermitianRecurrence: DenseComplexRecurrence {
    let rule: UpdateRule
    let n: Int
    /// exact: "A", the strict upper triangle of A (n(n−1)/2 complex values, column by
    /// column), and "A_diag", the n real θ_i with A_ii = iθ_i; seed: "A" in full (n x n
    /// complex); cayley/geodesic: "W" in full.
    let state: [Parameter]
    private(set) var matrix: ComplexMatrix

    init(generator a0: ComplexMatrix, rule: UpdateRule) throws {
        precondition(rule != .free, "the free rule is a FreeComplexRecurrence")
        self.rule = rule
        n = a0.rows
        matrix = try expm(a0)
        switch rule {
        case .exact:
            let (upper, diagonal) = ExpSkewHermitianRecurrence.pack(a0)
            state = [Parameter(name: "A", rows: n * (n - 1) / 2, cols: 1, isComplex: true, role: .recurrent,
                               value: interleaved(upper)),
                     Parameter(name: "A_diag", rows: n, cols: 1, role: .recurrent, value: diagonal)]
        case .seed:
            state = [Parameter(name: "A", complexMatrix: a0, role: .retracted)]
        default:
            state = [Parameter(name: "W", complexMatrix: matrix, role: .retracted)]
        }
    }

    var parameters: [Parameter] { state }

    var generator: ComplexMatrix? {
        switch rule {
        case .exact: return unpackedGenerator
        case .seed: return state[0].complexMatrix
        default: return nil
        }
    }

    private var unpackedGenerator: ComplexMatrix {
        ExpSkewHermitianRecurrence.unpack(upper: complexValues(state[0].value), diagonal: state[1].value, n)
    }

    /// The parameter values `matrix` was computed from.
    private var refreshedFrom: [[Double]] = []
    /// exp(A) with the terms its gradient at the same A reuses (rule exact), for the A
    /// of `refreshedFrom`.
    private var expTerms: ExpmWithTerms<Complex<Double>>?

    /// Threads for the n x n products of exp(A) and its gradient, which run while the
    /// training passes wait (`BLASThreads.splittingProducts`); complex products are four
    /// times the work of real ones, so from n = 128.
    private var matrixThreads: Int { n >= 128 ? Parallelism.threads : 1 }

    func refresh() throws {
        // A training step calls this after the rule (which refreshes itself) and again
        // after the optimizer: skip the exponential when nothing changed. Unchanged
        // arrays share storage, so the comparison is usually a pointer check.
        let current = state.map(\.value)
        if current == refreshedFrom { return }
        try BLASThreads.splittingProducts(over: matrixThreads) {
            expTerms = nil
            switch rule {
            case .exact:
                let terms = try ExpmWithTerms(unpackedGenerator)
                matrix = terms.exp
                expTerms = terms
            case .seed: matrix = try expm(state[0].complexMatrix)
            default: matrix = state[0].complexMatrix
            }
        }
        refreshedFrom = current
    }

    func setGradient(fromMatrixGradient g: ComplexMatrix) throws {
        guard rule == .exact else { return state[0].setComplexGradient(g) }
        // Ĝ_A = L(Aᴴ, G) is the gradient of Re⟨G, exp(A)⟩ for A a free complex matrix.
        // The packed entries enter A as a at (i, j) and −conj(a) at (j, i) (i < j), and
        // iθ at (i, i). From dL = Re(conj(Ĝ_ij) da) + Re(conj(Ĝ_ji) (−conj(da))):
        //   ĝ_a = Ĝ_ij − conj(Ĝ_ji);   ∂L/∂θ_i = Re(conj(Ĝ_ii) i) = Im Ĝ_ii.
        let ga = try BLASThreads.splittingProducts(over: matrixThreads) {
            if let expTerms, state.map(\.value) == refreshedFrom { return try expTerms.adjointGradient(g) }
            return try expmFrechetAdjoint(unpackedGenerator, g).gradient
        }
        var k = 0
        for j in 0..<n {
            for i in 0..<j {
                let d = ga[i, j] - ga[j, i].conjugate
                state[0].gradient[2 * k] = d.real
                state[0].gradient[2 * k + 1] = d.imaginary
                k += 1
            }
        }
        for i in 0..<n { state[1].gradient[i] = ga[i, i].imaginary }
    }

    func applyRule(learningRate lr: Double) throws {
        guard rule != .exact else { return }
        let w = matrix
        // M = G Wᴴ − W Gᴴ, formed as X − Xᴴ with X = G Wᴴ so that it is skew-Hermitian
        // to the last bit: then exp(−lr M) and the Cayley factor are unitary up to the
        // rounding of their own evaluation, and A stays skew-Hermitian under `seed`.
        let x = DenseMatrix.product(state[0].complexMatrix(ofGradient: true), .none, w, .adjoint)
        let m = ComplexMatrix(rows: n, cols: n) { i, j in x[i, j] - x[j, i].conjugate }
        switch rule {
        case .seed:
            var a = state[0].complexMatrix
            a.add(m, scaledBy: Complex(-lr))
            state[0].setComplexValue(a)
        case .cayley:
            let half = m * Complex(lr / 2)
            let numerator = (ComplexMatrix.identity(n) - half) * w
            state[0].setComplexValue(try half.addingIdentity(scaledBy: .one).solve(numerator))
        case .geodesic:
            state[0].setComplexValue(try BLASThreads.splittingProducts(over: matrixThreads) { try expm(m * Complex(-lr)) * w })
        default:
            break
        }
        try refresh()
    }

    /// The strict upper triangle (column by column) and the imaginary diagonal of A.
    static func pack(_ a: ComplexMatrix) -> (upper: [Complex<Double>], diagonal: [Double]) {
        var upper: [Complex<Double>] = []
        upper.reserveCapacity(a.rows * (a.rows - 1) / 2)
        for j in 0..<a.cols { for i in 0..<j { upper.append(a[i, j]) } }
        return (upper, (0..<a.rows).map { a[$0, $0].imaginary })
    }

    /// The skew-Hermitian A with the given strict upper triangle and diagonal iθ.
    static func unpack(upper: [Complex<Double>], diagonal: [Double], _ n: Int) -> ComplexMatrix {
        var a = ComplexMatrix(rows: n, cols: n)
        var k = 0
        for j in 0..<n {
            for i in 0..<j { a[i, j] = upper[k]; a[j, i] = -upper[k].conjugate; k += 1 }
            a[j, j] = Complex(0, diagonal[j])
        }
        return a
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

/// Initial skew-Hermitian generators, as `GeneratorInit` says.
enum ComplexInit {
    /// - henaff: 2x2 rotation blocks with angles U(−π, π) (Henaff et al. 2016) and a
    ///   random phase iφ_k, φ_k ~ U(−π, π), on every diagonal entry: W is block
    ///   diagonal with blocks of the form diag(e^{iφ}) times a rotation.
    /// - cayley: the real Cayley blocks of expRNN (−tan(u/2), u ~ U(0, π/2)) and no
    ///   phases: a real orthogonal start inside the unitary group.
    /// - random: the skew-Hermitian part of a complex Gaussian with E|x|² = 1/H.
    /// - zero: A = 0, W = I.
    static func skewHermitianGenerator(_ kind: GeneratorInit, n: Int, using g: inout SeededGenerator) -> ComplexMatrix {
        switch kind {
        case .zero:
            return ComplexMatrix(rows: n, cols: n)
        case .random:
            let x = ComplexMatrix.randomNormal(rows: n, cols: n, std: 1 / Double(n).squareRoot(), using: &g)
            return ComplexMatrix(rows: n, cols: n) { i, j in (x[i, j] - x[j, i].conjugate) * Complex(0.5) }
        case .henaff, .cayley:
            // The real blocks come from the real initialiser, so the two fields draw
            // the same rotations from the same seed.
            var a = ComplexMatrix(real: RecurrentInit.skewGenerator(kind, n: n, using: &g))
            if kind == .henaff {
                for i in 0..<n { a[i, i] = Complex(0, g.uniform(-Double.pi, Double.pi)) }
            }
            return a
        }
    }
}
