import Foundation
import XCTest
@testable import URNNEngine

/// Learning on a budget of steps (not time). The baselines get the same budget and
/// their result is printed beside, not asserted.
final class LearningTests: XCTestCase {
    func trainOn(_ data: Dataset, _ config: ModelConfig, steps: Int, batch: Int, lr: Double, lrW: Double,
                 optimizer: OptimizerKind = .rmsprop, clip: Double? = 1) throws -> (loss: Double, learner: Learner) {
        let learner = Learner(model: try makeModel(config))
        var source = try data.trainingSource(batchSize: batch, length: 0, carry: false, seed: config.seed)
        _ = try Trainer.train(learner, on: &source, settings: TrainingSettings(
            budget: .steps(steps), learningRate: lr, recurrentLearningRate: lrW, optimizer: optimizer, clip: clip))
        let test = try learner.model.evaluate(data.evaluationBatches(batchSize: 250, length: 0))
        return (test.meanLoss, learner)
    }

    func config(_ kind: ModelConfig.Kind, _ data: Dataset, hidden: Int, rule: UpdateRule = .exact) -> ModelConfig {
        ModelConfig(kind: kind, hidden: hidden, inputSize: data.inputSize, symbolInputs: data.symbolInputs,
                    outputSize: data.outputSize, rule: rule, seed: 1)
    }

    func copyTask() throws -> Dataset { .copy(try CopyTask(delay: 30, trainSize: 10_000, testSize: 500, seed: 7)) }
    func addingTask() throws -> Dataset { .adding(try AddingTask(length: 30, trainSize: 10_000, testSize: 500, seed: 7)) }

    /// Trains `config` on `data` and asserts the held-out loss is below 10% of the baseline.
    func assertLearns(_ data: Dataset, _ config: ModelConfig, steps: Int, lr: Double, lrW: Double,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let start = Date()
        let (loss, _) = try trainOn(data, config, steps: steps, batch: 64, lr: lr, lrW: lrW)
        let bar = 0.1 * data.baseline!
        print("learning: \(config.summary): held-out loss \(loss), bar \(bar) (10% of baseline \(data.baseline!)), "
              + "\(steps) steps in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        XCTAssertLessThan(loss, bar, "\(config.summary): held-out loss \(loss) not below \(bar) after \(steps) steps",
                          file: file, line: line)
    }

    /// The same budget for the vanilla RNN, printed beside and not asserted.
    func printBaselineModel(_ data: Dataset, _ kind: ModelConfig.Kind, steps: Int, lr: Double) throws {
        let (loss, _) = try trainOn(data, config(kind, data, hidden: 64), steps: steps, batch: 64, lr: lr, lrW: lr)
        print("learning (not asserted): \(kind) on the same budget: held-out loss \(loss), baseline \(data.baseline!)")
    }

    func testOrthogonalRNNCopiesAtT30() throws {
        let data = try copyTask()
        try assertLearns(data, config(.urnn, data, hidden: 64), steps: 300, lr: 1e-3, lrW: 1e-4)
        try printBaselineModel(data, .rnn, steps: 300, lr: 1e-3)
    }

    func testComplexUnitaryRNNCopiesAtT30() throws {
        let data = try copyTask()
        var c = config(.urnn, data, hidden: 48)
        c.field = .complex
        try assertLearns(data, c, steps: 300, lr: 1e-3, lrW: 1e-4)
    }

    func testStructuredURNNCopiesAtT30() throws {
        let data = try copyTask()
        var c = config(.urnn, data, hidden: 128)
        c.structure = .arjovsky
        try assertLearns(data, c, steps: 200, lr: 1e-3, lrW: 1e-3)
    }

    func testOrthogonalRNNAddsAtT30() throws {
        let data = try addingTask()
        try assertLearns(data, config(.urnn, data, hidden: 64), steps: 2000, lr: 3e-3, lrW: 3e-3)
        try printBaselineModel(data, .rnn, steps: 2000, lr: 3e-3)
    }

    func testLSTMAddsAtT30() throws {
        let data = try addingTask()
        try assertLearns(data, config(.lstm, data, hidden: 64), steps: 1500, lr: 3e-3, lrW: 3e-3)
    }
}
