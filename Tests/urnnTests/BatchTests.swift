import Foundation
import XCTest

/// The program without a terminal: `run`, `check`, `-c`, `--set`, standard input, exit
/// statuses and diagnostics, all through the real binary.
final class BatchTests: ScriptFolderTestCase {
    /// `log_every=0` prints no progress lines, only the summary (as `eval_every=0` means
    /// "at the end"); `log_every=1` prints one per step.
    func testLogEveryZeroPrintsNoProgressLines() throws {
        func train(_ logEvery: Int) throws -> ProcessResult {
            let path = try script("log\(logEvery).urnn", """
                task c = copy delay=5 train=20 test=8 valid=8
                model m = rnn hidden=4
                train m on c steps=3 batch=2 log_every=\(logEvery)
                """ + "\n")
            return try urnn(["run", path])
        }
        let quiet = try train(0), chatty = try train(1)
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertTrue(quiet.stdout.contains("train m on c: 3 steps in "), quiet.stdout)
        XCTAssertFalse((quiet.stdout + quiet.stderr).contains("step 3/3"), quiet.stdout + quiet.stderr)
        XCTAssertTrue((chatty.stdout + chatty.stderr).contains("step 1/3"), chatty.stdout + chatty.stderr)
    }

    func testRunSucceedsWithOutputOnStdout() throws {
        let path = try script("ok.urnn", "x = 2\nfor i in range(3) { print i * x }\n")
        let result = try urnn(["run", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "0\n2\n4\n")
        XCTAssertEqual(result.stderr, "")
    }

    func testScriptErrorExits65WithCaretDiagnostic() throws {
        let path = try script("bad.urnn", "print \"before\"\nprint expm([[1, 2, 3]])\nprint \"after\"\n")
        let result = try urnn(["run", path])
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.stdout, "before\n", "the run stops at the runtime error")
        XCTAssertTrue(result.stderr.contains("\(path):2:7: error: expm needs a square matrix, got 1x3"), result.stderr)
        XCTAssertTrue(result.stderr.contains("    print expm([[1, 2, 3]])\n          ^"), result.stderr)
        XCTAssertFalse(result.stderr.contains("\u{1B}"), "no ANSI escapes off a terminal")
        XCTAssertFalse(result.stderr.contains("\r") || result.stdout.contains("\r"), "no carriage returns off a terminal")
    }

    func testMissingFileExits66() throws {
        let result = try urnn(["run", folder.appendingPathComponent("nowhere.urnn").path])
        XCTAssertEqual(result.status, 66)
        XCTAssertTrue(result.stderr.contains("cannot open"), result.stderr)
        XCTAssertTrue(result.stderr.contains("nowhere.urnn"), result.stderr)
    }

    func testMissingSecondFileFailsBeforeAnythingRuns() throws {
        let first = try script("first.urnn", "print \"ran\"\n")
        let result = try urnn(["run", first, folder.appendingPathComponent("absent.urnn").path])
        XCTAssertEqual(result.status, 66)
        XCTAssertEqual(result.stdout, "")
    }

    func testSeveralFilesShareOneSession() throws {
        let a = try script("a.urnn", "param n = 1\ny = 10\n")
        let b = try script("b.urnn", "print y + n\n")
        let result = try urnn(["run", a, b, "--set", "n=5"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "15\n")
    }

    func testCheckResolvesWithoutRunning() throws {
        let runtime = try script("runtime.urnn", "print \"side effect\"\nprint expm([[1, 2, 3]])\n")
        let checked = try urnn(["check", runtime])
        XCTAssertEqual(checked.status, 0, checked.stderr)
        XCTAssertEqual(checked.stdout, "ok: 2 statements, no problems\n", "check runs nothing")

        let bad = try script("names.urnn", "print 1\nprint undefined_thing\nmodel r = rnn hiden=64\n")
        let result = try urnn(["check", bad])
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("names.urnn:2:7: error: undefined name 'undefined_thing'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("did you mean 'hidden'?"), result.stderr)
    }

    func testCheckChecksTheSetsAsRunDoes() throws {
        let path = try script("param.urnn", "param steps = 2000\nprint steps\n")
        XCTAssertEqual(try urnn(["check", path, "--set", "steps=50"]).stdout, "ok: 2 statements, no problems\n")
        for set in ["stpes=5", "steps=abc"] {
            let checked = try urnn(["check", path, "--set", set])
            let ran = try urnn(["run", path, "--set", set])
            XCTAssertEqual(checked.status, 65, "check --set \(set): \(checked.stderr)")
            XCTAssertEqual(ran.status, 65, "run --set \(set): \(ran.stderr)")
            XCTAssertEqual(checked.stderr, ran.stderr, "--set \(set): check and run say the same")
            XCTAssertEqual(ran.stdout, "", "run --set \(set) refuses before anything runs")
        }
        XCTAssertTrue(try urnn(["check", path, "--set", "stpes=5"]).stderr.contains("did you mean 'steps'?"))
        XCTAssertTrue(try urnn(["check", path, "--set", "steps=abc"]).stderr
            .contains("param.urnn:1:15: error: parameter 'steps' is a number (its default is 2000); the override steps=abc is not"))
        // Several files: a name no file declares, and the type per file.
        let other = try script("other.urnn", "print 1\n")
        XCTAssertEqual(try urnn(["check", path, other, "--set", "nope=1"]).status, 65)
        XCTAssertEqual(try urnn(["check", path, other, "--set", "steps=1"]).stdout, "ok: 2 files, 3 statements, no problems\n")
    }

    func testCommandLineStatements() throws {
        let result = try urnn(["-c", "a = [[1, 0], [0, 1]]; print a @ a == eye(2)"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "true\n")

        let bad = try urnn(["-c", "print 1 +"])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.contains("<command line>:1:"), bad.stderr)
    }

    func testSetOverridesParameters() throws {
        let path = try script("param.urnn", "param steps = 2000\nparam title = \"run\"\nprint steps, title\n")
        let result = try urnn(["run", path, "--set", "steps=50", "--set", "title=short"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "50 short\n")

        let typo = try urnn(["run", path, "--set", "stpes=5"])
        XCTAssertEqual(typo.status, 65)
        XCTAssertTrue(typo.stderr.contains("did you mean 'steps'?"), typo.stderr)

        let malformed = try urnn(["run", path, "--set", "steps"])
        XCTAssertNotEqual(malformed.status, 0)
        XCTAssertTrue(malformed.stderr.contains("NAME=VALUE"), malformed.stderr)
    }

    func testStandardInputRunsAsAScriptWithoutPrompts() throws {
        let piped = try urnn([], input: "x = 3\nprint x * x\n")
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(piped.stdout, "9\n")
        XCTAssertFalse(piped.stdout.contains("]>"), "no prompts off a terminal")

        let dash = try urnn(["run", "-"], input: "print \"from stdin\"\nprint nope\n")
        XCTAssertEqual(dash.status, 65)
        XCTAssertTrue(dash.stderr.contains("<stdin>:2:7: error: undefined name 'nope'"), dash.stderr)

        let repl = try urnn(["repl"], input: "print 1 + 1\n")
        XCTAssertEqual(repl.stdout, "2\n", "`urnn repl` off a terminal runs its input too")
    }

    func testVersionAndHelp() throws {
        let version = try urnn(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertFalse(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        let help = try urnn(["--help"])
        XCTAssertEqual(help.status, 0)
        for word in ["run", "check", "repl", "-c", "--set"] {
            XCTAssertTrue(help.stdout.contains(word), "--help mentions \(word):\n\(help.stdout)")
        }
    }
}
