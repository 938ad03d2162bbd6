import Foundation
import XCTest
@testable import URNNEngine

final class CorpusLoadingTests: XCTestCase {
    /// 11 tokens: b a c a b a e <eol> | x | y <eol> with an 0.8/0.1/0.1 split.
    let small = "b a c a b a e\nx y"
    let split811 = SplitFractions(train: 0.8, valid: 0.1, test: 0.1)

    func testVocabularyGolden() throws {
        let c = try Corpus(text: small, options: CorpusOptions(split: split811))
        // Ranked by training count; c, e and <eol> tie at 1 and keep their order of first occurrence.
        XCTAssertEqual(c.vocabulary.tokens, ["<unk>", "a", "b", "c", "e", "<eol>"])
        XCTAssertEqual(c.vocabulary.counts, [0, 3, 2, 1, 1, 1])
        XCTAssertEqual(c.splits.train, [2, 1, 3, 1, 2, 1, 4, 5])
        XCTAssertEqual(c.splits.valid, [0], "x never occurs in training")
        XCTAssertEqual(c.splits.test, [0, 5])
        XCTAssertEqual(c.vocabulary.endOfLineID, 5)

        let s = c.statistics(mostFrequent: 2)
        XCTAssertEqual(s.tokens, PerSplit(train: 8, valid: 1, test: 2))
        XCTAssertEqual(s.vocabularySize, 6)
        XCTAssertEqual(s.distinctTrainingTokens, 5)
        XCTAssertEqual(s.outOfVocabularyRate, PerSplit(train: 0, valid: 1, test: 0.5))
        XCTAssertEqual(s.mostFrequent, [TokenCount(token: "a", count: 3), TokenCount(token: "b", count: 2)])
        XCTAssertTrue(s.description.contains("tokens: train 8, valid 1, test 2 (total 11)"), s.description)
        XCTAssertTrue(s.description.contains("most frequent: a 3, b 2"), s.description)
    }

    func testVocabularyCut() throws {
        let c = try Corpus(text: small, options: CorpusOptions(vocabularySize: 3, split: split811))
        XCTAssertEqual(c.vocabulary.tokens, ["<unk>", "a", "b", "c"])
        XCTAssertEqual(c.vocabulary.counts, [2, 3, 2, 1], "<unk> counts e and <eol>")
        XCTAssertEqual(c.splits.train, [2, 1, 3, 1, 2, 1, 0, 0])
        XCTAssertEqual(c.statistics().outOfVocabularyRate.train, 0.25)
    }

    func testFolderReadsTextFilesInNameOrder() throws {
        let c = try Corpus.load(path: CorpusFixtures.folder)
        XCTAssertEqual(c.files.map { ($0 as NSString).lastPathComponent }, ["01-genesis.txt", "02-psalm.txt"])
        // The same text in memory: the files concatenated (the second lacks its last line feed,
        // and the loader ends it with <eol> all the same).
        let genesis = try String(contentsOfFile: CorpusFixtures.file("01-genesis.txt"), encoding: .utf8)
        let psalm = try String(contentsOfFile: CorpusFixtures.file("02-psalm.txt"), encoding: .utf8)
        let reference = try Corpus(text: genesis + psalm + "\n")
        XCTAssertEqual(c.vocabulary, reference.vocabulary)
        XCTAssertEqual(c.splits, reference.splits)
        XCTAssertEqual(c.byteCount, genesis.utf8.count + psalm.utf8.count)

        // The fast byte path agrees with the string tokenizer token by token.
        let spelled = Tokenizer().tokens(in: genesis) + Tokenizer().tokens(in: psalm)
        let ids = c.splits.train + c.splits.valid + c.splits.test
        XCTAssertEqual(ids.map { c.vocabulary.token(Int($0)) },
                       spelled.map { c.vocabulary.id(of: $0) == nil ? "<unk>" : $0 })
        XCTAssertEqual(spelled.count, 48)
        XCTAssertEqual(c.statistics().totalTokens, 48)
    }

    func testSameInputSameCorpus() throws {
        let options = CorpusOptions(tokenizer: Tokenizer(lowercase: true), vocabularySize: 10)
        let a = try Corpus.load(path: CorpusFixtures.folder, options: options)
        let b = try Corpus.load(path: CorpusFixtures.folder, options: options)
        XCTAssertEqual(a.vocabulary, b.vocabulary)
        XCTAssertEqual(a.splits, b.splits)
        // the: 6; and, ".", <eol>: 3 each in the first 43 tokens, ranked by first occurrence.
        XCTAssertEqual(a.vocabulary.tokens.prefix(5), ["<unk>", "the", "and", ".", "<eol>"])
    }

    func testCharacterCorpusAndByteOrderMark() throws {
        let dir = try CorpusFixtures.scratchDirectory(self)
        let path = try CorpusFixtures.write([0xEF, 0xBB, 0xBF] + Array("abca\nb".utf8), "bom.txt", in: dir)
        let c = try Corpus.load(path: path, options: CorpusOptions(tokenizer: Tokenizer(unit: .char),
                                                                   split: SplitFractions(train: 0.6, valid: 0.2, test: 0.2)))
        // a b c a <eol> b <eol>: train = a b c a, valid = <eol>, test = b <eol>.
        XCTAssertEqual(c.vocabulary.tokens, ["<unk>", "a", "b", "c"])
        XCTAssertEqual(c.splits.train, [1, 2, 3, 1])
        XCTAssertEqual(c.splits.test, [2, 0])
        XCTAssertEqual(c.byteCount, 6, "the byte-order mark is not text")
    }

    func testPromptEncodingAndDecoding() throws {
        let c = try Corpus.load(path: CorpusFixtures.folder, options: CorpusOptions(split: SplitFractions(
            train: 0.9, valid: 0.05, test: 0.05)))
        let p = c.encode(prompt: "And the earth was dragons, and unicorns")
        XCTAssertEqual(p.tokens, ["And", "the", "earth", "was", "dragons", ",", "and", "unicorns"])
        XCTAssertEqual(p.unknown, ["dragons", "unicorns"])
        XCTAssertEqual(p.ids[4], Vocabulary.unknownID)
        XCTAssertEqual(p.ids[1], c.vocabulary.id(of: "the"))

        let ids = ["In", "the", "beginning", ",", "God", ";", "and", "<eol>", "the", "dragons"].map {
            c.vocabulary.id(of: $0) ?? Vocabulary.unknownID
        }
        XCTAssertEqual(c.decode(ids), "In the beginning, God; and\nthe <unk>")
        let v = Vocabulary(tokens: ["<unk>", "(", "x", ")", "<eol>"], counts: [0, 1, 1, 1, 1])
        XCTAssertEqual(v.decode([1, 2, 3, 2, 4, 2], unit: .word), "(x) x\nx")
        XCTAssertEqual(c.vocabulary.decode([1, 2, 0], unit: .char), "\(c.vocabulary.tokens[1])\(c.vocabulary.tokens[2])<unk>")
    }

    func testVocabularyCodableRoundTrip() throws {
        let c = try Corpus(text: small, options: CorpusOptions(split: split811))
        let data = try JSONEncoder().encode(c.vocabulary)
        let back = try JSONDecoder().decode(Vocabulary.self, from: data)
        XCTAssertEqual(back, c.vocabulary)
        XCTAssertEqual(back.id(of: "c"), 3)
        let bad = Data(#"{"tokens":["a"],"counts":[1]}"#.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode(Vocabulary.self, from: bad))
    }
}
