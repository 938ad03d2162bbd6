import Foundation
import XCTest
@testable import URNNScript
@testable import urnn

/// Completion that reads what the session holds: the members of an object after `NAME.`.
final class CompletionTests: XCTestCase {
    /// A completer over a session with the engine's commands, after running `setup`.
    func completer(after setup: String) throws -> (Completer, EngineSession) {
        let runner = ScriptRunner(output: CapturedOutput())
        let engine = EngineSession()
        EngineCommands.install(on: runner.interpreter, session: engine)
        let outcome = runner.run(SourceFile(name: "setup", text: setup))
        XCTAssertTrue(outcome.succeeded, outcome.diagnostics)
        return (Completer(interpreter: runner.interpreter, metaCommands: MetaCommand.words), engine)
    }

    func testMembersCompleteAfterADot() throws {
        let (completer, engine) = try completer(after: """
            model u = urnn hidden=4
            model r = rnn hidden=4
            task c = copy delay=3 train=16 test=8
            m = eye(2)
            """)
        defer { engine.close() }
        XCTAssertEqual(completer.candidates(before: "print ", word: "u.ru"), ["u.rule"])
        XCTAssertEqual(completer.candidates(before: "print ", word: "u.h"), ["u.hidden", "u.history"])
        XCTAssertEqual(completer.candidates(before: "", word: "c."), ["c.baseline", "c.steps"])
        XCTAssertEqual(completer.candidates(before: "x = ", word: "m."), ["m.H", "m.T", "m.cols", "m.rows"])
        // An rnn has no rule and no generator A.
        XCTAssertEqual(completer.candidates(before: "print ", word: "r.r"), [])
        XCTAssertEqual(completer.candidates(before: "print ", word: "r.A"), [])
        // Not a defined name: the word completes as before (nothing here).
        XCTAssertEqual(completer.candidates(before: "print ", word: "nothing.x"), [])
        // The kernel's completion shares the completer: the replaced range is the whole word.
        let cell = "print u.ac"
        let result = completer.complete(code: cell, cursor: cell.unicodeScalars.count)
        XCTAssertEqual(result.matches, ["u.activation"])
        XCTAssertEqual([result.start, result.end], [6, 10])
    }

    func testMembersOfAMemberComplete() throws {
        let (completer, engine) = try completer(after: """
            task c = copy delay=3 train=16 test=8
            model u = urnn hidden=4
            train u on c steps=1 batch=4
            """)
        defer { engine.close() }
        XCTAssertEqual(completer.candidates(before: "print ", word: "u.history.gr"), ["u.history.gradnorm"])
        XCTAssertEqual(completer.candidates(before: "print ", word: "u.W.r"), ["u.W.rows"])
    }
}
