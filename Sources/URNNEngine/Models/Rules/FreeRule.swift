/// `free`: plain gradient steps W ← W − lr G from a unitary start W = exp(A₀), with no
/// constraint (on the real and imaginary parts when complex): the control that shows
/// unitarity drifting.
///
/// Unitarity: none; ‖WᴴW − I‖ grows with the steps.
enum FreeRule: UpdateRuleKind {
    static let name = "free"
    static let summary = """
        plain gradient steps W <- W - lr_w G from a unitary start, no constraint: the \
        control that shows unitarity drifting.
        """

    static let guarantee = "No guarantee: ||W W^H - I|| drifts."

    static func make<F: UnitaryField>(generator a0: DenseMatrix<F>) throws -> any RecurrenceRule<F> {
        State(try expm(a0))
    }

    final class State<F: UnitaryField>: RecurrenceRule {
        let w: Parameter
        init(_ w0: DenseMatrix<F>) { w = Parameter(name: "W", fieldMatrix: w0, role: .retracted) }

        var parameters: [Parameter] { [w] }
        var generator: DenseMatrix<F>? { nil }
        func formMatrix() throws -> DenseMatrix<F> { w.fieldMatrix(F.self) }
        func setGradient(fromMatrixGradient g: DenseMatrix<F>) throws { w.gradient = F.storage(g.elements) }

        func step(learningRate: Double, matrix _: DenseMatrix<F>) throws {
            for k in w.value.indices { w.value[k] -= learningRate * w.gradient[k] }
        }
    }
}
