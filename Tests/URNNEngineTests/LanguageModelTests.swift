import Foundation
import XCTest
@testable import URNNEngine

final class LanguageModelTests: XCTestCase {
    /// Accuracy at the positions after the marker whose source word lies inside the window.
    func ruleAccuracy(_ model: RecurrentModel, _ corpus: Corpus, length: Int, distance: Int) throws -> (Double, Int) {
        guard let mark = corpus.vocabulary.id(of: PlantedRuleText.marker) else { throw XCTSkip("no marker") }
        var correct = 0, total = 0
        for batch in try Dataset.corpus(corpus).evaluationBatches(batchSize: 8, length: length) {
            guard case .symbols(let x) = batch.input, case .symbols(let y) = batch.target else { continue }
            let out = try model.run(batch, state: nil, options: RunOptions(backward: false, keepOutputs: true)).outputs!
            let b = batch.batchSize
            for t in (distance - 1)..<batch.steps {
                for s in 0..<b where x[t][s] == mark {
                    let column = out.column(t * b + s)
                    let best = column.indices.max { column[$0] < column[$1] }!
                    total += 1
                    if best == y[t][s] { correct += 1 }
                }
            }
        }
        return (total > 0 ? Double(correct) / Double(total) : 0, total)
    }

    func testOrthogonalRNNLearnsAPlantedLongRangeRule() throws {
        // The word after "mark" repeats the word 8 tokens back: the model must keep a
        // sliding memory of the last 8 words. 1,500 steps of B=32 windows of 40 tokens.
        let distance = 8, length = 40, lr = 5e-3, lrW = 5e-3, stepsBudget = 1500, hidden = 64
        let planted = try PlantedRuleText.generate(tokenCount: 60_000, distance: distance, vocabularySize: 10,
                                                   markerRate: 0.08, seed: 3)
        let corpus = try Corpus(text: planted.text, name: "planted", options: CorpusOptions(split: SplitFractions(train: 0.9, valid: 0.05, test: 0.05)))
        let data = Dataset.corpus(corpus)
        let config = ModelConfig(kind: .urnn, hidden: hidden, inputSize: data.inputSize, symbolInputs: true,
                                 outputSize: data.outputSize, rule: .exact, seed: 2)
        let learner = Learner(model: try makeModel(config))
        var source = try data.trainingSource(batchSize: 32, length: length, carry: false, seed: 1)
        let start = Date()
        _ = try Trainer.train(learner, on: &source, settings: TrainingSettings(
            budget: .steps(stepsBudget), learningRate: lr, recurrentLearningRate: lrW, optimizer: .rmsprop, clip: 1))
        let (accuracy, positions) = try ruleAccuracy(learner.model, corpus, length: length, distance: distance)
        print("planted rule: accuracy \(accuracy) over \(positions) positions, \(Date().timeIntervalSince(start)) s")
        XCTAssertGreaterThan(positions, 50)
        XCTAssertGreaterThanOrEqual(accuracy, 0.9, "rule accuracy \(accuracy) below 0.9 after \(stepsBudget) steps")
    }
}
