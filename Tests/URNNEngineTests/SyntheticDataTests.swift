import Foundation
import XCTest
@testable import URNNEngine

/// The copying and adding tasks and the planted-rule text: shapes, symbols,
/// baselines, and that a seed fixes everything.
final class SyntheticDataTests: XCTestCase {
    func testCopyTaskLayout() throws {
        let task = try CopyTask(delay: 5, trainSize: 50, testSize: 7, seed: 1)
        XCTAssertEqual(task.steps, 25)
        XCTAssertEqual(task.baseline, 10 * log(8.0) / 25, accuracy: 1e-15)
        let (x, y) = try task.example(.train, 3)
        let symbols = try task.symbols(.train, 3)
        XCTAssertEqual(Array(x[0..<10]), symbols)
        XCTAssertTrue(symbols.allSatisfy { (1...8).contains($0) })
        XCTAssertEqual(Array(x[10..<14]), [0, 0, 0, 0], "T - 1 = 4 blanks")
        XCTAssertEqual(x[14], CopyTask.marker)
        XCTAssertEqual(Array(x[15..<25]), Array(repeating: 0, count: 10))
        XCTAssertEqual(Array(y[0..<15]), Array(repeating: 0, count: 15), "T + 10 blanks")
        XCTAssertEqual(Array(y[15..<25]), symbols)
        XCTAssertTrue(x.allSatisfy { $0 < CopyTask.inputClasses } && y.allSatisfy { $0 < CopyTask.outputClasses })
    }

    func testCopyTaskBatchesAndDeterminism() throws {
        let task = try CopyTask(delay: 30, trainSize: 100, testSize: 10, seed: 2)
        var g1 = SeededGenerator(seed: 8), g2 = SeededGenerator(seed: 8)
        let a = try task.randomTrainBatch(size: 4, using: &g1)
        let b = try task.randomTrainBatch(size: 4, using: &g2)
        XCTAssertEqual(a, b)
        XCTAssertEqual([a.steps, a.batchSize], [50, 4])
        XCTAssertFalse(a.carriesState)
        let column2 = try task.example(.train, 2)
        let batch = try task.batch(.train, indices: [0, 2])
        XCTAssertEqual(batch.inputs.map { $0[1] }, column2.input)
        XCTAssertEqual(batch.targets.map { $0[1] }, column2.target)
        XCTAssertEqual(try task.testBatches(batchSize: 4).map(\.batchSize), [4, 4, 2])
        // The same seed rebuilds the same sets; another seed, or the other set, differs.
        let again = try CopyTask(delay: 30, trainSize: 100, testSize: 10, seed: 2)
        let other = try CopyTask(delay: 30, trainSize: 100, testSize: 10, seed: 3)
        XCTAssertEqual(try again.symbols(.train, 17), try task.symbols(.train, 17))
        XCTAssertNotEqual(try other.symbols(.train, 17), try task.symbols(.train, 17))
        XCTAssertNotEqual(try task.symbols(.test, 0), try task.symbols(.train, 0))
        // Symbols are uniform over 1...8: 100 examples x 10 symbols, each about 125 times.
        var counts = [Int](repeating: 0, count: 9)
        for i in 0..<100 { for s in try task.symbols(.train, i) { counts[s] += 1 } }
        XCTAssertEqual(counts[0], 0)
        XCTAssertTrue(counts[1...].allSatisfy { $0 > 80 && $0 < 170 }, "\(counts)")
    }

    func testAddingTaskLayoutAndBaseline() throws {
        let task = try AddingTask(length: 7, trainSize: 20, testSize: 2_000, seed: 4)
        let batch = try task.batch(.test, indices: [0, 1, 2])
        XCTAssertEqual(batch.steps, 7)
        XCTAssertEqual(batch.inputs.map(\.rows), Array(repeating: 2, count: 7))
        XCTAssertEqual([batch.targets.rows, batch.targets.cols], [1, 3])
        for b in 0..<3 {
            let marks = (0..<7).filter { batch.inputs[$0][1, b] == 1 }
            XCTAssertEqual(marks.count, 2)
            XCTAssertTrue(marks[0] < 3 && marks[1] >= 3, "one mark in [0, T/2), one in [T/2, T): \(marks)")
            XCTAssertTrue((0..<7).allSatisfy { [0.0, 1.0].contains(batch.inputs[$0][1, b]) })
            let sum = batch.inputs[marks[0]][0, b] + batch.inputs[marks[1]][0, b]
            XCTAssertEqual(batch.targets[0, b], sum)
            XCTAssertTrue((0..<7).allSatisfy { (0..<1).contains(batch.inputs[$0][0, b]) })
        }
        // Always answering 1 scores the variance of U(0,1) + U(0,1) = 1/6 (standard error ≈ 0.003 here).
        var squared = 0.0, mean = 0.0
        for i in 0..<task.testSize {
            let y = try task.example(.test, i).target
            squared += (y - 1) * (y - 1)
            mean += y
        }
        XCTAssertEqual(task.baseline, 1.0 / 6, accuracy: 1e-15)
        XCTAssertEqual(squared / Double(task.testSize), AddingTask.baseline, accuracy: 0.015)
        XCTAssertEqual(mean / Double(task.testSize), 1, accuracy: 0.03)
        var g1 = SeededGenerator(seed: 6), g2 = SeededGenerator(seed: 6)
        XCTAssertEqual(try task.randomTrainBatch(size: 5, using: &g1), try task.randomTrainBatch(size: 5, using: &g2))
        XCTAssertEqual(try task.testBatches(batchSize: 1_000).count, 2)
    }

