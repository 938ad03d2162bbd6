/// `seed`: the seed document's rule with the sign for descent, A ← A − lr M, then
/// W = exp(A), with M = G Wᴴ − W Gᴴ (`riemannianGradient`).
///
/// Unitarity: M is skew to the last bit, so A stays skew and W = exp(A) is unitary to
/// the rounding of one expm (near 1e-15), however long it trains.
enum SeedRule: UpdateRuleKind {
    static let name = "seed"
    static let summary = "the seed talk's rule with the sign for descent: A <- A - lr_w M, then W = exp(A)."

    static let guarantee = "Unitary to rounding: ||W W^H - I|| stays near 1e-15 however long it trains."

    static func make<F: UnitaryField>(generator a0: DenseMatrix<F>) throws -> any RecurrenceRule<F> {
        State(a0)
    }

    final class State<F: UnitaryField>: RecurrenceRule {
        /// "A" in full (n x n).
        let a: Parameter
        init(_ a0: DenseMatrix<F>) { a = Parameter(name: "A", fieldMatrix: a0, role: .retracted) }

        var parameters: [Parameter] { [a] }
        var generator: DenseMatrix<F>? { a.fieldMatrix(F.self) }
        func formMatrix() throws -> DenseMatrix<F> { try expm(a.fieldMatrix(F.self)) }
        func setGradient(fromMatrixGradient g: DenseMatrix<F>) throws { a.gradient = F.storage(g.elements) }

        func step(learningRate lr: Double, matrix w: DenseMatrix<F>) throws {
            let m = riemannianGradient(a.fieldMatrix(F.self, ofGradient: true), at: w)
            var next = a.fieldMatrix(F.self)
            next.add(m, scaledBy: F(real: -lr))
            a.value = F.storage(next.elements)
        }
    }
}
