import Foundation
import XCTest
@testable import URNNEngine

/// What a checkpoint records of the data its model was trained on (format version 2):
/// it comes back as saved, a version-1 file loads without it, a crafted record is refused,
/// and a corpus with another vocabulary or tokenizer is refused when the model meets it.
final class CheckpointTrainingRecordTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-ckpt-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    let text = "in the beginning god created the heaven and the earth . and the earth was without form . " +
        "and god said let there be light : and there was light . and god saw the light that it was good ."

    /// A learner built for `corpus`, with the record of a training on it at seq 7.
    func learner(for corpus: Corpus) throws -> Learner {
        let v = corpus.vocabulary.count
        let l = Learner(model: try makeModel(ModelConfig(kind: .urnn, hidden: 4, inputSize: v, symbolInputs: true,
                                                         outputSize: v, seed: 2)))
        l.trainedOn = TrainingRecord(dataset: .corpus(corpus), name: "kjv", length: 7)
        return l
    }

    func saved(_ l: Learner) throws -> Data {
        let url = dir.appendingPathComponent("m.urnnm")
        try Checkpoint.save(l, to: url)
        return try Data(contentsOf: url)
    }

    /// The file with its header changed by `patch` and its version word set to `version`,
    /// checksummed as the writer does.
    func rewritten(_ data: Data, version: UInt32, _ patch: (inout Checkpoint.Header) -> Void) throws -> Data {
        let bytes = [UInt8](data)
        let length = Int(readLittleEndian(bytes, at: 12) as UInt64)
        var header = try JSONDecoder().decode(Checkpoint.Header.self, from: Data(bytes[20..<(20 + length)]))
        patch(&header)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var out = Data(Checkpoint.magic)
        appendLittleEndian(&out, version)
        appendLittleEndian(&out, UInt64(json.count))
        out.append(json)
        out.append(contentsOf: bytes[(20 + length)..<(bytes.count - 4)])
        appendLittleEndian(&out, CRC32.checksum(out))
        return out
    }

    func load(_ data: Data) throws -> (learner: Learner, version: Int) {
        let url = dir.appendingPathComponent("crafted.urnnm")
        try data.write(to: url)
        return try Checkpoint.read(from: url)
    }

    func testTheRecordComesBackAsSaved() throws {
        let corpus = try Corpus(text: text, name: "kjv.txt", options: CorpusOptions(tokenizer: Tokenizer(lowercase: true)))
        let l = try learner(for: corpus)
        let (back, version) = try load(try saved(l))
        XCTAssertEqual(version, 2)
        XCTAssertEqual(back.trainedOn, l.trainedOn)
        XCTAssertEqual(back.trainedOn?.sequenceLength, 7)
        XCTAssertEqual(back.trainedOn?.vocabulary?.tokens, corpus.vocabulary.tokens)
        XCTAssertEqual(back.trainedOn?.corpusOptions, corpus.options)
        // Generation through the saved vocabulary is the generation through the corpus.
        var g1 = SeededGenerator(seed: 9), g2 = SeededGenerator(seed: 9)
        let a = try l.model.generate(from: "and god", in: corpus, count: 8, sampler: Sampler(temperature: 1), using: &g1)
        let b = try back.model.generate(from: "and god", vocabulary: try XCTUnwrap(back.trainedOn?.vocabulary),
                                        tokenizer: try XCTUnwrap(back.trainedOn?.corpusOptions?.tokenizer), count: 8,
                                        sampler: Sampler(temperature: 1), using: &g2)
        XCTAssertEqual(a.ids, b.ids)
        XCTAssertEqual(a.text, b.text)

        let task = try CopyTask(delay: 5, trainSize: 20, testSize: 8, seed: 1)
        let t = Learner(model: try makeModel(ModelConfig(kind: .rnn, hidden: 3, inputSize: CopyTask.inputClasses, symbolInputs: true,
                                                         outputSize: CopyTask.outputClasses, seed: 2)))
        t.trainedOn = TrainingRecord(dataset: .copy(task), name: "copy", length: 100)
        let tBack = try load(try saved(t)).learner.trainedOn
        XCTAssertEqual(tBack, t.trainedOn)
        XCTAssertEqual(tBack?.taskLength, 5)
        XCTAssertNil(tBack?.sequenceLength)
    }

    func testAVersionOneFileLoadsWithoutARecord() throws {
        let corpus = try Corpus(text: text)
        let good = try saved(try learner(for: corpus))
        let v1 = try rewritten(good, version: 1) { $0.trainedOn = nil }
        let (back, version) = try load(v1)
        XCTAssertEqual(version, 1)
        XCTAssertNil(back.trainedOn)
        // A version-1 file is read as version 1 even if its header carries the field.
        XCTAssertNil(try load(try rewritten(good, version: 1) { _ in }).learner.trainedOn)
    }

    func testACraftedRecordIsRefused() throws {
        let corpus = try Corpus(text: text)
        let good = try saved(try learner(for: corpus))
        func expectCorrupted(_ fragment: String, line: UInt = #line, _ patch: (inout TrainingRecord) -> Void) throws {
            let data = try rewritten(good, version: 2) { h in patch(&h.trainedOn!) }
            XCTAssertThrowsError(try load(data), line: line) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("corrupted checkpoint") && text.contains(fragment),
                              "\(text) should mention '\(fragment)'", line: line)
            }
        }
        let tokens = corpus.vocabulary.tokens, counts = corpus.vocabulary.counts
        try expectCorrupted("does not fit a model") { r in
            r.vocabulary = Vocabulary(tokens: Array(tokens.dropLast()), counts: Array(counts.dropLast()))
        }
        try expectCorrupted("spells a token twice") { r in
            var t = tokens
            t[2] = t[1]
            r.vocabulary = Vocabulary(tokens: t, counts: counts)
        }
        try expectCorrupted("counts are out of range") { r in
            var c = counts
            c[1] = -1
            r.vocabulary = Vocabulary(tokens: tokens, counts: c)
        }
        try expectCorrupted("sequence length") { r in r.sequenceLength = 0 }
        try expectCorrupted("sequence length") { r in r.sequenceLength = nil }
        try expectCorrupted("no vocabulary") { r in r.vocabulary = nil }
        try expectCorrupted("trained on a task") { r in r.kind = .copy }
        try expectCorrupted("vocabulary size") { r in r.corpusOptions?.vocabularySize = 0 }
    }

    func testACorpusWithAnotherVocabularyOrTokenizerIsRefused() throws {
        let corpus = try Corpus(text: text)
        let record = TrainingRecord(dataset: .corpus(corpus), name: "kjv", length: 7)
        XCTAssertNoThrow(try record.check(.corpus(try Corpus(text: text)), dataName: "again"))
        // The same number of words, one spelled differently: same sizes, other meaning.
        let other = try Corpus(text: text.replacingOccurrences(of: "heaven", with: "sky"))
        XCTAssertEqual(other.vocabulary.count, corpus.vocabulary.count)
        XCTAssertThrowsError(try record.check(.corpus(other), dataName: "sky")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("vocabulary of 'sky' does not match the one the model was trained on (corpus 'kjv')")
                          && text.contains("'sky' there and 'heaven' in the model's"), text)
        }
        let lower = try Corpus(text: text, options: CorpusOptions(tokenizer: Tokenizer(lowercase: true)))
        XCTAssertThrowsError(try record.check(.corpus(lower), dataName: "lower")) { error in
            XCTAssertTrue("\(error)".contains("read with word units, lowercase"), "\(error)")
        }
        // A task is not a corpus: nothing to compare.
        XCTAssertNoThrow(try record.check(.copy(try CopyTask(delay: 3, trainSize: 4, testSize: 4, seed: 1)), dataName: "c"))
    }
}
