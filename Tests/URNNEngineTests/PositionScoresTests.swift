import XCTest
@testable import URNNEngine

/// Accuracy and loss by position in the window: what `eval` keeps beside its totals.
final class PositionScoresTests: XCTestCase {
    func corpus() throws -> Corpus {
        let text = "the lord said unto moses , go in unto pharaoh and say unto him , thus saith the lord .\n"
        return try Corpus(text: String(repeating: text, count: 20), name: "t",
                          options: CorpusOptions(split: SplitFractions(train: 0.6, valid: 0.1, test: 0.3)))
    }

    /// Summed over positions (weighted by their counts), the record gives back the totals,
    /// for every kind, with the batch split over one thread or three.
    func testPositionsAverageBackToTheTotals() throws {
        let c = try corpus()
        let batches = try Dataset.corpus(c).evaluationBatches(batchSize: 5, length: 7)
        XCTAssertGreaterThan(batches.count, 1)
        for kind in [ModelConfig.Kind.rnn, .urnn, .lstm, .gru] {
            let config = ModelConfig(kind: kind, hidden: 6, inputSize: c.vocabulary.count, symbolInputs: true,
                                     outputSize: c.vocabulary.count, seed: 5)
            let model = try makeModel(config)
            for threads in [1, 3] {
                model.threads = threads
                let s = try model.evaluate(batches)
                let p = s.positions
                XCTAssertEqual(p.length, 7, "\(kind)")
                XCTAssertEqual(p.counts, [Int](repeating: batches.count * 5, count: 7), "\(kind)")
                XCTAssertEqual(p.counts.reduce(0, +), s.count, "\(kind)")
                XCTAssertEqual(p.correct.reduce(0, +), s.correct, "\(kind)")
                // The same per-position losses summed in another order: rounding only.
                assertWithin(abs(p.lossSums.reduce(0, +) - s.lossSum) / s.lossSum, 1e-12, "\(kind), \(threads) threads: loss")
                let weighted = zip(p.accuracy, p.counts).map { $0 * Double($1) }.reduce(0, +) / Double(s.count)
                assertWithin(abs(weighted - s.accuracy), 1e-14, "\(kind): weighted mean of the accuracy by position")
            }
        }
    }

    func testSumsOfDifferentLengthsAndEmptyPositions() {
        var a = PositionScores(length: 2)
        a.add(position: 0, loss: 1, isCorrect: true)
        a.add(position: 1, loss: 2, isCorrect: false)
        var b = PositionScores()
        b.add(position: 2, loss: 4, isCorrect: true)
        let s = a + b
        XCTAssertEqual(s.counts, [1, 1, 1])
        XCTAssertEqual(s.correct, [1, 0, 1])
        XCTAssertEqual(s.lossSums, [1, 2, 4])
        XCTAssertEqual(s.accuracy, [1, 0, 1])
        XCTAssertTrue(PositionScores(length: 1).accuracy[0].isNaN, "nothing scored: NaN, not 0")
    }
}
