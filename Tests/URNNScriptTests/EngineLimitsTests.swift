import Foundation
import XCTest
import URNNEngine
@testable import URNNScript

/// Engine commands given sizes and values a script should not be able to turn into a
/// crash or a silent wrong answer; each ran the process out of memory (SIGABRT) or was
/// accepted before.
final class EngineLimitsTests: XCTestCase {
    /// Runs `text` with the engine commands installed; returns the output and the errors.
    func run(_ text: String, isCancelled: @escaping () -> Bool = { false }) -> (output: [String], errors: [ScriptError]) {
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output, isCancelled: isCancelled)
        let session = EngineSession()
        EngineCommands.install(on: runner.interpreter, session: session)
        let outcome = runner.run(SourceFile(name: "limits.urnn", text: text))
        session.close()
        return (output.lines, outcome.errors)
    }

    func expectError(_ text: String, _ fragment: String, line: UInt = #line) {
        let (_, errors) = run(text)
        XCTAssertEqual(errors.count, 1, "\(text): \(errors.map(\.rendered))", line: line)
        XCTAssertTrue(errors.first?.message.contains(fragment) == true,
                      "\(text): \(errors.map(\.message)) should mention '\(fragment)'", line: line)
    }

    func testSizesPastTheMemoryBudgetAreErrorsBeforeAnythingIsAllocated() {
        let train = "model m = rnn hidden=2\ntrain m on c steps=2 batch=2"
        expectError("task c = copy delay=1e9\n" + train, "too large: needs")
        expectError("task c = copy delay=1e7\n" + train, "too large: needs")
        // Training evaluates on the valid set, eval on the test set: each is checked where it is generated.
        expectError("task c = copy valid=1e9\n" + train, "too large: needs")
        expectError("task c = copy test=1e9\nmodel m = rnn hidden=2\neval m on c", "too large: needs")
        expectError("task a = adding length=1e9\nmodel m = rnn hidden=2\ntrain m on a steps=2 batch=2", "too large: needs")
        expectError("task c = copy delay=3 train=50 test=10\nmodel m = rnn hidden=2\ntrain m on c steps=2 batch=1e9",
                    "too large: needs")
    }

    func testACancelledGenerationIsAnInterruption() {
        // The flag is set once the run reaches the command: only the generation's own
        // polls can see it (the statement loop polled before the flag was set).
        var statements = 0
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output, isCancelled: { statements += 1; return statements > 3 })
        let session = EngineSession()
        EngineCommands.install(on: runner.interpreter, session: session)
        let outcome = runner.run(SourceFile(name: "cancel.urnn", text: "task c = copy delay=5 test=2000\nmodel m = rnn hidden=2\neval m on c"))
        session.close()
        XCTAssertEqual(outcome.errors.map(\.category), [.interrupted], outcome.diagnostics)
        XCTAssertEqual(outcome.errors.first?.message, "interrupted (copy task: data generation interrupted)")
    }

    func testACorpusWithVocabUnsetKeepsEveryToken() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("small.txt")
        let words = (0..<40).map { "w\($0 % 10)" }.joined(separator: " ")
        try words.write(to: file, atomically: true, encoding: .utf8)
        let (output, errors) = run("corpus c = load \"\(file.path)\" split=0.8,0.1,0.1\nprint c.vocab")
        XCTAssertEqual(errors.map(\.message), [])
        XCTAssertEqual(output.last, "11", "10 words and <unk>: \(output)")
        let (_, tooMany) = run("corpus c = load \"\(file.path)\" vocab=100 split=0.8,0.1,0.1")
        XCTAssertTrue(tooMany.first?.message.contains("leave vocab unset") == true, "\(tooMany.map(\.message))")
    }

    func testEigOfEntriesThatOverflowIsAnError() {
        expectError("print eig([[1e308, 1e308], [1e308, 1e308]])", "the eigenvalues could not be computed")
        expectError("print eig([[1, 0], [0, 1/0]])", "NaN or infinite entries")
    }

    func testHiddenHasOneCapEverywhere() {
        let declared = Commands.model.variants.compactMap { $0.options.first { $0.name == "hidden" } }
        XCTAssertEqual(declared.count, 4)  // rnn, lstm, gru, urnn
        for option in declared {
            XCTAssertEqual(option.range, .between(1, Double(ModelConfig.maxHidden)))
        }
    }
}
