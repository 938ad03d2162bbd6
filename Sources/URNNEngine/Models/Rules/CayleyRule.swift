/// `cayley`: the full-capacity uRNN's retraction (Wisdom et al. 2016),
/// W ← (I + lr/2 M)⁻¹ (I − lr/2 M) W, with M = G Wᴴ − W Gᴴ (`riemannianGradient`).
///
/// Unitarity: the Cayley factor of a skew M is unitary, but it is evaluated by an LU
/// solve whose rounding accumulates in W from step to step: ‖WᴴW − I‖ stays near 1e-13.
enum CayleyRule: UpdateRuleKind {
    static let name = "cayley"
    static let summary = "full-capacity uRNN (Wisdom et al. 2016): W <- (I + lr_w/2 M)^-1 (I - lr_w/2 M) W."

    static let guarantee = "Unitary up to the LU solve's rounding, which accumulates: ||W W^H - I|| near 1e-13."

    static func make<F: UnitaryField>(generator a0: DenseMatrix<F>) throws -> any RecurrenceRule<F> {
        try RetractedMatrix(a0) { m, w, lr in
            let half = m * F(real: lr / 2)
            let numerator = (DenseMatrix<F>.identity(m.rows) - half) * w
            return try half.addingIdentity(scaledBy: .one).solve(numerator)
        }
    }
}
