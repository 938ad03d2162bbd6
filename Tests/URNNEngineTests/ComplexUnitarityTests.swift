import XCTest
import Numerics
@testable import URNNEngine

/// 10,000 updates of the complex W with random gradients (unit norm over the recurrent
/// tensors) at lr 0.1, H = 32, through the same code paths as training.
final class ComplexUnitarityTests: XCTestCase {
    let h = 32, updates = 10_000, lr = 0.1

    func config(_ rule: UpdateRule, structure: ModelConfig.Structure = .dense, hidden: Int? = nil) -> ModelConfig {
        ModelConfig(kind: .urnn, hidden: hidden ?? h, inputSize: 2, symbolInputs: false, outputSize: 1,
                    rule: rule, field: .complex, structure: structure, generatorInit: .henaff, seed: 1)
    }

    /// Returns ‖W Wᴴ − I‖_F after the updates.
    func driftAfterUpdates(_ rule: UpdateRule, structure: ModelConfig.Structure = .dense) throws -> Double {
        let model = try makeModel(config(rule, structure: structure))
        let recurrent = model.parameters.filter { $0.role != .standard }
        XCTAssertFalse(recurrent.isEmpty)
        var optimizer = Optimizer(kind: .sgd)
        var g = SeededGenerator(seed: 42)
        for _ in 0..<updates {
            let total = recurrent.reduce(0) { $0 + $1.count }
            var grad = (0..<total).map { _ in g.normal() }
            let norm = grad.reduce(0) { $0 + $1 * $1 }.squareRoot()
            grad = grad.map { $0 / norm }
            var offset = 0
            for p in recurrent {
                p.gradient = Array(grad[offset..<(offset + p.count)])
                offset += p.count
            }
            optimizer.step(recurrent, learningRate: lr, recurrentLearningRate: lr)
            try model.applyRecurrentRules(learningRate: lr)
            try model.parametersDidChange()
        }
        return try model.recurrentMatrix.unitarityError()
    }

    func testExactStaysUnitary() throws {
        let e = try driftAfterUpdates(.exact)
        XCTAssertLessThanOrEqual(e, 1e-12, "complex exact: unitarity error \(e) > tolerance 1e-12")
    }

    func testSeedStaysUnitary() throws {
        let e = try driftAfterUpdates(.seed)
        XCTAssertLessThanOrEqual(e, 1e-12, "complex seed: unitarity error \(e) > tolerance 1e-12")
    }

    func testGeodesicStaysUnitary() throws {
        let e = try driftAfterUpdates(.geodesic)
        XCTAssertLessThanOrEqual(e, 1e-12, "complex geodesic: unitarity error \(e) > tolerance 1e-12")
    }

    func testCayleyStaysUnitary() throws {
        let e = try driftAfterUpdates(.cayley)
        XCTAssertLessThanOrEqual(e, 1e-10, "complex cayley: unitarity error \(e) > tolerance 1e-10")
    }

    func testFreeDrifts() throws {
        let e = try driftAfterUpdates(.free)
        XCTAssertGreaterThan(e, 1.0, "complex free should drift far from unitary, error \(e)")
    }

    func testArjovskyStaysUnitary() throws {
        // Every factor is unitary for any θ and v: no drift can build up.
        let e = try driftAfterUpdates(.exact, structure: .arjovsky)
        XCTAssertLessThanOrEqual(e, 1e-12, "arjovsky: unitarity error \(e) > tolerance 1e-12")
    }

    /// A model with a random G in the gradient slot of its W-sized tensor, and that G.
    func modelWithGradient(_ rule: UpdateRule) throws -> (RecurrentModel, ComplexMatrix) {
        let model = try makeModel(config(rule, hidden: 5))
        var g = SeededGenerator(seed: 3)
        let gm = ComplexMatrix.randomNormal(rows: 5, cols: 5, using: &g)
        model.parameters[0].setComplexGradient(gm)
        return (model, gm)
    }

    func testSeedRuleIsTheFormula() throws {
        // A ← A − lr (G Wᴴ − W Gᴴ), then W = exp(A).
        let (model, gm) = try modelWithGradient(.seed)
        let a = model.parameters[0].complexMatrix
        let w = try expm(a)
        try model.applyRecurrentRules(learningRate: 0.3)
        let expectedA = a - (gm * w.adjoint() - w * gm.adjoint()) * Complex(0.3)
        XCTAssertLessThan((model.parameters[0].complexMatrix - expectedA).frobeniusNorm, 1e-14)
        XCTAssertLessThan(try (skewHermitian(expectedA) - expectedA).frobeniusNorm, 1e-15, "A stays skew-Hermitian")
        guard case .complex(let wNew) = model.recurrentMatrix else { return XCTFail("complex W expected") }
        XCTAssertLessThan((wNew - (try expm(expectedA))).frobeniusNorm, 1e-13)
    }

    func testCayleyAndGeodesicRulesAreTheFormulas() throws {
        for rule in [UpdateRule.cayley, .geodesic] {
            let (model, gm) = try modelWithGradient(rule)
            let w = model.parameters[0].complexMatrix
            try model.applyRecurrentRules(learningRate: 0.2)
            let m = gm * w.adjoint() - w * gm.adjoint()
            let i5 = ComplexMatrix.identity(5)
            let expected = rule == .cayley
                ? try (i5 + m * Complex(0.1)).solve((i5 - m * Complex(0.1)) * w)
                : try expm(m * Complex(-0.2)) * w
            XCTAssertLessThan((model.parameters[0].complexMatrix - expected).frobeniusNorm, 1e-13, "rule \(rule)")
        }
    }

    func testFreeRuleIsTheFormula() throws {
        let (model, gm) = try modelWithGradient(.free)
        let w = model.parameters[0].complexMatrix
        try model.applyRecurrentRules(learningRate: 0.2)
        XCTAssertLessThan((model.parameters[0].complexMatrix - (w - gm * Complex(0.2))).frobeniusNorm, 1e-15)
    }

    func testRulesDescend() throws {
        // With G = ∂L/∂Re W + i ∂L/∂Im W of a real loss, a small step of each rule lowers
        // the loss: the sign conventions of ĝ and of M agree. cayley and geodesic move W
        // by −lr M W to first order, and Re⟨G, M W⟩ = ‖G‖² − Re tr(Gᴴ W Gᴴ W) ≥ 0. seed
        // moves A by −lr M, which is that same step only where exp is flat (A = 0);
        // elsewhere it is the seed's approximation, not a guaranteed descent.
        for rule in [UpdateRule.seed, .cayley, .geodesic, .free] {
            let model = try makeModel(ModelConfig(kind: .urnn, hidden: 4, inputSize: 3, symbolInputs: true, outputSize: 3,
                                                  rule: rule, field: .complex,
                                                  generatorInit: rule == .seed ? .zero : .random, seed: 6))
            let batch = tinyBatch(steps: 6, batch: 4, inputs: 3, outputs: 3, symbols: true, seed: 9)
            let before = try model.run(batch, state: nil, options: RunOptions(backward: true)).summary.meanLoss
            try model.applyRecurrentRules(learningRate: 1e-3)
            let after = try model.run(batch, state: nil, options: RunOptions(backward: false)).summary.meanLoss
            XCTAssertLessThan(after, before, "rule \(rule): loss \(before) -> \(after)")
        }
    }
}
