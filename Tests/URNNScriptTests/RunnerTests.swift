import Foundation
import XCTest
import Numerics
import URNNEngine
@testable import URNNScript

final class RunnerTests: XCTestCase {
    func testCellsShareTheSessionAndCaptureOutput() {
        let (runner, output) = makeTestRunner()
        let first = runner.runCell("a = [[0, -1], [1, 0]]\nprint \"defined\"", number: 1)
        XCTAssertFalse(first.errored)
        XCTAssertEqual(first.output, ["defined"])
        let second = runner.runCell("is_unitary(expm(a))", number: 2)
        XCTAssertEqual(second.value.description, "true")
        XCTAssertEqual(second.output, [])
        let third = runner.runCell("print b", number: 3)
        XCTAssertTrue(third.errored)
        XCTAssertTrue(third.errors[0].rendered.hasPrefix("<cell 3>:1:7: error: undefined name 'b'"))
        XCTAssertEqual(output.lines, ["defined"], "cell output also reaches the session's sink")
        // A session survives errors: the next cell still sees `a`.
        XCTAssertFalse(runner.runCell("print len(a)", number: 4).errored)
    }

    func testIncompleteCellRunsNothing() {
        let (runner, output) = makeTestRunner()
        let cell = runner.runCell("for i in range(2) {\n  print i", number: 1)
        XCTAssertTrue(cell.isIncomplete)
        XCTAssertEqual(output.lines, [])
        XCTAssertEqual(runner.runCell("for i in range(2) {\n  print i\n}", number: 1).output, ["0", "1"])
    }

    func testParameterOverrides() {
        let script = "param steps = 2000\nparam name = \"a\"\nprint steps, name"
        let (runner, output) = makeTestRunner(overrides: ["steps": "50", "name": "b"])
        XCTAssertTrue(runner.run(text: script).succeeded)
        XCTAssertEqual(output.lines, ["50 b"])

        let (typo, _) = makeTestRunner(overrides: ["stpes": "50"])
        let outcome = typo.run(text: script)
        XCTAssertEqual(outcome.exitCode, 65)
        XCTAssertTrue(outcome.diagnostics.contains("--set stpes: the script has no parameter 'stpes' (it declares steps, name); did you mean 'steps'?"),
                      outcome.diagnostics)

        let (wrongType, _) = makeTestRunner(overrides: ["steps": "many"])
        XCTAssertTrue(wrongType.run(text: script).diagnostics.contains("parameter 'steps' is a number"))
        XCTAssertEqual(ScriptRunner.parseOverride("steps=50").map { [$0.0, $0.1] }, ["steps", "50"])
        XCTAssertNil(ScriptRunner.parseOverride("=50"))
    }

    func testAParameterMayTakeACommandsName() {
        // `urnn sweep --seeds` passes the seed as the parameter `seed`.
        let script = "param seed = 3\nseed seed\nprint seed"
        let (runner, output) = makeTestRunner(overrides: ["seed": "7"])
        let outcome = runner.run(text: script)
        XCTAssertTrue(outcome.succeeded, outcome.diagnostics)
        XCTAssertEqual(output.lines, ["7"])
        XCTAssertEqual(runner.interpreter.settings.seed, 7)
        let (assigned, _) = makeTestRunner()
        XCTAssertTrue(assigned.run(text: "seed = 3").diagnostics.contains("'seed' is a command; choose another name"))
    }

    func testOverrideNumbersAreDecimal() {
        for text in ["100", "-0.5", "1e-3", " 7 ", "+2", "2.5E+3"] {
            XCTAssertNotNil(Interpreter.decimalNumber(text), text)
        }
        for text in ["nan", "inf", "-inf", "infinity", "0x10", "1e999", "", "1.", ".5", "1_000", "--1"] {
            XCTAssertNil(Interpreter.decimalNumber(text), text)
        }
        let (runner, _) = makeTestRunner(overrides: ["steps": "nan"])
        let outcome = runner.run(text: "param steps = 2000")
        XCTAssertTrue(outcome.diagnostics.contains("parameter 'steps' is a number (its default is 2000); the override "
                                                   + "steps=nan is not: write a finite decimal number"), outcome.diagnostics)
    }

    func testSeveralFilesAreCheckedAsOneSession() {
        let (runner, output) = makeTestRunner()
        let sources = [SourceFile(name: "a", text: "x = 1\nmodel m = rnn"), SourceFile(name: "b", text: "print x, m, zzz")]
        let errors = runner.check(sources)
        XCTAssertEqual(errors[0].count, 0)
        XCTAssertEqual(errors[1].map(\.message), ["undefined name 'zzz'"])
        XCTAssertEqual(output.lines, [], "nothing runs")
        XCTAssertNil(runner.interpreter.lookup("x"))
    }

    func testExitCodes() {
        let (runner, _) = makeTestRunner()
        XCTAssertEqual(runner.run(text: "print 1").exitCode, 0)
        XCTAssertEqual(runner.run(text: "print (").exitCode, 65)
        XCTAssertEqual(runner.runFile("/nonexistent/dir/x.urnn").exitCode, 66)
        XCTAssertEqual(runner.checkFile("/nonexistent/dir/x.urnn").category, .missingInput)
    }

