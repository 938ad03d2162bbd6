import XCTest
@testable import URNNEngine

/// The tiny echo task (`EchoSource`) cut into epochs of `batches` batches.
struct EpochEchoSource: BatchSource {
    var echo = EchoSource()
    var batches = 3
    var served = 0
    mutating func next(using g: inout SeededGenerator) throws -> (batch: SequenceBatch, carry: Bool)? {
        guard served < batches else { return nil }
        served += 1
        return try echo.next(using: &g)
    }
    mutating func rewind() { served = 0 }
    var batchesPerEpoch: Int? { batches }
}

/// Early stopping on scripted validation losses: where it stops, what it restores, and
/// that every model kind's snapshot brings back exactly what it computed.
final class EarlyStoppingTests: XCTestCase {
    func learner(_ config: ModelConfig) throws -> Learner { Learner(model: try makeModel(config)) }

    func echoLearner(rule: UpdateRule = .exact) throws -> Learner {
        try learner(ModelConfig(kind: .urnn, hidden: 6, inputSize: 3, symbolInputs: true, outputSize: 3, rule: rule, seed: 4))
    }

    func settings(_ budget: TrainingSettings.Budget, evaluateEvery: Int = 0, patience: Int?) -> TrainingSettings {
        TrainingSettings(budget: budget, learningRate: 0.01, optimizer: .adam, clip: 1, evaluateEvery: evaluateEvery,
                         patience: patience)
    }

    /// An `evaluate` that returns `losses` in turn and keeps the parameters it saw at each step.
    final class ScriptedValidation {
        let losses: [Double]
        let learner: Learner
        var seen: [Int: [[Double]]] = [:]
        var optimizers: [Int: Optimizer] = [:]
        init(_ losses: [Double], _ learner: Learner) { self.losses = losses; self.learner = learner }
        func evaluate() -> EvaluationRecord {
            let k = learner.history.evaluations.count
            seen[learner.stepsTaken] = learner.model.parameters.map(\.value)
            optimizers[learner.stepsTaken] = learner.optimizer
            return EvaluationRecord(step: learner.stepsTaken, loss: k < losses.count ? losses[k] : 100, accuracy: nil)
        }
    }

    func testVerdictsFollowTheLowestLoss() {
        var s = EarlyStopping(patience: 3)
        let losses = [5, 4, 4.5, 3.9, 3.9, .nan, 4.0, 3.0]
        let verdicts = losses.enumerated().map { s.record(EvaluationRecord(step: $0.offset, loss: $0.element, accuracy: nil), epoch: 0) }
        // An equal loss is no improvement; a NaN never is.
        XCTAssertEqual(verdicts, [.improved, .improved, .noImprovement, .improved, .noImprovement, .noImprovement,
                                  .exhausted, .improved])
        XCTAssertEqual(s.best?.loss, 3.0)
        XCTAssertEqual(s.evaluations, 8)

        var first = EarlyStopping(patience: 1)
        XCTAssertEqual(first.record(EvaluationRecord(step: 1, loss: .nan, accuracy: nil), epoch: 0), .exhausted)
        XCTAssertNil(first.best)
    }

    func testStopsAfterPatienceEvaluationsAndRestoresTheBestBitForBit() throws {
        let l = try echoLearner()
        // Evaluations every 2 steps: the best is the third (step 6); three more without a lower loss stop at step 12.
        let validation = ScriptedValidation([5, 4, 3, 3.5, 3.2, 3.0, 0.1], l)
        var source = EchoSource()
        let outcome = try Trainer.train(l, on: &source, settings: settings(.steps(100), evaluateEvery: 2, patience: 3),
                                        evaluate: validation.evaluate)
        XCTAssertEqual(outcome.reason, .noImprovement)
        XCTAssertEqual(outcome.steps, 12)
        XCTAssertEqual(l.stepsTaken, 12, "the history keeps every step taken")
        XCTAssertEqual(l.history.evaluations.map(\.step), [2, 4, 6, 8, 10, 12])
        XCTAssertEqual(outcome.selection?.best?.step, 6)
        XCTAssertEqual(outcome.selection?.sinceBest, 3)
        XCTAssertTrue(outcome.restoredBest)
        XCTAssertEqual(l.model.parameters.map(\.value), validation.seen[6]!, "parameters of step 6, bit for bit")
        XCTAssertEqual(l.optimizer, validation.optimizers[6]!, "optimizer state of step 6")

        // An independent reference: the same learner trained straight for 6 steps.
        let reference = try echoLearner()
        var again = EchoSource()
        _ = try Trainer.train(reference, on: &again, settings: settings(.steps(6), patience: nil))
        XCTAssertEqual(l.model.parameters.map(\.value), reference.model.parameters.map(\.value))
        var probeSource = EchoSource()
        let probe = try probeSource.next(using: &reference.generator)!.batch
        let keep = RunOptions(backward: false, keepOutputs: true)
        XCTAssertEqual(try l.model.run(probe, state: nil, options: keep).outputs?.elements,
                       try reference.model.run(probe, state: nil, options: keep).outputs?.elements,
                       "the derived W = exp(A) is that of step 6")

        // A later train continues from the restored state as the reference does from step 6.
        l.generator = reference.generator
        for x in [l, reference] {
            var more = EchoSource()
            _ = try Trainer.train(x, on: &more, settings: settings(.steps(5), patience: nil))
        }
        XCTAssertEqual(l.model.parameters.map(\.value), reference.model.parameters.map(\.value))
    }

