import CFFTW
import Foundation
import Numerics

/// The structured unitary W of Arjovsky, Shah & Bengio (2016):
///
///     W = D3 R2 F⁻¹ D2 Π R1 F D1
///
/// D_k = diag(e^{iθ_k}) phase matrices, R_k = I − 2 v_k v_kᴴ/‖v_k‖² complex Householder
/// reflections, Π a fixed permutation, F the unitary DFT. Every factor is unitary, so W
/// is unitary for any parameters: the optimizer updates θ_k and v_k freely (role
/// `.recurrent`), with no retraction. A product W X costs O(H log H) per column and the
/// parameters are 7H real numbers (three θ, two complex v).
///
/// Π is not a parameter: it is drawn from the model's seed on a stream of its own, so a
/// checkpoint, which rebuilds the model from its configuration, gets the same Π back.
final class ArjovskyRecurrence: ComplexRecurrence {
    let n: Int
    /// (Π a)_i = a_{π(i)}.
    let permutation: [Int]
    let theta1, theta2, theta3: Parameter
    let v1, v2: Parameter
    private var phases: [[Complex<Double>]] = []       // e^{iθ_k}, k = 1, 2, 3
    private var reflections: [[Complex<Double>]] = []  // v_1, v_2
    private var dense: ComplexMatrix?

