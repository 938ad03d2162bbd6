import XCTest
@testable import URNNEngine

/// A one-step memory task: the target at step t is the input symbol of step t−1
/// (no target at t = 0). Solvable only through the recurrence.
private struct EchoTask: BatchSource {
    let steps = 6, batch = 16, symbols = 4
    mutating func next(using g: inout SeededGenerator) throws -> (batch: SequenceBatch, carry: Bool)? {
        let x = (0..<steps).map { _ in (0..<batch).map { _ in g.int(below: symbols) } }
        let y = (0..<steps).map { t in (0..<batch).map { b in t == 0 ? -1 : x[t - 1][b] } }
        return (SequenceBatch(input: .symbols(x), target: .symbols(y)), false)
    }
    mutating func rewind() {}
}

/// Both complex models train through the same `Trainer` as the real ones.
final class ComplexTrainingTests: XCTestCase {
    func testBothModelsLearnThroughTheTrainer() throws {
        let cases: [(ModelConfig.Structure, UpdateRule)] = [(.dense, .exact), (.dense, .cayley), (.arjovsky, .exact)]
        for (structure, rule) in cases {
            let cfg = ModelConfig(kind: .urnn, hidden: 8, inputSize: 4, symbolInputs: true, outputSize: 4,
                                  rule: rule, field: .complex, structure: structure, seed: 11)
            let learner = Learner(model: try makeModel(cfg))
            var source = EchoTask()
            let settings = TrainingSettings(budget: .steps(200), learningRate: 0.01, recurrentLearningRate: 0.01,
                                            optimizer: .rmsprop)
            let outcome = try Trainer.train(learner, on: &source, settings: settings)
            XCTAssertEqual(outcome.steps, 200)
            let losses = learner.history.steps.map(\.loss)
            let first = losses.prefix(10).reduce(0, +) / 10, last = losses.suffix(10).reduce(0, +) / 10
            // Chance level is ln 4 ≈ 1.39; remembering one symbol drives the loss to 0.
            XCTAssertLessThan(last, 0.5 * first, "\(cfg.summary): loss \(first) -> \(last)")
            let unitarity = learner.history.steps.last?.unitarityError ?? .nan
            XCTAssertLessThanOrEqual(unitarity, 1e-10, "\(cfg.summary): W left the unitary group (\(unitarity))")
        }
    }
}
