/// `geodesic`: a step along the geodesic, W ← exp(−lr M) W, with M = G Wᴴ − W Gᴴ
/// (`riemannianGradient`).
///
/// Unitarity: exp of a matrix skew to the last bit is unitary to the rounding of one
/// expm and one product; ‖WᴴW − I‖ stays near 1e-15.
enum GeodesicRule: UpdateRuleKind {
    static let name = "geodesic"
    static let summary = "a step along the geodesic: W <- exp(-lr_w M) W."

    static let guarantee = "Unitary to rounding: ||W W^H - I|| stays near 1e-15 however long it trains."

    static func make<F: UnitaryField>(generator a0: DenseMatrix<F>) throws -> any RecurrenceRule<F> {
        try RetractedMatrix(a0) { m, w, lr in try expm(m * F(real: -lr)) * w }
    }
}

/// The state of a rule that keeps W itself and moves it along the group by a
/// retraction of M = G Wᴴ − W Gᴴ (cayley, geodesic): "W" in full, updated by the rule,
/// not by the optimizer.
final class RetractedMatrix<F: UnitaryField>: RecurrenceRule {
    /// The new W from M, W and the learning rate.
    typealias Retraction = (_ m: DenseMatrix<F>, _ w: DenseMatrix<F>, _ learningRate: Double) throws -> DenseMatrix<F>
    let w: Parameter
    private let retraction: Retraction

    init(_ a0: DenseMatrix<F>, retraction: @escaping Retraction) throws {
        w = Parameter(name: "W", fieldMatrix: try expm(a0), role: .retracted)
        self.retraction = retraction
    }

    var parameters: [Parameter] { [w] }
    var generator: DenseMatrix<F>? { nil }
    func formMatrix() throws -> DenseMatrix<F> { w.fieldMatrix(F.self) }
    func setGradient(fromMatrixGradient g: DenseMatrix<F>) throws { w.gradient = F.storage(g.elements) }

    func step(learningRate lr: Double, matrix current: DenseMatrix<F>) throws {
        let m = riemannianGradient(w.fieldMatrix(F.self, ofGradient: true), at: current)
        w.value = F.storage(try retraction(m, current, lr).elements)
    }
}
