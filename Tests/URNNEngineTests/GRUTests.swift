import Foundation
import XCTest
@testable import URNNEngine

/// The GRU: its gradient against finite differences, its batch split, its checkpoint,
/// and learning on a step budget.
final class GRUTests: XCTestCase {
    func config(hidden: Int = 4, inputs: Int = 3, outputs: Int = 3, symbols: Bool = true, seed: UInt64 = 5) -> ModelConfig {
        ModelConfig(kind: .gru, hidden: hidden, inputSize: inputs, symbolInputs: symbols, outputSize: outputs, seed: seed)
    }

    /// Biases away from zero, so that every term of the backward pass is exercised.
    func perturbedModel(_ cfg: ModelConfig) throws -> RecurrentModel {
        let model = try makeModel(cfg)
        var g = SeededGenerator(seed: 11)
        for p in model.parameters where p.name == "b" || p.name == "b_hn" { p.value = p.value.map { _ in g.normal() * 0.5 } }
        return model
    }

    func testGradientsMatchFiniteDifferences() throws {
        for symbols in [true, false] {
            let model = try perturbedModel(config(symbols: symbols))
            let batch = tinyBatch(steps: 6, batch: 2, inputs: 3, outputs: 3, symbols: symbols, seed: 9)
            var g = SeededGenerator(seed: 1)
            let state = HiddenState.real(Matrix.randomNormal(rows: 4, cols: 2, std: 0.3, using: &g))
            assertGradientsMatch(try finiteDifferenceErrors(model, batch, state: state), "gru symbols=\(symbols)")
        }
    }

    func testTruncatedGradientsMatchFiniteDifferencesOfTheTruncatedLoss() throws {
        // With truncation the analytic gradient is not the loss's, so only check that
        // it differs from the full one and that the untruncated one is exact (above).
        let model = try perturbedModel(config())
        let batch = tinyBatch(steps: 6, batch: 2, inputs: 3, outputs: 3, symbols: true, seed: 9)
        _ = try model.run(batch, state: nil, options: RunOptions(backward: true))
        let full = model.parameters[0].gradient
        _ = try model.run(batch, state: nil, options: RunOptions(backward: true, truncation: 2))
        XCTAssertNotEqual(model.parameters[0].gradient, full)
    }

    func testSplitBatchEqualsOneThread() throws {
        let model = try perturbedModel(config())
        let batch = tinyBatch(steps: 5, batch: 32, inputs: 3, outputs: 3, symbols: true, seed: 6)
        model.threads = 2
        let split = try model.run(batch, state: nil, options: RunOptions(backward: true))
        let splitGradients = model.parameters.map(\.gradient)
        model.threads = 1
        let whole = try model.run(batch, state: nil, options: RunOptions(backward: true))
        XCTAssertEqual(split.summary.lossSum, whole.summary.lossSum, accuracy: 1e-12 * abs(whole.summary.lossSum))
        for (p, g) in zip(model.parameters, splitGradients) {
            for (a, b) in zip(p.gradient, g) { XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(a)), p.name) }
        }
    }

    func testStepFollowsTheFormula() throws {
        // One step from h_0 = 0 with one symbol: compare h_1 with the formula written out.
        let h = 3
        let model = try perturbedModel(config(hidden: h, inputs: 2, outputs: 2))
        let p = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0) })
        let batch = SequenceBatch(input: .symbols([[1]]), target: .symbols([[0]]))
        var g = SeededGenerator(seed: 2)
        let h0 = Matrix.randomNormal(rows: h, cols: 1, std: 0.5, using: &g)
        let result = try model.run(batch, state: .real(h0), options: RunOptions(backward: false))
        guard case .real(let h1) = result.finalState else { return XCTFail("real state expected") }
        let wh = p["W_h"]!.matrix, wx = p["W_x"]!.matrix, b = p["b"]!.value, bhn = p["b_hn"]!.value
        func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        for i in 0..<h {
            func rowDot(_ row: Int) -> Double { (0..<h).reduce(0) { $0 + wh[row, $1] * h0[$1, 0] } }
            let r = sigmoid(wx[i, 1] + b[i] + rowDot(i))
            let z = sigmoid(wx[h + i, 1] + b[h + i] + rowDot(h + i))
            let n = tanh(wx[2 * h + i, 1] + b[2 * h + i] + r * (rowDot(2 * h + i) + bhn[i]))
            let expected = (1 - z) * n + z * h0[i, 0]
            XCTAssertEqual(h1[i, 0], expected, accuracy: 1e-14, "h_1[\(i)]")
        }
    }

    func testCheckpointResumesBitForBit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-gru-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func learner() throws -> Learner { Learner(model: try makeModel(config(hidden: 6, seed: 4))) }
        func train(_ l: Learner, steps: Int) throws {
            var source = EchoSource()
            _ = try Trainer.train(l, on: &source, settings: TrainingSettings(budget: .steps(steps), learningRate: 0.01,
                                                                             optimizer: .adam, clip: 1))
        }
        let straight = try learner()
        try train(straight, steps: 30)
        let first = try learner()
        try train(first, steps: 12)
        let url = dir.appendingPathComponent("g.urnnm")
        try Checkpoint.save(first, to: url)
        let resumed = try Checkpoint.load(from: url)
        XCTAssertEqual(resumed.config.kind, .gru)
        try train(resumed, steps: 18)
        XCTAssertEqual(resumed.history.withoutTimes, straight.history.withoutTimes)
        for (a, b) in zip(resumed.model.parameters, straight.model.parameters) { XCTAssertEqual(a.value, b.value, a.name) }
    }

    /// The adding task at T = 30 on the LSTM's budget (LearningTests): the held-out loss
    /// below 10% of the baseline (measured: 0.0071 against a bar of 0.0167).
    func testAddsAtT30() throws {
        let data = Dataset.adding(try AddingTask(length: 30, trainSize: 10_000, testSize: 500, seed: 7))
        let cfg = ModelConfig(kind: .gru, hidden: 64, inputSize: data.inputSize, symbolInputs: data.symbolInputs,
                              outputSize: data.outputSize, seed: 1)
        let learner = Learner(model: try makeModel(cfg))
        var source = try data.trainingSource(batchSize: 64, length: 0, carry: false, seed: cfg.seed)
        _ = try Trainer.train(learner, on: &source, settings: TrainingSettings(
            budget: .steps(1500), learningRate: 3e-3, recurrentLearningRate: 3e-3, optimizer: .rmsprop, clip: 1))
        let loss = try learner.model.evaluate(data.evaluationBatches(batchSize: 250, length: 0)).meanLoss
        let bar = 0.1 * data.baseline!
        print("learning: \(cfg.summary): held-out loss \(loss), bar \(bar) (10% of baseline \(data.baseline!))")
        XCTAssertLessThan(loss, bar, "\(cfg.summary): held-out loss \(loss) not below \(bar) after 1500 steps")
    }
}
