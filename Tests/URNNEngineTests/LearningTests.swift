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

    func testExperiment() throws {
        let data = Dataset.adding(try AddingTask(length: 30, trainSize: 10_000, testSize: 500, seed: 7))
        let start = Date()
        for (kind, steps, lr, lrW) in [(ModelConfig.Kind.urnn, 1500, 3e-3, 3e-4), (.urnn, 1500, 1e-2, 1e-3), (.urnn, 1500, 3e-3, 3e-3)] {
            let (l, learner) = try trainOn(data, config(kind, data, hidden: 64), steps: steps, batch: 64, lr: lr, lrW: lrW)
            print("adding", kind, steps, lr, "loss", l, "baseline", data.baseline!, "secs", Date().timeIntervalSince(start),
                  learner.history.steps.suffix(1).map(\.loss))
        }
    }
}
