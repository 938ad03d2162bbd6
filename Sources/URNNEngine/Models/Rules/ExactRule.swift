/// `exact`: W = exp(A) with A skew; the exact gradient ∂L/∂A through the exponential
/// (the adjoint of its Fréchet derivative), then the optimizer on A's free entries at
/// lr_w (expRNN, Lezcano-Casado & Martínez-Rubio 2019).
///
/// Unitarity: W is exp of a matrix skew by construction (A is stored as its free
/// entries), so ‖WᴴW − I‖ is the rounding of one expm, near 1e-15, however long it trains.
enum ExactRule: UpdateRuleKind {
    static let name = "exact"
    static let summary = """
        W = exp(A), A skew-symmetric (skew-Hermitian); the exact gradient dL/dA through \
        the exponential (the adjoint of its Frechet derivative), then the optimizer on A \
        at lr_w (expRNN, Lezcano-Casado & Martinez-Rubio 2019).
        """

    static let guarantee = "Unitary to rounding: ||W W^H - I|| stays near 1e-15 however long it trains."

    static func make<F: UnitaryField>(generator a0: DenseMatrix<F>) throws -> any RecurrenceRule<F> {
        State(a0)
    }

    final class State<F: UnitaryField>: RecurrenceRule {
        let n: Int
        /// "A" (and "A_diag" when complex): see `SkewGenerator`.
        let parameters: [Parameter]
        /// exp(A) with the terms its gradient at the same A reuses, and the values of A
        /// they were computed from.
        private var expTerms: ExpmWithTerms<F>?
        private var termsFrom: [[Double]] = []

        init(_ a0: DenseMatrix<F>) {
            n = a0.rows
            parameters = SkewGenerator.parameters(packing: a0, role: .recurrent)
        }

        var generator: DenseMatrix<F>? { SkewGenerator.unpack(parameters, n: n) }

        func formMatrix() throws -> DenseMatrix<F> {
            expTerms = nil
            let terms = try ExpmWithTerms(SkewGenerator.unpack(parameters, n: n) as DenseMatrix<F>)
            expTerms = terms
            termsFrom = parameters.map(\.value)
            return terms.exp
        }

        func setGradient(fromMatrixGradient g: DenseMatrix<F>) throws {
            // Ĝ_A = L(Aᴴ, G), the gradient of Re⟨G, exp(A)⟩ for A a free matrix.
            let ga: DenseMatrix<F>
            if let expTerms, parameters.map(\.value) == termsFrom {
                ga = try expTerms.adjointGradient(g)
            } else {
                ga = try expmFrechetAdjoint(SkewGenerator.unpack(parameters, n: n) as DenseMatrix<F>, g).gradient
            }
            SkewGenerator.setGradient(ga, of: parameters)
        }

        /// The optimizer moves A.
        func step(learningRate: Double, matrix w: DenseMatrix<F>) throws {}
    }
}
