import XCTest
import Numerics
@testable import URNNEngine

/// Finite differences on every real scalar (real and imaginary parts apart) against
/// the analytic gradients ĝ = ∂L/∂Re + i ∂L/∂Im of the complex models.
final class ComplexGradientTests: XCTestCase {
    func complexConfig(rule: UpdateRule, activation: Activation = .modrelu, symbols: Bool = true,
                       structure: ModelConfig.Structure = .dense, hidden: Int = 5,
                       generatorInit: GeneratorInit = .random, seed: UInt64 = 3) -> ModelConfig {
        ModelConfig(kind: .urnn, hidden: hidden, inputSize: 3, symbolInputs: symbols, outputSize: 4,
                    activation: activation, rule: rule, field: .complex, structure: structure,
                    generatorInit: generatorInit, seed: seed)
    }

    /// modReLU's bias moves every unit away from its cut-off at r + b = 0.
    func setModBias(_ model: RecurrentModel, _ value: Double) {
        if let p = model.parameters.first(where: { $0.name == "b_mod" }) { p.value = p.value.map { _ in value } }
    }

    func testExactEveryActivationAndInputKind() throws {
        for act in [Activation.modrelu, .tanh, .sigmoid, .relu] {
            for symbols in [true, false] {
                let model = try makeModel(complexConfig(rule: .exact, activation: act, symbols: symbols))
                XCTAssertTrue(model is ComplexUnitaryRNN)
                setModBias(model, -0.05)
                let batch = tinyBatch(steps: 6, batch: 2, inputs: 3, outputs: 4, symbols: symbols, seed: 5)
                assertGradientsMatch(try finiteDifferenceErrors(model, batch), "complex exact \(act) symbols=\(symbols)")
            }
        }
    }

    func testExactEveryInit() throws {
        for initKind in GeneratorInit.allCases {
            let model = try makeModel(complexConfig(rule: .exact, generatorInit: initKind, seed: 8))
            setModBias(model, 0.1)
            let batch = tinyBatch(steps: 5, batch: 3, inputs: 3, outputs: 4, symbols: true, seed: 6)
            assertGradientsMatch(try finiteDifferenceErrors(model, batch), "complex exact init=\(initKind)")
        }
    }

    func testMatrixGradientOfRetractedRules() throws {
        // cayley, geodesic and free store W itself, so ∂L/∂Re W + i ∂L/∂Im W is checked directly.
        for rule in [UpdateRule.cayley, .geodesic, .free] {
            let model = try makeModel(complexConfig(rule: rule, symbols: false, hidden: 4, generatorInit: .henaff, seed: 9))
            XCTAssertEqual(model.parameters[0].name, "W")
            setModBias(model, -0.1)
            let batch = tinyBatch(steps: 5, batch: 3, inputs: 3, outputs: 4, symbols: false, seed: 2)
            assertGradientsMatch(try finiteDifferenceErrors(model, batch), "complex \(rule)")
        }
    }

    func testSeedStoresTheGradientOfW() throws {
        // Under `seed` the parameter is A but its gradient slot holds G = ∂L/∂W (the
        // rule needs G); checked against finite differences of a free model with the
        // same W.
        let seedModel = try makeModel(complexConfig(rule: .seed, symbols: false, hidden: 4, generatorInit: .henaff))
        let freeModel = try makeModel(complexConfig(rule: .free, symbols: false, hidden: 4, generatorInit: .henaff))
        let batch = tinyBatch(steps: 4, batch: 2, inputs: 3, outputs: 4, symbols: false, seed: 1)
        _ = try seedModel.run(batch, state: nil, options: RunOptions(backward: true))
        let errors = try finiteDifferenceErrors(freeModel, batch)
        assertGradientsMatch(errors, "complex free (reference for seed)")
        let diff = zip(seedModel.parameters[0].gradient, freeModel.parameters[0].gradient).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThan(diff, 1e-12, "seed's stored G differs from the free model's ∂L/∂W by \(diff)")
    }

    func testCarriedStateAndTruncation() throws {
        let model = try makeModel(complexConfig(rule: .exact, hidden: 4))
        setModBias(model, 0.05)
        let batch = tinyBatch(steps: 7, batch: 2, inputs: 3, outputs: 4, symbols: true, seed: 4)
        var g = SeededGenerator(seed: 8)
        let h0 = HiddenState.complex(ComplexMatrix.randomNormal(rows: 4, cols: 2, std: 0.5, using: &g))
        assertGradientsMatch(try finiteDifferenceErrors(model, batch, state: h0), "complex exact with carried state")
        _ = try model.run(batch, state: h0, options: RunOptions(backward: true))
        let full = model.parameters[0].gradient
        _ = try model.run(batch, state: h0, options: RunOptions(backward: true, truncation: 3))
        let truncated = model.parameters[0].gradient
        _ = try model.run(batch, state: h0, options: RunOptions(backward: true, truncation: 7))
        XCTAssertEqual(model.parameters[0].gradient, full)
        XCTAssertNotEqual(truncated, full)
        // A real state is refused with a clear error, not a crash.
        let wrong = HiddenState.real(Matrix(rows: 4, cols: 2))
        XCTAssertThrowsError(try model.run(batch, state: wrong, options: RunOptions(backward: false)))
    }

    func testArjovskyEveryParameter() throws {
        // H a power of two and not: the FFT path must be exact for both.
        for (hidden, symbols) in [(4, true), (6, false), (5, true)] {
            let model = try makeModel(complexConfig(rule: .exact, symbols: symbols, structure: .arjovsky,
                                                    hidden: hidden, seed: UInt64(hidden)))
            setModBias(model, -0.05)
            let names = Set(model.parameters.map(\.name))
            XCTAssertTrue(names.isSuperset(of: ["theta1", "theta2", "theta3", "v1", "v2", "U", "b", "b_mod", "V", "c"]))
            let batch = tinyBatch(steps: 5, batch: 3, inputs: 3, outputs: 4, symbols: symbols, seed: 12)
            assertGradientsMatch(try finiteDifferenceErrors(model, batch), "arjovsky H=\(hidden)")
        }
    }

    func testGradientFlowIsRecorded() throws {
        for structure in [ModelConfig.Structure.dense, .arjovsky] {
            let model = try makeModel(complexConfig(rule: .exact, structure: structure, hidden: 4))
            let batch = tinyBatch(steps: 6, batch: 2, inputs: 3, outputs: 4, symbols: true, seed: 3)
            let r = try model.run(batch, state: nil, options: RunOptions(backward: true, recordGradientFlow: true))
            let flow = try XCTUnwrap(r.gradientFlow)
            XCTAssertEqual(flow.count, 6)
            XCTAssertTrue(flow.allSatisfy { $0.isFinite && $0 > 0 }, "\(structure): flow \(flow)")
        }
    }

    func testArjovskyRefusesOtherRules() {
        XCTAssertThrowsError(try makeModel(complexConfig(rule: .seed, structure: .arjovsky))) { error in
            XCTAssertTrue("\(error)".contains("rule=exact"), "\(error)")
        }
    }
}