    /// θ_k ~ U(−π, π) and Re v, Im v ~ U(−1, 1), as in the paper's code.
    init(size n: Int, seed: UInt64, using g: inout SeededGenerator) throws {
        self.n = n
        // A fixed, distinct stream: Π depends on the seed alone, not on how many
        // numbers the other parameters drew before it.
        var pg = SeededGenerator(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        permutation = pg.permutation(n)
        func angles(_ name: String) -> Parameter {
            Parameter(name: name, rows: n, cols: 1, role: .recurrent,
                      value: (0..<n).map { _ in g.uniform(-Double.pi, Double.pi) })
        }
        func vector(_ name: String) -> Parameter {
            Parameter(name: name, rows: n, cols: 1, isComplex: true, role: .recurrent,
                      value: (0..<(2 * n)).map { _ in g.uniform(-1, 1) })
        }
        theta1 = angles("theta1"); theta2 = angles("theta2"); theta3 = angles("theta3")
        v1 = vector("v1"); v2 = vector("v2")
        // Plan the transforms `matrix` uses now, so that a failure is reported here.
        for sign in [FFTW_FORWARD, FFTW_BACKWARD] { _ = try FFTPlanCache.shared.plan(size: n, columns: n, sign: sign) }
        try refresh()
    }

    var parameters: [Parameter] { [theta1, theta2, theta3, v1, v2] }
    var generator: ComplexMatrix? { nil }

    /// W applied to the identity, column by column through the same code as training.
    var matrix: ComplexMatrix {
        if let dense { return dense }
        // The plans were made in `refresh`, so this cannot fail short of memory; a NaN
        // matrix then reports the failure through every inspection.
        let w = (try? multiply(ComplexMatrix.identity(n))) ?? ComplexMatrix(rows: n, cols: n, repeating: Complex(.nan))
        dense = w
        return w
    }

    func refresh() throws {
        phases = [theta1, theta2, theta3].map { p in p.value.map { Complex(Foundation.cos($0), Foundation.sin($0)) } }
        reflections = [complexValues(v1.value), complexValues(v2.value)]
        dense = nil
    }

    func multiply(_ x: ComplexMatrix) throws -> ComplexMatrix { try forwardTrace(x).y }

    /// Wᴴ = D1ᴴ F⁻¹ R1 Πᵀ D2ᴴ F R2 D3ᴴ (Fᴴ = F⁻¹, R_kᴴ = R_k).
    func multiplyAdjoint(_ x: ComplexMatrix) throws -> ComplexMatrix {
        var a = ArjovskyRecurrence.phase(x, phases[2], conjugate: true)
        a = ArjovskyRecurrence.reflect(a, reflections[1])
        a = try UnitaryDFT.forward(a)
        a = ArjovskyRecurrence.phase(a, phases[1], conjugate: true)
        a = permuteTransposed(a)
        a = ArjovskyRecurrence.reflect(a, reflections[0])
        a = try UnitaryDFT.inverse(a)
        return ArjovskyRecurrence.phase(a, phases[0], conjugate: true)
    }

    /// The intermediate products the gradients need.
    private struct Trace {
        var d1Out, r1In, d2Out, r2In, y: ComplexMatrix
    }

    private func forwardTrace(_ x: ComplexMatrix) throws -> Trace {
        let d1Out = ArjovskyRecurrence.phase(x, phases[0], conjugate: false)
        let r1In = try UnitaryDFT.forward(d1Out)
        let d2Out = ArjovskyRecurrence.phase(permute(ArjovskyRecurrence.reflect(r1In, reflections[0])), phases[1], conjugate: false)
        let r2In = try UnitaryDFT.inverse(d2Out)
        let y = ArjovskyRecurrence.phase(ArjovskyRecurrence.reflect(r2In, reflections[1]), phases[2], conjugate: false)
        return Trace(d1Out: d1Out, r1In: r1In, d2Out: d2Out, r2In: r2In, y: y)
    }

    func setGradient(outputs dz: ComplexMatrix, inputs prev: ComplexMatrix, blockColumns: Int) throws {
        var gTheta = [[Double]](repeating: [Double](repeating: 0, count: n), count: 3)
        var gV = [[Complex<Double>]](repeating: [Complex<Double>](repeating: .zero, count: n), count: 2)
        // One block of B columns at a time: the FFT plans of the forward pass serve,
        // and the trace is recomputed from h_{t−1} rather than stored for every step.
        let width = Swift.max(1, blockColumns)
        var start = 0
        while start < dz.cols {
            let range = start..<Swift.min(dz.cols, start + width)
            let t = try forwardTrace(prev.columns(range))
            // Backward through the factors, last first, with ĝ of each output.
            var g = dz.columns(range)
            ArjovskyRecurrence.accumulatePhaseGradient(output: t.y, g, into: &gTheta[2])
            g = ArjovskyRecurrence.phase(g, phases[2], conjugate: true)
            ArjovskyRecurrence.accumulateReflectionGradient(input: t.r2In, g, v: reflections[1], into: &gV[1])
            g = try UnitaryDFT.forward(ArjovskyRecurrence.reflect(g, reflections[1]))
            ArjovskyRecurrence.accumulatePhaseGradient(output: t.d2Out, g, into: &gTheta[1])
            g = permuteTransposed(ArjovskyRecurrence.phase(g, phases[1], conjugate: true))
            ArjovskyRecurrence.accumulateReflectionGradient(input: t.r1In, g, v: reflections[0], into: &gV[0])
            g = try UnitaryDFT.inverse(ArjovskyRecurrence.reflect(g, reflections[0]))
            ArjovskyRecurrence.accumulatePhaseGradient(output: t.d1Out, g, into: &gTheta[0])
            start = range.upperBound
        }
        theta1.gradient = gTheta[0]; theta2.gradient = gTheta[1]; theta3.gradient = gTheta[2]
        v1.gradient = interleaved(gV[0]); v2.gradient = interleaved(gV[1])
    }

    /// The optimizer updates θ and v; there is no rule of its own.
    func applyRule(learningRate: Double) throws {}

    // MARK: - The factors

    private func permute(_ a: ComplexMatrix) -> ComplexMatrix {
        var y = a
        for j in 0..<a.cols { for i in 0..<n { y.elements[j * n + i] = a.elements[j * n + permutation[i]] } }
        return y
    }

    /// Πᵀ: (Πᵀ g)_{π(i)} = g_i.
    private func permuteTransposed(_ g: ComplexMatrix) -> ComplexMatrix {
        var y = g
        for j in 0..<g.cols { for i in 0..<n { y.elements[j * n + permutation[i]] = g.elements[j * n + i] } }
        return y
    }

    /// diag(e^{iθ}) A, or its adjoint diag(e^{−iθ}) A.
    static func phase(_ a: ComplexMatrix, _ e: [Complex<Double>], conjugate: Bool) -> ComplexMatrix {
        var y = a
        let n = a.rows
        for j in 0..<a.cols {
            for i in 0..<n { y.elements[j * n + i] = a.elements[j * n + i] * (conjugate ? e[i].conjugate : e[i]) }
        }
        return y
    }

    /// y = e^{iθ} a per entry: dy = i y dθ, so ∂L/∂θ_i = Re(conj(ĝ_i) i y_i) = Im(ĝ_i conj(y_i)),
    /// summed over columns.
    static func accumulatePhaseGradient(output y: ComplexMatrix, _ g: ComplexMatrix, into grad: inout [Double]) {
        let n = y.rows
        for j in 0..<y.cols {
            for i in 0..<n {
                let yy = y.elements[j * n + i], gg = g.elements[j * n + i]
                grad[i] += gg.imaginary * yy.real - gg.real * yy.imaginary
            }
        }
    }

    /// (I − 2 v vᴴ/‖v‖²) A, column by column in O(H): y = a − 2 s v with s = vᴴa/‖v‖².
    /// A zero v is read as the identity (its reflection is undefined).
    static func reflect(_ a: ComplexMatrix, _ v: [Complex<Double>]) -> ComplexMatrix {
        let n = a.rows
        let norm2 = v.reduce(0) { $0 + $1.lengthSquared }
        guard norm2 > 0 else { return a }
        var y = a
        for j in 0..<a.cols {
            var s = Complex<Double>.zero
            for i in 0..<n { s = s + v[i].conjugate * a.elements[j * n + i] }
            let c = s * Complex(-2 / norm2)
            for i in 0..<n { y.elements[j * n + i] = a.elements[j * n + i] + c * v[i] }
        }
        return y
    }

    /// ĝ_v of y = a − 2 v s, s = vᴴa/m, m = ‖v‖², summed over columns. With c = ĝᴴv:
    /// dL = Re(ĝᴴ dy) = −2 Re(s ĝᴴ dv) − 2 Re(c ds), ds = (dvᴴa)/m − s dm/m, dm = 2 Re(vᴴdv):
    ///     ĝ_v = −2 conj(s) ĝ − (2c/m) a + (4 Re(c s)/m) v.
    static func accumulateReflectionGradient(input a: ComplexMatrix, _ g: ComplexMatrix, v: [Complex<Double>],
                                             into grad: inout [Complex<Double>]) {
        let n = a.rows
        let m = v.reduce(0) { $0 + $1.lengthSquared }
        guard m > 0 else { return }
        for j in 0..<a.cols {
            var s = Complex<Double>.zero, c = Complex<Double>.zero
            for i in 0..<n {
                s = s + v[i].conjugate * a.elements[j * n + i]
                c = c + g.elements[j * n + i].conjugate * v[i]
            }
            s = s * Complex(1 / m)
            let gs = s.conjugate * Complex(-2), ca = c * Complex(-2 / m)
            let cv = Complex(4 * (c * s).real / m)
            for i in 0..<n { grad[i] = grad[i] + gs * g.elements[j * n + i] + ca * a.elements[j * n + i] + cv * v[i] }
        }
    }
}
