import XCTest
@testable import URNNEngine

final class ElmanGradientTests: XCTestCase {
    func testRNNEveryActivation() throws {
        for act in [Activation.tanh, .relu, .sigmoid] {
            for symbols in [true, false] {
                let cfg = ModelConfig(kind: .rnn, hidden: 5, inputSize: 3, symbolInputs: symbols, outputSize: 4,
                                      activation: act, denseInit: .gaussian, seed: 7)
                let model = try makeModel(cfg)
                let batch = tinyBatch(steps: 6, batch: 3, inputs: 3, outputs: 4, symbols: symbols, seed: 11)
                assertGradientsMatch(try finiteDifferenceErrors(model, batch), "rnn \(act) symbols=\(symbols)")
            }
        }
    }

    func testOrthogonalExactEveryActivation() throws {
        for act in [Activation.modrelu, .tanh, .sigmoid] {
            let cfg = ModelConfig(kind: .urnn, hidden: 6, inputSize: 3, symbolInputs: true, outputSize: 4,
                                  activation: act, rule: .exact, generatorInit: .random, seed: 3)
            let model = try makeModel(cfg)
            // modReLU's bias moves every unit away from its kink at 0.
            if let p = model.parameters.first(where: { $0.name == "b_mod" }) { p.value = p.value.map { _ in 0.1 } }
            let batch = tinyBatch(steps: 7, batch: 2, inputs: 3, outputs: 4, symbols: true, seed: 5)
            assertGradientsMatch(try finiteDifferenceErrors(model, batch), "urnn exact \(act)")
        }
    }

    func testMatrixGradientOfRetractedRules() throws {
        // cayley, geodesic and free store W itself, so ∂L/∂W is checked directly.
        for rule in [UpdateRule.cayley, .geodesic, .free] {
            let cfg = ModelConfig(kind: .urnn, hidden: 4, inputSize: 2, symbolInputs: false, outputSize: 2,
                                  activation: .tanh, rule: rule, generatorInit: .henaff, seed: 9)
            let model = try makeModel(cfg)
            let batch = tinyBatch(steps: 5, batch: 3, inputs: 2, outputs: 2, symbols: false, seed: 2)
            assertGradientsMatch(try finiteDifferenceErrors(model, batch), "urnn \(rule)")
        }
    }

    func testTruncatedBPTTAndCarriedState() throws {
        let cfg = ModelConfig(kind: .rnn, hidden: 4, inputSize: 3, symbolInputs: true, outputSize: 3, seed: 1)
        let model = try makeModel(cfg)
        let batch = tinyBatch(steps: 7, batch: 2, inputs: 3, outputs: 3, symbols: true, seed: 4)
        var g = SeededGenerator(seed: 8)
        let h0 = HiddenState.real(Matrix.randomNormal(rows: 4, cols: 2, std: 0.5, using: &g))
        assertGradientsMatch(try finiteDifferenceErrors(model, batch, state: h0), "rnn with carried state")
        // With truncation the analytic gradient is of a different (truncated) objective: it
        // must differ from the full one, and equal it when the chunk covers the sequence.
        let full = try model.run(batch, state: h0, options: RunOptions(backward: true))
        let wFull = model.parameters[0].gradient
        _ = try model.run(batch, state: h0, options: RunOptions(backward: true, truncation: 3))
        let wTrunc = model.parameters[0].gradient
        _ = try model.run(batch, state: h0, options: RunOptions(backward: true, truncation: 7))
        XCTAssertEqual(model.parameters[0].gradient, wFull)
        XCTAssertNotEqual(wTrunc, wFull)
        XCTAssertGreaterThan(full.summary.count, 0)
    }
}

final class LSTMGradientTests: XCTestCase {
    func testLSTMGradients() throws {
        for symbols in [true, false] {
            let cfg = ModelConfig(kind: .lstm, hidden: 4, inputSize: 3, symbolInputs: symbols, outputSize: 3, seed: 5)
            let model = try makeModel(cfg)
            let batch = tinyBatch(steps: 6, batch: 2, inputs: 3, outputs: 3, symbols: symbols, seed: 9)
            var g = SeededGenerator(seed: 1)
            let state = HiddenState.lstm(h: Matrix.randomNormal(rows: 4, cols: 2, std: 0.3, using: &g),
                                         c: Matrix.randomNormal(rows: 4, cols: 2, std: 0.3, using: &g))
            assertGradientsMatch(try finiteDifferenceErrors(model, batch, state: state), "lstm symbols=\(symbols)")
        }
    }

    func testForgetBiasStartsAtOne() throws {
        let model = try makeModel(ModelConfig(kind: .lstm, hidden: 3, inputSize: 2, symbolInputs: true, outputSize: 2))
        let b = model.parameters.first { $0.name == "b" }!.value
        XCTAssertEqual(Array(b[3..<6]), [1, 1, 1])
        XCTAssertEqual(Array(b[0..<3]) + Array(b[6..<12]), [Double](repeating: 0, count: 9))
    }
}