    func testCheckRunsNothing() {
        let (runner, output) = makeTestRunner()
        let (_, errors) = runner.check(SourceFile(name: "c", text: "print 1\nmodel m = rnn\ntrain m on m"))
        XCTAssertEqual(errors.count, 0)
        XCTAssertEqual(output.lines, [])
        XCTAssertNil(runner.interpreter.lookup("m"))
    }

    func testRegisteredHandlerReceivesTypedInvocation() throws {
        let (runner, output) = makeTestRunner()
        var seen: Invocation? = nil
        runner.interpreter.register("train") { inv, interpreter in
            seen = inv
            _ = try inv.object("MODEL", kinds: ["model"])
            interpreter.output.write("trained \(try inv.int("steps"))")
            return .none
        }
        let outcome = runner.run(text: "model u = urnn\ntask copy = copy\nn = 20\ntrain u on copy steps=n * 5 lr=1e-4 carry")
        XCTAssertTrue(outcome.succeeded, outcome.diagnostics)
        XCTAssertEqual(output.lines, ["trained 100"])
        let inv = try XCTUnwrap(seen)
        XCTAssertEqual(try inv.number("lr"), 1e-4)
        XCTAssertEqual(try inv.bool("carry"), true)
        XCTAssertEqual(try inv.string("optimizer"), "rmsprop", "defaults are filled in")
        XCTAssertNil(try inv.autoInt("epochs"), "auto defaults stay absent")
        XCTAssertEqual(try ["steps", "lr", "carry", "batch"].filter { try inv.isGiven($0) }, ["steps", "lr", "carry"])
        XCTAssertEqual((try inv.object("DATA", kinds: ["corpus", "task"])).kindName, "task")
        XCTAssertThrowsError(try inv.object("DATA", kinds: ["model"])) { error in
            XCTAssertEqual((error as? ScriptError)?.message, "type error: 'train' needs a model, got task 'copy'")
        }
    }

    func testChoiceComputedAtRunTimeIsChecked() {
        let (runner, _) = makeTestRunner()
        XCTAssertTrue(runner.run(text: "r = \"cayley\"\nmodel u = urnn rule=(r)").succeeded)
        let bad = runner.run(text: "r = \"cayly\"\nmodel u = urnn rule=(r)")
        XCTAssertTrue(bad.diagnostics.contains("value 'cayly' not allowed for rule; allowed: exact, seed, cayley, geodesic, free; did you mean 'cayley'?"),
                      bad.diagnostics)
    }

    func testRedefiningAnObjectLeavesANote() {
        let (runner, output) = makeTestRunner()
        _ = runner.run(text: "model u = rnn\nmodel u = urnn\nx = 1\nx = 2")
        XCTAssertEqual(output.notes, ["'u' redefined: it was model 'u', now model 'u'"])
    }

    func testExportWritesCSVThatReadsBackExactly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-export-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sub/m.csv").path
        let (runner, _) = makeTestRunner()
        let outcome = runner.run(text: "export [[0.1, 2], [1e-17, -3]] to \"\(path)\"")
        XCTAssertTrue(outcome.succeeded, outcome.diagnostics)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let cells = text.split(separator: "\n").map { $0.split(separator: ",").compactMap { Double($0) } }
        XCTAssertEqual(cells, [[0.1, 2], [1e-17, -3]])
        XCTAssertTrue(runner.run(text: "export [1, 2] to \"\(dir.path)/x.txt\"").diagnostics.contains("use a .csv or .npy file name"))
    }

    func testExportOfEigenvaluesWritesA1DArrayAndSaysWhatItWrote() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-export-eig-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (runner, output) = makeTestRunner()
        // A rotation by 90 degrees: eigenvalues ±i.
        let outcome = runner.run(text: """
            e = eig([[0, -1], [1, 0]])
            export e to "\(dir.path)/e.npy"
            export e to "\(dir.path)/e.csv"
            export [1.5, -2] to "\(dir.path)/x.npy"
            """)
        XCTAssertTrue(outcome.succeeded, outcome.diagnostics)
        XCTAssertEqual(output.lines, ["export: wrote \(dir.path)/e.npy (list of 2 numbers, 160 bytes)",
                                      "export: wrote \(dir.path)/e.csv (list of 2 numbers, 10 bytes)",
                                      "export: wrote \(dir.path)/x.npy (list of 2 numbers, 144 bytes)"])
        let e = try NPY.read(from: dir.appendingPathComponent("e.npy"))
        XCTAssertEqual(e, .complex(ComplexMatrix(rows: 2, cols: 1, elements: [Complex(0, 1), Complex(0, -1)])))
        let bytes = try Data(contentsOf: dir.appendingPathComponent("e.npy"))
        XCTAssertTrue(String(decoding: bytes.prefix(128), as: UTF8.self).contains("'shape': (2,)"))
        XCTAssertEqual(try String(contentsOfFile: dir.appendingPathComponent("e.csv").path, encoding: .utf8), "0+1j\n0-1j\n")
        XCTAssertEqual(try NPY.read(from: dir.appendingPathComponent("x.npy")), .real(Matrix(rows: 2, cols: 1, elements: [1.5, -2])))
    }
}
