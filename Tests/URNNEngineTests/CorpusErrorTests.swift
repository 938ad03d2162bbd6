import Foundation
import XCTest
@testable import URNNEngine

/// Every kind of bad input gives its own error, naming the file or split.
final class CorpusErrorTests: XCTestCase {
    func testMissingFile() {
        assertCorpusError(.fileNotFound(path: "/no/such/corpus.txt"), mentions: ["/no/such/corpus.txt"]) {
            try Corpus.load(path: "/no/such/corpus.txt")
        }
    }

    func testDirectoryWithoutText() throws {
        let dir = try CorpusFixtures.scratchDirectory(self)
        _ = try CorpusFixtures.write(Array("notes".utf8), "notes.md", in: dir)
        _ = try CorpusFixtures.write(Array("hidden".utf8), ".hidden.txt", in: dir)
        assertCorpusError(.noTextFiles(directory: dir), mentions: [dir, ".txt"]) { try Corpus.load(path: dir) }
    }

    func testInvalidUTF8NamesFileAndOffset() throws {
        let dir = try CorpusFixtures.scratchDirectory(self)
        _ = try CorpusFixtures.write(Array("fine\n".utf8), "a.txt", in: dir)
        let bad = try CorpusFixtures.write(Array("caf".utf8) + [0xC3, 0x28] + Array(" ok\n".utf8), "b.txt", in: dir)
        assertCorpusError(.invalidUTF8(path: bad, byteOffset: 4), mentions: [bad, "byte offset 4"]) {
            try Corpus.load(path: dir)
        }
    }

    func testEmptyCorpus() throws {
        let dir = try CorpusFixtures.scratchDirectory(self)
        let blank = try CorpusFixtures.write(Array(" \t \r".utf8), "blank.txt", in: dir)
        assertCorpusError(.emptyCorpus(source: blank), mentions: [blank]) { try Corpus.load(path: blank) }
        let empty = try CorpusFixtures.write([], "empty.txt", in: dir)
        assertCorpusError(.emptyCorpus(source: empty)) { try Corpus.load(path: empty) }
    }

    func testVocabularyLargerThanCorpus() {
        let options = CorpusOptions(vocabularySize: 100, split: SplitFractions(train: 0.8, valid: 0.1, test: 0.1))
        assertCorpusError(.vocabularyTooLarge(requested: 100, distinct: 5, source: "tiny"),
                          mentions: ["tiny", "vocab=100", "5 distinct"]) {
            try Corpus(text: "b a c a b a e\nx y", name: "tiny", options: options)
        }
        assertCorpusError(.invalidVocabularySize(requested: 0)) {
            try Corpus(text: "b a c a b a e\nx y", options: CorpusOptions(
                vocabularySize: 0, split: SplitFractions(train: 0.8, valid: 0.1, test: 0.1)))
        }
    }

    func testSplitThatLeavesAPartEmpty() {
        // 5 tokens: 0.9 gives train 4, 0.05 gives valid 0.
        assertCorpusError(.emptySplit(split: "valid", totalTokens: 5, source: "short"), mentions: ["short", "valid"]) {
            try Corpus(text: "a b c d", name: "short")
        }
        assertCorpusError(.invalidSplitFractions(train: 0.5, valid: 0.5, test: 0)) {
            try Corpus(text: "a b c d", options: CorpusOptions(split: SplitFractions(train: 0.5, valid: 0.5, test: 0)))
        }
        assertCorpusError(.invalidSplitFractions(train: 0.5, valid: 0.3, test: 0.3)) {
            try Corpus(text: "a b c d", options: CorpusOptions(split: SplitFractions(train: 0.5, valid: 0.3, test: 0.3)))
        }
    }

    func testWindowLongerThanSplit() throws {
        let c = try Corpus.load(path: CorpusFixtures.folder,
                                options: CorpusOptions(split: SplitFractions(train: 0.6, valid: 0.2, test: 0.2)))
        let source = "\(CorpusFixtures.folder) (test split)"
        let available = c.splits.test.count
        assertCorpusError(.sequenceTooLong(length: 100, batchSize: 2, needed: 202, available: available, source: source),
                          mentions: ["seq=100", "test split", "\(available)"]) {
            try c.batcher(.test, batchSize: 2, length: 100)
        }
        assertCorpusError(.invalidBatchShape(batchSize: 0, length: 3)) { try c.batcher(.train, batchSize: 0, length: 3) }
    }
}
