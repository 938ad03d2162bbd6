import Foundation
import XCTest

/// The session's conveniences in a real terminal (tmux): `who`, `del`, `time`, `help` of
/// the session's own commands, `_N` of a cell without a value, and `save session` after
/// a training Ctrl-C stopped.
final class SessionCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder("session-\(name.filter(\.isLetter))")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func startREPL() throws -> TerminalSession {
        let binary = try urnnBinary().path
        let terminal = try TerminalSession("'\(binary)' repl", environment: [
            "URNN_HISTORY": folder.appendingPathComponent("state/history").path, "INPUTRC": "/dev/null",
            "HOME": folder.path, "TERM": "xterm",
        ], folder: folder)
        try terminal.waitFor("[1]>")
        return terminal
    }

    func testWhoDelTimeHelpAndCellsWithoutValue() throws {
        let terminal = try startREPL()
        try terminal.enter("a = 3")
        try terminal.enter("m = eye(3)")
        try terminal.enter("_1")
        try terminal.waitFor("cell 1 has no value")
        try terminal.enter("_9")
        try terminal.waitFor("cell 9 has not run yet")
        try terminal.enter("who")
        var screen = try terminal.waitFor("[6]>")
        let rows = screen.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        for row in ["name kind shape / value", "a number 3", "m matrix 3x3"] {
            XCTAssertTrue(rows.contains(row), "who shows '\(row)':\n\(screen)")
        }
        let table = rows.drop { $0 != "name kind shape / value" }.dropFirst().prefix { !$0.hasPrefix("[") }
        XCTAssertEqual(table.map { String($0.prefix { $0 != " " }) }, ["a", "m", "results"], "who leaves out _ and _N:\n\(screen)")
        try terminal.enter("del a")
        try terminal.enter("print a")
        try terminal.waitFor("undefined name 'a'")
        try terminal.enter("time x = 2 + 2")
        try terminal.waitFor("wall time: ")
        try terminal.enter("time x * 10")
        try terminal.waitFor("\n40\n")
        try terminal.enter("help")
        screen = try terminal.waitFor("[11]>")
        XCTAssertTrue(screen.contains("Session commands"), screen)
        for line in ["history", "save session to \"FILE\"", "report to \"FILE.md\"", "exit"] {
            XCTAssertTrue(screen.contains("\n  " + line + " "), "help lists '\(line)':\n\(screen)")
        }
        try terminal.enter("help history")
        try terminal.waitFor("List the cells with their numbers.")
        try terminal.enter("help report")
        try terminal.waitFor("Write the session as a Markdown notebook.")
        try terminal.press("C-d")
        try terminal.waitFor("EXITED 0")
    }

    /// Ctrl-C stops a training after some steps; another training follows; the saved
    /// session replays the steps the interrupted one completed, and no note about `_`.
    func testAnInterruptedTrainingIsSavedAsTheStepsItCompleted() throws {
        let probe = try urnn(["-c", "task t = copy delay=5 train=50 test=10"])
        if probe.stderr.contains("not available") { throw XCTSkip("the engine commands are not in this build") }
        let terminal = try startREPL()
        try terminal.enter("task t = copy delay=5 train=200 test=20")
        try terminal.enter("model u = urnn hidden=8")
        try terminal.enter("train u on t steps=1000000 batch=8 log_every=5  # until Ctrl-C")
        try terminal.waitFor("[3]> train")
        usleep(1_500_000)
        try terminal.press("C-c")
        try terminal.waitFor("[4]>", timeout: 20)
        try terminal.enter("train u on t steps=20 batch=8")
        try terminal.enter("u.history")
        try terminal.enter("len(_.loss)")
        try terminal.enter("print \"steps\", u.steps")
        let screen = try terminal.waitFor("[8]>", timeout: 30)
        try terminal.enter("save session to \"out/session.urnn\"")
        try terminal.waitFor("wrote session (7 cells)")
        try terminal.press("C-d")
        try terminal.waitFor("EXITED 0")

        let stepsLine = try XCTUnwrap(screen.split(separator: "\n").last { $0.hasPrefix("steps ") }, screen)
        let total = try XCTUnwrap(Int(stepsLine.dropFirst("steps ".count)), String(stepsLine))
        XCTAssertGreaterThan(total, 20, "the interrupted training completed some steps")
        let saved = try String(contentsOf: folder.appendingPathComponent("out/session.urnn"), encoding: .utf8)
        XCTAssertTrue(saved.contains("train u on t batch=8 log_every=5 steps=\(total - 20)  # until Ctrl-C\n"), saved)
        XCTAssertTrue(saved.contains("# [3] (interrupted: the steps it completed)"), saved)
        let rerun = try urnn(["run", "out/session.urnn"], directory: folder, timeout: 120)
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stdout.hasSuffix("steps \(total)\n"), rerun.stdout)
        XCTAssertFalse(rerun.stderr.contains("redefined"), rerun.stderr)
    }
}
