import XCTest
@testable import URNNEngine

/// Dense random inputs with a last-step regression target; step `poisonAt` carries a NaN.
struct PoisonSource: BatchSource {
    var poisonAt: Int
    var served = 0
    mutating func next(using g: inout SeededGenerator) throws -> (batch: SequenceBatch, carry: Bool)? {
        served += 1
        var x = (0..<5).map { _ in Matrix.randomNormal(rows: 2, cols: 3, using: &g) }
        if served == poisonAt { x[2][0, 0] = .nan }
        return (SequenceBatch(input: .dense(x), target: .lastStep(Matrix.randomNormal(rows: 1, cols: 3, using: &g))), false)
    }
    mutating func rewind() {}
}

final class TrainerTests: XCTestCase {
    func model() throws -> RecurrentModel {
        try makeModel(ModelConfig(kind: .urnn, hidden: 4, inputSize: 2, symbolInputs: false, outputSize: 1, seed: 1))
    }

    func testNaNStopsWithClearErrorAndKeepsLastFiniteParameters() throws {
        let reference = Learner(model: try model())
        var clean = PoisonSource(poisonAt: -1)
        _ = try Trainer.train(reference, on: &clean, settings: TrainingSettings(budget: .steps(3), learningRate: 0.01))

        let l = Learner(model: try model())
        var source = PoisonSource(poisonAt: 4)
        XCTAssertThrowsError(try Trainer.train(l, on: &source, settings: TrainingSettings(budget: .steps(10), learningRate: 0.01))) { error in
            // modReLU maps a NaN pre-activation to 0, so here the loss stays finite and the
            // gradient (through U x) is what turns NaN.
            guard case .nonFinite(step: 4, _)? = error as? TrainingError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("last finite step"))
        }
        XCTAssertEqual(l.history.steps.count, 3)
        for (a, b) in zip(l.model.parameters, reference.model.parameters) { XCTAssertEqual(a.value, b.value, a.name) }
    }

    func testCancellationKeepsLastCompletedStep() throws {
        let reference = Learner(model: try model())
        var clean = PoisonSource(poisonAt: -1)
        _ = try Trainer.train(reference, on: &clean, settings: TrainingSettings(budget: .steps(5), learningRate: 0.01))

        let l = Learner(model: try model())
        var source = PoisonSource(poisonAt: -1)
        var checks = 0
        let outcome = try Trainer.train(l, on: &source, settings: TrainingSettings(budget: .steps(100), learningRate: 0.01),
                                        isCancelled: { checks += 1; return checks > 5 })
        XCTAssertEqual(outcome.reason, .cancelled)
        XCTAssertEqual(outcome.steps, 5)
        XCTAssertEqual(l.history.steps.count, 5)
        for (a, b) in zip(l.model.parameters, reference.model.parameters) { XCTAssertEqual(a.value, b.value, a.name) }
    }

    func testSameSeedSameHistory() throws {
        var runs: [TrainingHistory] = []
        for _ in 0..<2 {
            let l = Learner(model: try model())
            var source = PoisonSource(poisonAt: -1)
            _ = try Trainer.train(l, on: &source, settings: TrainingSettings(budget: .steps(8), learningRate: 0.01, optimizer: .adam))
            runs.append(l.history.withoutTimes)
        }
        XCTAssertEqual(runs[0], runs[1])
        XCTAssertEqual(runs[0].steps.count, 8)
    }

    func testOptimizersMatchTheirFormulas() {
        // One parameter, gradient 2, two steps: hand-computed values.
        for (kind, expected) in [(OptimizerKind.sgd, [1 - 0.1 * 2, 1 - 0.1 * 2 - 0.1 * (0.9 * 2 + 2)]),
                                 (.rmsprop, [1 - 0.1 * 2 / ((0.01 * 4).squareRoot() + 1e-8),
                                             1 - 0.1 * 2 / ((0.01 * 4).squareRoot() + 1e-8)
                                                 - 0.1 * 2 / ((0.99 * 0.04 + 0.04).squareRoot() + 1e-8)]),
                                 (.adam, [1 - 0.1 * 1 / (1 + 1e-8 / 2), 1 - 0.1 * 2 * 1 / (1 + 1e-8 / 2)])] {
            var opt = Optimizer(kind: kind, momentum: 0.9)
            let p = Parameter(name: "x", rows: 1, cols: 1, value: [1])
            var seen: [Double] = []
            for _ in 0..<2 {
                p.gradient = [2]
                opt.step([p], learningRate: 0.1, recurrentLearningRate: 0.1)
                seen.append(p.value[0])
            }
            for (s, e) in zip(seen, expected) { XCTAssertEqual(s, e, accuracy: 1e-9, "\(kind)") }
        }
    }
}
