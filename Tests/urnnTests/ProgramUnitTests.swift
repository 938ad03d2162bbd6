import Foundation
import URNNScript
import XCTest
@testable import urnn

/// The program's pieces that need no terminal: meta-command parsing, completion, the
/// notebook's Markdown and relative links, and the progress lines.
final class ProgramUnitTests: XCTestCase {
    func testMetaCommandsAcceptExtraSpaces() {
        XCTAssertEqual(MetaCommand("  save \t session   to  \"a b/s.urnn\" "), .saveSession("a b/s.urnn"))
        XCTAssertEqual(MetaCommand("report to \"r\\\"q.md\""), .report("r\"q.md"))
        XCTAssertEqual(MetaCommand(" history "), .history)
        XCTAssertNil(MetaCommand("save u to \"u.urnnm\""), "the language's save stays a cell")
        XCTAssertNil(MetaCommand("report to nowhere"))
        XCTAssertNil(MetaCommand("history = 3"))
    }

    func testCompletionReadsTheDeclarations() {
        let runner = ScriptRunner(output: CapturedOutput())
        runner.interpreter.define("copytask", .number(1))
        let completer = Completer(interpreter: runner.interpreter, metaCommands: MetaCommand.words)
        XCTAssertEqual(completer.candidates(before: "", word: "mod"), ["model"])
        XCTAssertEqual(completer.candidates(before: "model u = urnn ", word: "hid"), ["hidden="])
        XCTAssertEqual(completer.candidates(before: "model u = urnn hidden=8 rule=", word: ""),
                       ["cayley", "exact", "free", "geodesic", "seed"])
        XCTAssertEqual(completer.candidates(before: "model u = ", word: "ur"), ["urnn"])
        // The data of `train` is a corpus or a task: a number named like one is not offered.
        XCTAssertEqual(completer.candidates(before: "train u on ", word: "cop"), [])
        XCTAssertTrue(completer.candidates(before: "x = 1; ", word: "tra").contains("train"))
        XCTAssertEqual(completer.candidates(before: "print ", word: "exp"),
                       Builtins.names.filter { $0.hasPrefix("exp") }.sorted())
        XCTAssertFalse(completer.candidates(before: "print ", word: "").contains("model"), "commands only at the start")
        XCTAssertTrue(completer.candidates(before: "help ", word: "ru").contains("rules"))
    }

    func testReportLinksAreRelativeToTheReport() {
        let plot = URL(fileURLWithPath: "/tmp/work/plots/loss.png")
        XCTAssertEqual(Notebook.relativePath(of: plot, from: URL(fileURLWithPath: "/tmp/work")), "plots/loss.png")
        XCTAssertEqual(Notebook.relativePath(of: plot, from: URL(fileURLWithPath: "/tmp/work/report")), "../plots/loss.png")
        XCTAssertEqual(Notebook.fenced("a ``` b", info: "text"), "````text\na ``` b\n````")
    }

    func testUnderscoreNamesAreFound() {
        XCTAssertTrue(Notebook.usesREPLValue("_ @ _5"))
        XCTAssertTrue(Notebook.usesREPLValue("print _3"))
        XCTAssertFalse(Notebook.usesREPLValue("my_name = \"_3\" # _"))
    }

    func testProgressLinesArePlainAndComplete() {
        let display = ProgressDisplay(console: Console(style: TerminalStyle(
            inputIsTerminal: false, outputIsTerminal: false, colour: false, liveStatus: false)))
        let report = ProgressReport(title: "train u on copy", step: 300, total: 1000,
                                    metrics: [("loss", 0.693147), ("accuracy", 0.5123)])
        let line = display.line(report, rate: 10)
        XCTAssertEqual(line, "train u on copy  step 300/1000  loss 0.6931  accuracy 0.5123  10 steps/s  ETA 1:10")
        XCTAssertEqual(ProgressDisplay.duration(3725), "1:02:05")
    }
}
