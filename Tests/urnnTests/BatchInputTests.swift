import Foundation
import XCTest

/// What the program does with hostile or unusual input, through the real binary: very
/// deep expressions, endless and empty inputs, floods of errors, Windows text, a full
/// disk, a closed pipe and malformed `--set` values. Each ends in a message and a status,
/// never in a crash or a hang.
final class BatchInputTests: ScriptFolderTestCase {
    /// Runs a bash command line, with the binary's path in `$URNN`.
    func shell(_ command: String, timeout: TimeInterval = 30) throws -> ProcessResult {
        try runProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", command],
                       environment: ["URNN": try urnnBinary().path], directory: folder, timeout: timeout)
    }

    func testLongChainsAreErrorsInRunCheckAndCommandLine() throws {
        let sum = "print " + Array(repeating: "1", count: 7000).joined(separator: "+")
        let path = try script("sum.urnn", sum + "\n")
        for arguments in [["run", path], ["check", path], ["-c", sum]] {
            let result = try urnn(arguments)
            XCTAssertEqual(result.status, 65, "\(arguments[0]): \(result.stderr.prefix(500))")
            XCTAssertTrue(result.stderr.contains("error: expression too deeply nested (limit 1000 levels"),
                          "\(arguments[0]): \(result.stderr.prefix(500))")
        }
        let transposes = try script("t.urnn", "x = [[1, 2]]\nprint x" + String(repeating: ".T", count: 200_000) + "\n")
        let result = try urnn(["check", transposes])
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.stderr.contains("t.urnn:2:"), result.stderr.prefix(500) + "")
    }

    func testEndlessInputStopsAtTheSizeLimit() throws {
        for command in ["\"$URNN\" run - < /dev/zero", "\"$URNN\" run /dev/zero", "\"$URNN\" < /dev/zero"] {
            let result = try shell(command)
            XCTAssertEqual(result.status, 65, command)
            XCTAssertTrue(result.stderr.contains("is too large: more than 64 MiB"), "\(command): \(result.stderr)")
        }
    }

    func testAnEmptyScriptSucceedsFromAFileAndFromStandardInput() throws {
        for command in ["\"$URNN\" run /dev/null", "\"$URNN\" run - < /dev/null", "\"$URNN\" check /dev/null"] {
            let result = try shell(command)
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
            XCTAssertEqual(result.stderr, "", command)
        }
        let folderResult = try urnn(["run", folder.path])
        XCTAssertEqual(folderResult.status, 66)
        XCTAssertTrue(folderResult.stderr.contains("it is a folder"), folderResult.stderr)
    }

    func testAFloodOfErrorsShowsTwentyWithClippedLines() throws {
        let path = try script("percent.urnn", String(repeating: "%", count: 20_000) + "\n")
        let result = try urnn(["check", path])
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.stderr.components(separatedBy: "error: unexpected character '%'").count - 1, 20)
        XCTAssertTrue(result.stderr.hasSuffix("and 19980 more errors\n"), String(result.stderr.suffix(200)))
        XCTAssertLessThan(result.stderr.utf8.count, 10_000, "the output is short")
        for line in result.stderr.split(separator: "\n") where line.hasPrefix("    ") {
            XCTAssertLessThanOrEqual(line.count, 100, "a quoted line is clipped to 100 columns off a terminal")
        }
        // The caret of the 20th error stands under its '%', in the clipped line.
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let last = try XCTUnwrap(lines.lastIndex { $0.contains(":1:20: error:") })
        XCTAssertEqual(lines[last + 1], "    " + String(repeating: "%", count: 94) + "…")
        XCTAssertEqual(lines[last + 2], "    " + String(repeating: " ", count: 19) + "^")
        let far = try script("far.urnn", "# a long line follows\n" + String(repeating: " ", count: 500) + "print q\n")
        let farResult = try urnn(["check", far])
        XCTAssertTrue(farResult.stderr.contains("far.urnn:2:507: error: undefined name 'q'\n    …"
                                                + String(repeating: " ", count: 86) + "print q\n    "
                                                + String(repeating: " ", count: 93) + "^\n"), farResult.stderr)
    }

    func testCheckTreatsSeveralFilesAsOneSession() throws {
        let a = try script("a.urnn", "y = 10\n")
        let b = try script("b.urnn", "print y + 1\nprint z\n")
        let result = try urnn(["check", a, b])
        XCTAssertEqual(result.status, 65)
        XCTAssertFalse(result.stderr.contains("undefined name 'y'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("b.urnn:2:7: error: undefined name 'z'"), result.stderr)
        XCTAssertEqual(try urnn(["check", a, try script("c.urnn", "print y\n")]).status, 0)
    }

    func testWindowsLineEndsAndAByteOrderMarkAreAccepted() throws {
        let crlf = try script("crlf.urnn", "x = 1\r\nprint x + 1\r\nprint \"a b\"\r\n")
        let result = try urnn(["run", crlf])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "2\na b\n")
        let bom = try script("bom.urnn", "\u{FEFF}x = 2\r\nprint x, qq\r\n")
        let bad = try urnn(["run", bom])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.contains("bom.urnn:2:10: error: undefined name 'qq'\n    print x, qq\n             ^~\n"),
                      bad.stderr)
        XCTAssertEqual(try urnn(["run", try script("b2.urnn", "\u{FEFF}print 3\n")]).stdout, "3\n")
    }

    func testAFullDeviceIsAnErrorWithAMessage() throws {
        let result = try shell("\"$URNN\" -c 'print 1' > /dev/full")
        XCTAssertEqual(result.status, 74)
        XCTAssertTrue(result.stderr.contains("cannot write to standard output: No space left on device"), result.stderr)
        let loop = try shell("\"$URNN\" -c 'for i in range(100000) { print i }' > /dev/full")
        XCTAssertEqual(loop.status, 74)
        XCTAssertEqual(loop.stderr.components(separatedBy: "\n").count, 2, "one message: \(loop.stderr)")
    }

    func testAClosedPipeEndsQuietly() throws {
        // Also with SIGPIPE ignored, as after a plot started gnuplot: the run still stops.
        for prefix in ["", "trap '' PIPE; "] {
            let result = try shell(prefix + "\"$URNN\" -c 'for i in range(1000000) { print i }' | head -1; "
                                   + "echo \"status ${PIPESTATUS[0]}\"")
            XCTAssertEqual(result.stdout, "0\nstatus 141\n", prefix)
            XCTAssertEqual(result.stderr, "", prefix)
        }
    }

    func testSetRefusesNonDecimalNumbersAndRepeats() throws {
        let path = try script("p.urnn", "param steps = 5\nprint steps\n")
        for value in ["nan", "inf", "-inf", "0x10", "1e999", ""] {
            let result = try urnn(["run", path, "--set", "steps=\(value)"])
            XCTAssertEqual(result.status, 65, value)
            XCTAssertTrue(result.stderr.contains("parameter 'steps' is a number (its default is 5); the override "
                                                 + "steps=\(value) is not: write a finite decimal number"),
                          "\(value): \(result.stderr)")
            XCTAssertEqual(result.stdout, "")
        }
        XCTAssertEqual(try urnn(["run", path, "--set", "steps=-2.5e1"]).stdout, "-25\n")
        let twice = try urnn(["run", path, "--set", "steps=1", "--set", "steps=2"])
        XCTAssertEqual(twice.status, 64)
        XCTAssertTrue(twice.stderr.contains("--set steps is given twice (steps=1 and steps=2)"), twice.stderr)
    }

    func testExitStatusesAreDocumentedInHelp() throws {
        let help = try urnn(["--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for text in ["64 wrong usage", "65 script error", "66 missing input file", "74 standard output", "130 interrupted"] {
            XCTAssertTrue(help.contains(text), "--help names '\(text)':\n\(help)")
        }
    }
}
