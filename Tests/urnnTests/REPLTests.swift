import Foundation
import XCTest

/// The REPL on a real terminal (tmux): typing, completion, history, Ctrl-C, Ctrl-D,
/// errors, `save session` and `report`.
final class REPLTests: REPLTestCase {
    func testTypeCompleteRecallAndLeave() throws {
        let terminal = try startREPL()
        try terminal.enter("x = 21")
        try terminal.waitFor("[2]>")
        try terminal.enter("print x * 2")
        try terminal.waitFor("\n42\n")

        // A command at the start of a statement, then an option of the command being typed.
        try terminal.type("pri")
        try terminal.press("Tab")
        try terminal.waitFor("[3]> print")
        try terminal.press("C-u")
        try terminal.type("model u = urnn hid")
        try terminal.press("Tab")
        try terminal.waitFor("model u = urnn hidden=")
        // The values of an enumerated option, listed on a double Tab.
        try terminal.type("8 rule=")
        try terminal.press("Tab", "Tab")
        try terminal.waitFor("the five rules on one line") { screen in
            screen.components(separatedBy: "\n").contains { row in
                ["exact", "seed", "cayley", "geodesic", "free"].allSatisfy(row.contains)
            }
        }
        try terminal.press("C-u")

        // A defined name completes too.
        try terminal.type("print lon")
        try terminal.enter("")
        try terminal.enter("longname = 5")
        try terminal.waitFor("[4]>")
        try terminal.type("print longn")
        try terminal.press("Tab")
        try terminal.waitFor("print longname")
        try terminal.press("Enter")
        try terminal.waitFor("\n5\n")

        // Up-arrow recalls the previous line; Enter runs it again.
        try terminal.press("Up")
        try terminal.waitFor("[5]> print longname")
        try terminal.press("Enter")
        try terminal.waitFor("\n5\n", count: 2)

        try terminal.press("C-d")
        try terminal.waitFor("EXITED 0")
        let history = try String(contentsOf: historyFile, encoding: .utf8)
        // Completion leaves a space after the name it completed.
        for line in ["x = 21", "print x * 2", "longname = 5", "print longname "] {
            XCTAssertTrue(history.contains(line + "\n"), "history has '\(line)':\n\(history)")
        }
    }

    func testCtrlCStopsALoopAndKeepsTheSession() throws {
        let terminal = try startREPL()
        try terminal.enter("i = 0")
        try terminal.enter("while true { i = i + 1 }")
        try terminal.waitFor("while true { i = i + 1 }\n")
        usleep(400_000)
        try terminal.press("C-c")
        try terminal.waitFor("error: interrupted")
        try terminal.waitFor("[3]>")
        try terminal.enter("print i > 0")
        try terminal.waitFor("\ntrue\n")

        // Ctrl-C at the prompt drops the line, and a half-typed block with it.
        try terminal.enter("for k in range(2) {")
        try terminal.waitFor("...>")
        try terminal.type("print \"never\"")
        try terminal.press("C-c")
        try terminal.waitFor("[4]>", count: 2)
        try terminal.enter("print \"fresh\"")
        try terminal.waitFor("\nfresh\n")
        XCTAssertFalse(try terminal.screen().contains("\nnever"))

        try terminal.enter("history")
        try terminal.waitFor("# interrupted")
        try terminal.press("C-d")
        try terminal.waitFor("EXITED 0")
    }

    func testMalformedLinesAreReportedAndTheSessionGoesOn() throws {
        let terminal = try startREPL()
        let bad = ["print 1 +", "model r rnn", "print undefined_thing", "print expm([[1, 2, 3]])", "x = )"]
        for line in bad { try terminal.enter(line) }
        try terminal.enter("print \"still here\"")
        let screen = try terminal.waitFor("\nstill here\n")
        for n in 1...bad.count {
            XCTAssertTrue(screen.contains("<cell \(n)>:1:"), "cell \(n) reported:\n\(screen)")
        }
        XCTAssertTrue(screen.contains("undefined name 'undefined_thing'"))
        XCTAssertTrue(screen.contains("expected '=' after model name"))
        XCTAssertTrue(screen.contains("^"), "caret diagnostics")
        try terminal.press("C-d")
        try terminal.waitFor("EXITED 0")
    }

    func testASumOf7000TermsIsAnErrorAndTheSessionGoesOn() throws {
        let terminal = try startREPL()
        try terminal.enter("print " + Array(repeating: "1", count: 7000).joined(separator: "+"))
        try terminal.waitFor("too deeply nested (limit 1000", timeout: 30)
        try terminal.enter("print 6 * 7")
        try terminal.waitFor("\n42\n")
        try terminal.press("C-d")
        try terminal.waitFor("EXITED 0")
    }

