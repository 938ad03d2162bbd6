import Foundation
import XCTest
@testable import URNNEngine
@testable import URNNScript

/// A model saved and loaded again behaves as before it was saved: eval and gradflow at
/// the trained sequence length, generate without a training in the session, and a corpus
/// with another vocabulary refused; a format-1 checkpoint loads with a note.
final class SavedModelTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-saved-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// Runs `text` with the engine commands; output lines, notes and errors.
    func run(_ text: String) -> (output: [String], notes: [String], errors: [ScriptError]) {
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output)
        let session = EngineSession()
        EngineCommands.install(on: runner.interpreter, session: session)
        let outcome = runner.run(SourceFile(name: "saved.urnn", text: text))
        session.close()
        return (output.lines.flatMap { $0.split(separator: "\n").map(String.init) }, output.notes, outcome.errors)
    }

    func corpusFile(_ name: String, replacing: String? = nil) throws -> String {
        var words: [String] = []
        var g = SeededGenerator(seed: 3)
        let vocabulary = ["in", "the", "beginning", "god", "created", "heaven", "and", "earth", "light", "was", "."]
        for _ in 0..<6000 { words.append(vocabulary[Int(g.next() % UInt64(vocabulary.count))]) }
        var text = words.joined(separator: " ")
        if let replacing { text = text.replacingOccurrences(of: "heaven", with: replacing) }
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testALoadedModelEvaluatesAndGeneratesAsBeforeSaving() throws {
        let kjv = try corpusFile("kjv.txt"), sky = try corpusFile("sky.txt", replacing: "sky")
        let file = dir.appendingPathComponent("u.urnnm").path
        let script = """
            seed 1
            corpus kjv = load "\(kjv)"
            corpus sky = load "\(sky)"
            model u = urnn hidden=8
            train u on kjv steps=4 batch=4 seq=12
            save u to "\(file)"
            model u2 = load "\(file)"
            eval u on kjv batch=4
            eval u2 on kjv batch=4
            gradflow u on kjv batch=2
            gradflow u2 on kjv batch=2
            generate u from "in the beginning" words=6 seed=5
            generate u2 from "in the beginning" words=6 seed=5
            eval u2 on sky batch=4
            """
        let (output, notes, errors) = run(script)
        XCTAssertEqual(notes.filter { $0.contains("format-") }, [], "a new checkpoint needs no note")
        func line(_ prefix: String) -> String? { output.first { $0.hasPrefix(prefix) } }
        let eval = try XCTUnwrap(line("eval u on kjv"), "\(output)")
        let eval2 = try XCTUnwrap(line("eval u2 on kjv"), "\(output)")
        XCTAssertTrue(eval.contains("(test split, seq 12)"), eval)
        XCTAssertEqual(eval2, eval.replacingOccurrences(of: "eval u on", with: "eval u2 on"), "the same numbers at the trained seq")
        let flow = try XCTUnwrap(line("gradflow u on kjv"), "\(output)")
        XCTAssertTrue(flow.contains("at t=12 "), flow)
        XCTAssertEqual(line("gradflow u2 on kjv"), flow.replacingOccurrences(of: "gradflow u on", with: "gradflow u2 on"))
        let generated = output.filter { $0.hasPrefix("in the beginning") }
        XCTAssertEqual(generated.count, 2, "\(output)\n\(errors.map(\.rendered))")
        XCTAssertEqual(generated.first, generated.last, "the loaded model generates what the saved one did")
        // The same number of words, one spelled differently: refused, saying why.
        XCTAssertEqual(errors.count, 1, "\(errors.map(\.rendered))")
        let message = errors.first?.message ?? ""
        XCTAssertTrue(message.contains("the vocabulary of 'sky' does not match the one the model was trained on (corpus 'kjv')")
                      && message.contains("'sky' there and 'heaven' in the model's"), message)
        XCTAssertEqual(errors.first?.location?.line, 14)
    }

    func testAFormatOneCheckpointLoadsWithTheOldBehaviourAndANote() throws {
        let kjv = try corpusFile("kjv.txt")
        let file = dir.appendingPathComponent("u.urnnm")
        _ = run("corpus kjv = load \"\(kjv)\"\nmodel u = urnn hidden=4\ntrain u on kjv steps=2 batch=2 seq=6\nsave u to \"\(file.path)\"")
        // The same file as version 1 wrote it: no record, version word 1.
        let bytes = [UInt8](try Data(contentsOf: file))
        let length = Int(readLittleEndian(bytes, at: 12) as UInt64)
        var header = try JSONDecoder().decode(Checkpoint.Header.self, from: Data(bytes[20..<(20 + length)]))
        header.trainedOn = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var out = Data(Checkpoint.magic)
        appendLittleEndian(&out, UInt32(1))
        appendLittleEndian(&out, UInt64(json.count))
        out.append(json)
        out.append(contentsOf: bytes[(20 + length)..<(bytes.count - 4)])
        appendLittleEndian(&out, CRC32.checksum(out))
        try out.write(to: file)

        let (output, notes, errors) = run("""
            corpus kjv = load "\(kjv)"
            model u2 = load "\(file.path)"
            eval u2 on kjv batch=2
            generate u2 from "in the beginning"
            """)
        XCTAssertEqual(notes.filter { $0.contains("format-1 checkpoint") }.count, 1, "\(notes)")
        XCTAssertTrue(output.contains { $0.contains("(test split, seq 100)") }, "the old default: \(output)")
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors.first?.message.contains("has not been trained on a corpus") == true, "\(errors.map(\.message))")
    }
}
