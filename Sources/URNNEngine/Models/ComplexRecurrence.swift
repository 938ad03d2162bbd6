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
    /// W X for an H x B block.
    func multiply(_ x: ComplexMatrix) throws -> ComplexMatrix
    /// Wᴴ X for an H x B block: the backward of `multiply` for its input.
    func multiplyAdjoint(_ x: ComplexMatrix) throws -> ComplexMatrix
    /// Stores the parameters' gradients given the gradients `outputs` (H x N) of the
    /// products W h at every step and the matching inputs h (H x N), N = T·B; the
    /// columns come in blocks of `blockColumns` (B).
    func setGradient(outputs dz: ComplexMatrix, inputs prev: ComplexMatrix, blockColumns: Int) throws
    /// Applies the rule's own update to `.retracted` parameters at `learningRate`.
    func applyRule(learningRate: Double) throws
}

/// A parametrisation that yields W as a dense matrix: W h is one product and the
/// gradient of W itself is G = Σ_t ĝ_t h_{t−1}ᴴ (because Re⟨ĝ, W h⟩ = Re⟨ĝ hᴴ, W⟩).
protocol DenseComplexRecurrence: ComplexRecurrence {
    /// Stores the gradients of the parameters given G = ∂L/∂Re W + i ∂L/∂Im W.
    func setGradient(fromMatrixGradient g: ComplexMatrix) throws
}

extension DenseComplexRecurrence {
    func multiply(_ x: ComplexMatrix) -> ComplexMatrix { DenseMatrix.product(matrix, .none, x, .none) }
    func multiplyAdjoint(_ x: ComplexMatrix) -> ComplexMatrix { DenseMatrix.product(matrix, .adjoint, x, .none) }
    func setGradient(outputs dz: ComplexMatrix, inputs prev: ComplexMatrix, blockColumns: Int) throws {
        try setGradient(fromMatrixGradient: DenseMatrix.product(dz, .none, prev, .adjoint))
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

    func refresh() throws {
        // A training step calls this after the rule (which refreshes itself) and again
        // after the optimizer: skip the exponential when nothing changed. Unchanged
        // arrays share storage, so the comparison is usually a pointer check.
        let current = state.map(\.value)
        if current == refreshedFrom { return }
        switch rule {
        case .exact: matrix = try expm(unpackedGenerator)
        case .seed: matrix = try expm(state[0].complexMatrix)
        default: matrix = state[0].complexMatrix
        }
        refreshedFrom = current
    }

    func setGradient(fromMatrixGradient g: ComplexMatrix) throws {
        guard rule == .exact else { return state[0].setComplexGradient(g) }
        // Ĝ_A = L(Aᴴ, G) is the gradient of Re⟨G, exp(A)⟩ for A a free complex matrix.
        // The packed entries enter A as a at (i, j) and −conj(a) at (j, i) (i < j), and
        // iθ at (i, i). From dL = Re(conj(Ĝ_ij) da) + Re(conj(Ĝ_ji) (−conj(da))):
        //   ĝ_a = Ĝ_ij − conj(Ĝ_ji);   ∂L/∂θ_i = Re(conj(Ĝ_ii) i) = Im Ĝ_ii.
        let ga = try expmFrechetAdjoint(unpackedGenerator, g).gradient
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
            state[0].setComplexValue(try expm(m * Complex(-lr)) * w)
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