    func testSavedSessionRunsWithTheSameOutputAndReportIsMarkdown() throws {
        let terminal = try startREPL()
        try terminal.enter("a = 3")
        try terminal.enter("print a * 2")
        try terminal.enter("print nope")
        try terminal.enter("for i in range(3) {")
        try terminal.waitFor("...>")
        try terminal.enter("  print i + a")
        try terminal.enter("}")
        try terminal.waitFor("\n5\n")
        try terminal.enter("[[1, 2], [3, 4]]")
        try terminal.enter("_ @ _5")
        try terminal.waitFor("[7]>")
        try terminal.enter("save   session  to \"out/session.urnn\"")
        try terminal.waitFor("wrote session")
        try terminal.enter("report to \"out/report.md\"")
        try terminal.waitFor("wrote report")
        try terminal.press("C-d")
        let screen = try terminal.waitFor("EXITED 0")
        XCTAssertTrue(screen.contains(" 7  10\n15  22\n"), "_ @ _5 squares the matrix of cell 5:\n\(screen)")

        let script = folder.appendingPathComponent("out/session.urnn")
        let saved = try String(contentsOf: script, encoding: .utf8)
        XCTAssertFalse(saved.contains("nope"), "the failed cell is left out:\n\(saved)")
        // The session's printed output, in order: cells 2 and 4.
        let rerun = try urnn(["run", script.path])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertEqual(rerun.stdout, "6\n3\n4\n5\n")

        let report = try String(contentsOf: folder.appendingPathComponent("out/report.md"), encoding: .utf8)
        try assertWellFormedMarkdown(report, folder: folder.appendingPathComponent("out"))
        XCTAssertTrue(report.contains("```urnn\nfor i in range(3) {\n  print i + a\n}\n```"), report)
        XCTAssertTrue(report.contains("```text\n3\n4\n5\n```"), report)
        XCTAssertTrue(report.contains("undefined name 'nope'"), report)
        XCTAssertEqual(report.components(separatedBy: "## [").count - 1, 6, "one section per cell")
    }

    /// With the engine installed: Ctrl-C stops a training, the model keeps its last step,
    /// and a plot made afterwards is linked from the report. Skipped in a build without
    /// the engine commands.
    func testInterruptTrainingThenReportWithPlot() throws {
        let probe = try urnn(["-c", "task t = copy delay=5 train=50 test=10"])
        if probe.stderr.contains("not available") { throw XCTSkip("the engine commands are not in this build") }
        let terminal = try startREPL()
        try terminal.enter("task t = copy delay=20 train=500 test=50")
        try terminal.enter("model u = urnn hidden=16")
        try terminal.enter("train u on t steps=1000000 batch=16 log_every=5")
        // Its progress lines (every 5 steps) can scroll the prompt off the screen between two
        // looks at it: either one shows that the training has started.
        try terminal.waitFor("the training to start") { $0.contains("[3]> train") || $0.contains("train u on t  step ") }
        usleep(1_500_000)
        try terminal.press("C-c")
        try terminal.waitFor("[4]>", timeout: 20)
        try terminal.enter("eig u")
        try terminal.waitFor("unitarity error")
        try terminal.enter("plot loss u to \"plots/loss.png\"")
        try terminal.waitFor("[6]>", timeout: 20)
        try terminal.enter("report to \"out/report.md\"")
        try terminal.waitFor("wrote report")
        try terminal.press("C-d")
        try terminal.waitFor("EXITED 0")
        let report = try String(contentsOf: folder.appendingPathComponent("out/report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("](../plots/loss.png)"), report)
        try assertWellFormedMarkdown(report, folder: folder.appendingPathComponent("out"))
    }

    /// Every fence closes, and every image link points at a file that exists.
    func assertWellFormedMarkdown(_ text: String, folder: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        var open: String?
        for row in text.components(separatedBy: "\n") where row.hasPrefix("```") {
            let fence = String(row.prefix { $0 == "`" })
            if let current = open {
                if row == current { open = nil }
            } else {
                open = fence
            }
        }
        XCTAssertNil(open, "an unclosed code fence", file: file, line: line)
        let links = try Regex(#"!\[[^\]]*\]\(<?([^)>]+)>?\)"#)
        for match in text.matches(of: links) {
            guard let target = match.output[1].substring.map(String.init) else { continue }
            XCTAssertFalse(target.hasPrefix("/"), "image links are relative: \(target)", file: file, line: line)
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(target).path),
                          "image \(target) exists", file: file, line: line)
        }
    }
}