    /// The valid set is a third fixed set: its examples are none of the train or test set's,
    /// its size is its own, and adding it left the train and test examples of a seed as they were.
    func testValidSetIsDistinctAndSized() throws {
        let task = try CopyTask(delay: 4, trainSize: 200, testSize: 200, validSize: 30, seed: 5)
        XCTAssertEqual(task.size(of: .valid), 30)
        let valid = Set(try (0..<30).map { try task.symbols(.valid, $0) })
        let others = Set(try (0..<200).flatMap { [try task.symbols(.train, $0), try task.symbols(.test, $0)] })
        XCTAssertEqual(valid.count, 30, "8^10 sequences: 30 draws do not repeat")
        XCTAssertTrue(valid.isDisjoint(with: others), "a valid example that is also a train or test example")
        // Streams 11 (train) and 12 (test) as before the valid set (13) existed.
        var g = SeededGenerator(seed: DerivedSeed.make(5, stream: 12, index: 7))
        XCTAssertEqual(try task.symbols(.test, 7), (0..<10).map { _ in 1 + g.int(below: 8) })
        XCTAssertEqual(try task.batches(of: .valid, batchSize: 8).map(\.batchSize), [8, 8, 8, 6])

        let adding = try AddingTask(length: 10, trainSize: 50, testSize: 50, validSize: 20, seed: 5)
        XCTAssertEqual(try adding.batches(of: .valid, batchSize: 64).map(\.batchSize), [20])
        XCTAssertNotEqual(try adding.example(.valid, 0).values, try adding.example(.test, 0).values)
        XCTAssertThrowsError(try CopyTask(delay: 3, validSize: 0, seed: 1)) {
            XCTAssertEqual($0 as? SyntheticTaskError, .invalidParameter(task: "copy task", name: "valid", value: 0, minimum: 1))
        }
    }

    func testTaskErrors() throws {
        XCTAssertThrowsError(try CopyTask(delay: 0, seed: 1)) {
            XCTAssertEqual($0 as? SyntheticTaskError, .invalidParameter(task: "copy task", name: "T", value: 0, minimum: 1))
        }
        XCTAssertThrowsError(try AddingTask(length: 1, seed: 1))
        let task = try CopyTask(delay: 3, trainSize: 5, testSize: 5, seed: 1)
        XCTAssertThrowsError(try task.batch(.test, indices: [0, 5])) {
            XCTAssertEqual($0 as? SyntheticTaskError, .indexOutOfRange(task: "copy task", set: .test, index: 5, size: 5))
            XCTAssertTrue("\($0)".contains("test set"))
        }
        var g = SeededGenerator(seed: 1)
        XCTAssertThrowsError(try task.randomTrainBatch(size: 0, using: &g))
        XCTAssertThrowsError(try task.testBatches(batchSize: 0))
    }

    func testPlantedRuleText() throws {
        let text = try PlantedRuleText.generate(tokenCount: 2_000, distance: 12, vocabularySize: 10, markerRate: 0.05, seed: 3)
        XCTAssertEqual(text.tokens.count, 2_000)
        XCTAssertGreaterThan(text.rulePositions.count, 50)
        for t in text.rulePositions {
            XCTAssertEqual(text.tokens[t - 1], PlantedRuleText.marker)
            XCTAssertEqual(text.tokens[t], text.tokens[t - 12])
        }
        XCTAssertEqual(text.tokens.filter { $0 == PlantedRuleText.marker }.count, text.rulePositions.count)
        XCTAssertEqual(try PlantedRuleText.generate(tokenCount: 2_000, distance: 12, vocabularySize: 10, seed: 3), text)
        XCTAssertNotEqual(try PlantedRuleText.generate(tokenCount: 2_000, distance: 12, vocabularySize: 10, seed: 4), text)
        // It loads as a corpus token for token.
        XCTAssertEqual(Tokenizer().tokens(in: text.text), text.tokens + ["<eol>"])
        let corpus = try Corpus(text: text.text, name: "planted")
        // <unk>, w0...w9 and mark: the one <eol> ends the text, in the test split.
        XCTAssertEqual(corpus.vocabulary.count, 1 + 10 + 1)
        XCTAssertThrowsError(try PlantedRuleText.generate(tokenCount: 100, distance: 1, seed: 1))
        XCTAssertThrowsError(try PlantedRuleText.generate(tokenCount: 100, distance: 5, markerRate: 1.5, seed: 1))
    }
}
