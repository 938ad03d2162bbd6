import Foundation
import XCTest
@testable import URNNScript
@testable import urnn

/// Completion that reads what the session holds: the members of an object after `NAME.`,
/// and at each place of a command what its declaration expects there.
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

    /// A session with two models, a corpus-less pair of tasks, a run and a matrix.
    static let typedSetup = """
        model u = urnn hidden=4
        model r = rnn hidden=4
        task copy = copy delay=3 train=16 test=8
        task add = adding length=5 train=16 test=8
        h = 3
        m = eye(2)
        """

    func testEachPlaceOffersWhatTheDeclarationExpects() throws {
        let (c, engine) = try completer(after: Self.typedSetup)
        defer { engine.close() }
        // A model argument: the models only (not the tasks, numbers or options).
        XCTAssertEqual(c.candidates(before: "plot loss ", word: ""), ["r", "u"])
        XCTAssertEqual(c.candidates(before: "eig ", word: ""), ["r", "u"])
        // A repeated one with a value already: more models, `to FILE`, the options.
        let afterModel = c.candidates(before: "plot loss u ", word: "")
        XCTAssertTrue(afterModel.contains("r") && afterModel.contains("to") && afterModel.contains("smooth="), "\(afterModel)")
        XCTAssertFalse(afterModel.contains("copy"), "\(afterModel)")
        // The keyword the pattern requires next, then the data: corpora and tasks only.
        XCTAssertEqual(c.candidates(before: "train u ", word: ""), ["on"])
        XCTAssertEqual(c.candidates(before: "train u on ", word: ""), ["add", "copy"])
        XCTAssertEqual(c.candidates(before: "eval r on ", word: "c"), ["copy"])
        XCTAssertEqual(c.candidates(before: "plot gradflow u r on ", word: ""), ["add", "copy"])
        // A string argument offers no names (a quote opens file completion).
        XCTAssertEqual(c.candidates(before: "save u to ", word: ""), [])
        // An expression: any name and the functions.
        XCTAssertTrue(c.candidates(before: "export ", word: "").contains("m"))
        XCTAssertTrue(c.candidates(before: "export ", word: "").contains("expm"))
        // Any word: the names (`del NAME`); after `time`, a statement.
        XCTAssertEqual(c.candidates(before: "del ", word: "h"), ["h"])
        XCTAssertEqual(c.candidates(before: "time train u on ", word: ""), ["add", "copy"])
        XCTAssertEqual(c.candidates(before: "time ", word: "tra"), ["trace", "train", "transpose"])
        // The kinds of a command, then the kind's own pattern.
        XCTAssertEqual(c.candidates(before: "show ", word: "m"), ["models"])
        XCTAssertEqual(c.candidates(before: "show results ", word: "w"), ["where"])
        // After `where`, the filter's options, and what the pattern needs next.
        XCTAssertEqual(c.candidates(before: "export results ", word: ""), ["to", "where"])
        XCTAssertEqual(c.candidates(before: "export results where ", word: ""), ["data=", "model=", "split=", "to"])
        XCTAssertEqual(c.candidates(before: "export results where data=copy ", word: ""), ["model=", "split=", "to"])
        XCTAssertEqual(c.candidates(before: "plot loss u to ", word: ""), [])
        XCTAssertEqual(c.candidates(before: "plot history u ", word: "grad"), ["gradnorm"])
        // The kernel's completion of a cell reads the same declarations.
        let cell = "model v = rnn\nplot svd "
        XCTAssertEqual(c.complete(code: cell, cursor: cell.unicodeScalars.count).matches, ["r", "u"])
    }

    func testOptionsAlreadyWrittenAreNotOfferedAgain() throws {
        let (c, engine) = try completer(after: Self.typedSetup)
        defer { engine.close() }
        let fresh = c.candidates(before: "train u on copy ", word: "")
        XCTAssertTrue(fresh.contains("steps=") && fresh.contains("batch="), "\(fresh)")
        let after = c.candidates(before: "train u on copy steps=10 batch=8 ", word: "")
        XCTAssertFalse(after.contains("steps=") || after.contains("batch="), "\(after)")
        XCTAssertTrue(after.contains("lr="), "\(after)")
        XCTAssertEqual(c.candidates(before: "train u on copy steps=10 ", word: "st"), [])
        // A bare bool option counts as written.
        XCTAssertFalse(c.candidates(before: "plot loss u inline ", word: "in").contains("inline="))
        // Options come once the required arguments are there.
        XCTAssertFalse(c.candidates(before: "train u on ", word: "").contains("steps="))
    }
}
