import XCTest
@testable import URNNEngine

/// 10,000 updates of W with random gradients (unit Frobenius norm) at lr 0.1, H = 32.
final class UnitarityTests: XCTestCase {
    let h = 32, updates = 10_000, lr = 0.1

    /// Runs the updates through the same code paths as training and returns ‖W Wᵀ − I‖_F.
    func driftAfterUpdates(_ rule: UpdateRule) throws -> Double {
        let cfg = ModelConfig(kind: .urnn, hidden: h, inputSize: 2, symbolInputs: false, outputSize: 1,
                              rule: rule, generatorInit: .henaff, seed: 1)
        let model = try makeModel(cfg)
        let recurrent = model.parameters[0]
        var optimizer = Optimizer(kind: .sgd)
        var g = SeededGenerator(seed: 42)
        for _ in 0..<updates {
            var grad = (0..<recurrent.count).map { _ in g.normal() }
            let norm = grad.reduce(0) { $0 + $1 * $1 }.squareRoot()
            grad = grad.map { $0 / norm }
            recurrent.gradient = grad
            optimizer.step([recurrent], learningRate: lr, recurrentLearningRate: lr)
            try model.applyRecurrentRules(learningRate: lr)
            try model.parametersDidChange()
        }
        return try model.recurrentMatrix.unitarityError()
    }

    func testExactSeedGeodesicStayUnitary() throws {
        for rule in [UpdateRule.exact, .seed, .geodesic] {
            let e = try driftAfterUpdates(rule)
            XCTAssertLessThanOrEqual(e, 1e-12, "rule \(rule): unitarity error \(e) > tolerance 1e-12")
        }
    }

    func testCayleyStaysUnitary() throws {
        let e = try driftAfterUpdates(.cayley)
        XCTAssertLessThanOrEqual(e, 1e-10, "rule cayley: unitarity error \(e) > tolerance 1e-10")
    }

    func testFreeDrifts() throws {
        let e = try driftAfterUpdates(.free)
        XCTAssertGreaterThan(e, 1.0, "rule free should drift far from orthogonal, error \(e)")
    }

    func testSeedRuleIsTheFormula() throws {
        // A ← A − lr (G Wᵀ − W Gᵀ), then W = exp(A).
        let cfg = ModelConfig(kind: .urnn, hidden: 5, inputSize: 1, symbolInputs: false, outputSize: 1, rule: .seed, seed: 2)
        let model = try makeModel(cfg)
        var g = SeededGenerator(seed: 3)
        let a = model.parameters[0].matrix
        let w = try expm(a)
        let gm = Matrix.randomNormal(rows: 5, cols: 5, using: &g)
        model.parameters[0].gradient = gm.elements
        try model.applyRecurrentRules(learningRate: 0.3)
        let expectedA = a - (gm * w.transposed() - w * gm.transposed()) * 0.3
        XCTAssertLessThan((model.parameters[0].matrix - expectedA).frobeniusNorm, 1e-14)
        guard case .real(let wNew) = model.recurrentMatrix else { return XCTFail("real W expected") }
        XCTAssertLessThan((wNew - (try expm(expectedA))).frobeniusNorm, 1e-13)
    }

    func testCayleyAndGeodesicRulesAreTheFormulas() throws {
        for rule in [UpdateRule.cayley, .geodesic] {
            let cfg = ModelConfig(kind: .urnn, hidden: 5, inputSize: 1, symbolInputs: false, outputSize: 1, rule: rule, seed: 2)
            let model = try makeModel(cfg)
            var g = SeededGenerator(seed: 3)
            let w = model.parameters[0].matrix
            let gm = Matrix.randomNormal(rows: 5, cols: 5, using: &g)
            model.parameters[0].gradient = gm.elements
            try model.applyRecurrentRules(learningRate: 0.2)
            let m = gm * w.transposed() - w * gm.transposed()
            let expected: Matrix
            if rule == .cayley {
                expected = try (Matrix.identity(5) + m * 0.1).solve((Matrix.identity(5) - m * 0.1) * w)
            } else {
                expected = try expm(m * -0.2) * w
            }
            XCTAssertLessThan((model.parameters[0].matrix - expected).frobeniusNorm, 1e-13, "rule \(rule)")
        }
    }
}
