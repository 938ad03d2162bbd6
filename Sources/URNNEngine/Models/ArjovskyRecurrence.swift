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
        for sign in [FFTW_FORWARD, FFTW_BACKWARD] { _ = try FFTPlanCache.shared.plan(size: n, columns: n, sign: sign, aligned: true) }
        try refresh()
    }

    var parameters: [Parameter] { [theta1, theta2, theta3, v1, v2] }
    /// Unused: the structured product has no large products between passes.
    var threads = 1
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

    func makePass(columns: Int) throws -> ComplexRecurrencePass {
        try ArjovskyPass(n: n, columns: columns, permutation: permutation, phases: phases, reflections: reflections)
    }

    /// The parts are [∂L/∂θ1, ∂L/∂θ2, ∂L/∂θ3, ĝ_v1, ĝ_v2 (interleaved)], 7H reals.
    func setGradient(summing parts: [[Double]]) throws {
        guard !parts.isEmpty else { return }
        let sum = summed(parts)
        theta1.gradient = Array(sum[0..<n]); theta2.gradient = Array(sum[n..<(2 * n)])
        theta3.gradient = Array(sum[(2 * n)..<(3 * n)])
        v1.gradient = Array(sum[(3 * n)..<(5 * n)]); v2.gradient = Array(sum[(5 * n)..<(7 * n)])
    }

    /// The optimizer updates θ and v; there is no rule of its own.
    func applyRule(learningRate: Double) throws {}
}