    func testEpochEvaluationsStopAtTheRightEpoch() throws {
        let l = try echoLearner()
        let validation = ScriptedValidation([3, 2, 2.5, 2.1, 1.0], l)
        var source = EpochEchoSource()
        let outcome = try Trainer.train(l, on: &source, settings: settings(.epochs(10), patience: 2),
                                        evaluate: validation.evaluate)
        XCTAssertEqual(outcome.reason, .noImprovement)
        XCTAssertEqual(l.epochsCompleted, 4, "stopped after epoch 4")
        XCTAssertEqual(l.history.evaluations.map(\.step), [3, 6, 9, 12], "one evaluation after each epoch of 3 batches")
        XCTAssertEqual(outcome.selection?.bestEpoch, 2)
        XCTAssertEqual(outcome.selection?.best?.step, 6)
        XCTAssertEqual(l.model.parameters.map(\.value), validation.seen[6]!)
    }

    func testACompletedBudgetRestoresTheBestUnlessItIsTheLast() throws {
        for (losses, restored) in [([3.0, 2.0, 2.5], true), ([3.0, 2.0, 1.0], false)] {
            let l = try echoLearner()
            let validation = ScriptedValidation(losses, l)
            var source = EpochEchoSource()
            let outcome = try Trainer.train(l, on: &source, settings: settings(.epochs(3), patience: 5),
                                            evaluate: validation.evaluate)
            XCTAssertEqual(outcome.reason, .completed)
            XCTAssertEqual(l.history.evaluations.count, 3, "no second evaluation at the end")
            XCTAssertEqual(outcome.restoredBest, restored)
            XCTAssertEqual(outcome.selection?.bestEpoch, restored ? 2 : 3)
            XCTAssertEqual(l.model.parameters.map(\.value), validation.seen[restored ? 6 : 9]!)
        }
    }

    func testCancellationRestoresTheBestSoFar() throws {
        let l = try echoLearner()
        let validation = ScriptedValidation([3, 1, 2], l)
        var source = EchoSource()
        var checks = 0
        let outcome = try Trainer.train(l, on: &source, settings: settings(.steps(100), evaluateEvery: 2, patience: 5),
                                        evaluate: validation.evaluate, isCancelled: { checks += 1; return checks > 7 })
        XCTAssertEqual(outcome.reason, .cancelled)
        XCTAssertEqual(outcome.steps, 7)
        XCTAssertTrue(outcome.restoredBest)
        XCTAssertEqual(l.model.parameters.map(\.value), validation.seen[4]!)
    }

    func testPatienceWithoutEvaluationsIsAClearError() throws {
        let l = try echoLearner()
        var endless = EchoSource()
        XCTAssertThrowsError(try Trainer.train(l, on: &endless, settings: settings(.steps(10), patience: 2),
                                               evaluate: { EvaluationRecord(step: 0, loss: 1, accuracy: nil) })) { error in
            XCTAssertTrue("\(error)".contains("eval_every=N"), "\(error)")
        }
        var epochs = EpochEchoSource()
        XCTAssertThrowsError(try Trainer.train(l, on: &epochs, settings: settings(.epochs(2), patience: 2))) { error in
            XCTAssertTrue("\(error)".contains("validation data"), "\(error)")
        }
        XCTAssertEqual(l.stepsTaken, 0, "nothing trained")
    }

    /// Every model kind and rule: snapshot, train on (the parameters, W and the optimizer
    /// move), restore: the outputs on a probe batch are those before, bit for bit.
    func testSnapshotRestoresEveryModelKindExactly() throws {
        func config(_ kind: ModelConfig.Kind, rule: UpdateRule = .exact, field: ModelConfig.Field = .real,
                    structure: ModelConfig.Structure = .dense) -> ModelConfig {
            ModelConfig(kind: kind, hidden: 6, inputSize: 3, symbolInputs: true, outputSize: 3, rule: rule, field: field,
                        structure: structure, seed: 9)
        }
        var configs = [config(.rnn), config(.lstm), config(.gru), config(.urnn, field: .complex, structure: .arjovsky)]
        for rule in UpdateRule.allCases {
            configs.append(config(.urnn, rule: rule))
            configs.append(config(.urnn, rule: rule, field: .complex))
        }
        XCTAssertGreaterThanOrEqual(configs.count, 14)
        let keep = RunOptions(backward: false, keepOutputs: true)
        for c in configs {
            let l = try learner(c)
            var source = EchoSource()
            let budget = settings(.steps(3), patience: nil)
            _ = try Trainer.train(l, on: &source, settings: budget)
            var g = SeededGenerator(seed: 77)
            var probeSource = EchoSource()
            let probe = try probeSource.next(using: &g)!.batch
            let before = try l.model.run(probe, state: nil, options: keep).outputs!.elements
            let snapshot = ParameterSnapshot(of: l)
            let optimizer = l.optimizer
            _ = try Trainer.train(l, on: &source, settings: budget)
            XCTAssertNotEqual(try l.model.run(probe, state: nil, options: keep).outputs!.elements, before,
                              "\(c.summary): training moved nothing")
            try snapshot.restore(into: l)
            XCTAssertEqual(try l.model.run(probe, state: nil, options: keep).outputs!.elements, before, c.summary)
            XCTAssertEqual(l.optimizer, optimizer, c.summary)
        }
    }
}
