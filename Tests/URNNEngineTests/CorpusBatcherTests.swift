import XCTest
@testable import URNNEngine

final class CorpusBatcherTests: XCTestCase {
    /// 23 tokens 0...22, B = 2, L = 3: streams 0...10 and 11...21 (22 dropped), W = 3.
    func testWindowsGolden() throws {
        let tokens = (0..<23).map(Int32.init)
        let batcher = try LanguageModelBatcher(tokens: tokens, batchSize: 2, length: 3)
        XCTAssertEqual(batcher.streamLength, 11)
        XCTAssertEqual(batcher.windowCount, 3)
        XCTAssertEqual(batcher.targetsPerEpoch, 18)
        let w0 = batcher.window(0)
        XCTAssertEqual(w0.inputs, [[0, 11], [1, 12], [2, 13]])
        XCTAssertEqual(w0.targets, [[1, 12], [2, 13], [3, 14]])
        XCTAssertFalse(w0.carriesState)
        let w2 = batcher.window(2)
        XCTAssertEqual(w2.inputs, [[6, 17], [7, 18], [8, 19]])
        XCTAssertEqual(w2.targets, [[7, 18], [8, 19], [9, 20]])
        XCTAssertTrue(w2.carriesState)
        XCTAssertEqual([w2.steps, w2.batchSize], [3, 2])
    }

    func testCarriedWindowsContinueTheStreams() throws {
        let tokens = (0..<1000).map { Int32($0 % 97) }
        let batcher = try LanguageModelBatcher(tokens: tokens, batchSize: 4, length: 7, carry: true, seed: 3)
        for epoch in 0..<3 {
            let windows = Array(batcher.windows(epoch: epoch))
            XCTAssertEqual(batcher.order(epoch: epoch), Array(0..<batcher.windowCount), "carry keeps text order")
            XCTAssertEqual(windows.map(\.carriesState), [false] + Array(repeating: true, count: windows.count - 1))
            for (a, b) in zip(windows, windows.dropFirst()) {
                XCTAssertEqual(a.targets.last, b.inputs.first, "the next window starts where this one's targets end")
            }
            for w in windows {
                for t in 0..<(w.steps - 1) { XCTAssertEqual(w.targets[t], w.inputs[t + 1]) }
            }
        }
    }

    func testShuffledOrderIsFixedBySeedAndEpoch() throws {
        let tokens = (0..<5000).map { Int32($0 % 31) }
        let a = try LanguageModelBatcher(tokens: tokens, batchSize: 4, length: 10, carry: false, seed: 42)
        let b = try LanguageModelBatcher(tokens: tokens, batchSize: 4, length: 10, carry: false, seed: 42)
        let c = try LanguageModelBatcher(tokens: tokens, batchSize: 4, length: 10, carry: false, seed: 43)
        XCTAssertEqual(a.windowCount, 124)
        XCTAssertEqual(a.order(epoch: 0), b.order(epoch: 0))
        XCTAssertEqual(Array(a.windows(epoch: 1)), Array(b.windows(epoch: 1)))
        XCTAssertNotEqual(a.order(epoch: 0), a.order(epoch: 1))
        XCTAssertNotEqual(a.order(epoch: 0), c.order(epoch: 0))
        XCTAssertNotEqual(a.order(epoch: 0), Array(0..<a.windowCount))
        XCTAssertEqual(a.order(epoch: 5).sorted(), Array(0..<a.windowCount), "a permutation")
        XCTAssertTrue(a.windows(epoch: 0).allSatisfy { !$0.carriesState })
    }

    func testEvaluationWindowsInTextOrder() throws {
        let tokens = (0..<500).map(Int32.init)
        let e = try LanguageModelBatcher.evaluation(tokens: tokens, batchSize: 3, length: 20)
        XCTAssertFalse(e.shuffled)
        XCTAssertEqual(e.order(epoch: 7), Array(0..<e.windowCount))
        XCTAssertTrue(e.windows(epoch: 0).allSatisfy { !$0.carriesState }, "each window starts fresh")
        let carried = try LanguageModelBatcher.evaluation(tokens: tokens, batchSize: 3, length: 20, carry: true)
        XCTAssertEqual(Array(carried.windows(epoch: 0)).map(\.carriesState).filter { $0 }.count, carried.windowCount - 1)
    }

    func testSameCorpusAndSeedGiveSameBatches() throws {
        let options = CorpusOptions(vocabularySize: 12, split: SplitFractions(train: 0.8, valid: 0.1, test: 0.1))
        let a = try Corpus.load(path: CorpusFixtures.folder, options: options)
        let b = try Corpus.load(path: CorpusFixtures.folder, options: options)
        let wa = Array(try a.batcher(.train, batchSize: 2, length: 3, carry: false, seed: 9).windows(epoch: 2))
        let wb = Array(try b.batcher(.train, batchSize: 2, length: 3, carry: false, seed: 9).windows(epoch: 2))
        XCTAssertEqual(wa, wb)
        XCTAssertFalse(wa.isEmpty)
        XCTAssertTrue(wa.allSatisfy { $0.inputs.allSatisfy { $0.allSatisfy { $0 >= 0 && $0 < a.vocabulary.count } } })
        let eval = try a.evaluationBatcher(batchSize: 1, length: 3)
        XCTAssertEqual(eval.source, "\(CorpusFixtures.folder) (test split)")
    }
}
