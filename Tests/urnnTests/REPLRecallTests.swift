import Foundation
import XCTest
@testable import urnn

/// The session on a real terminal (tmux), for what it knows of the names it holds and of
/// the cells typed: members after `NAME.`, completion by what a command expects, and
/// multi-line cells recalled whole.
final class REPLRecallTests: REPLTestCase {
    func testTabAfterADotCompletesMembers() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("URNNScriptTests/EngineScripts/genesis.txt")
        try FileManager.default.copyItem(at: corpus, to: folder.appendingPathComponent("genesis.txt"))
        let terminal = try startREPL()
        try terminal.enter("corpus kjv = load \"genesis.txt\" unit=word")
        try terminal.waitFor("[2]>")
        try terminal.enter("model u = urnn hidden=4 rule=cayley")
        try terminal.waitFor("[3]>")
        // One member: completed in place.
        try terminal.type("print kjv.vo")
        try terminal.press("Tab")
        try terminal.waitFor("[3]> print kjv.vocab")
        try terminal.press("C-u")
        // Several: listed on a double Tab.
        try terminal.type("print kjv.")
        try terminal.press("Tab", "Tab")
        try terminal.waitFor("the corpus's members") { screen in
            screen.components(separatedBy: "\n").contains { row in
                ["kjv.baseline", "kjv.test", "kjv.train", "kjv.valid", "kjv.vocab"].allSatisfy(row.contains)
            }
        }
        try terminal.press("C-u")
        // A model's options are members.
        try terminal.type("print u.ru")
        try terminal.press("Tab")
        try terminal.waitFor("[3]> print u.rule")
        try terminal.press("Enter")
        try terminal.waitFor("\ncayley\n")
        // An unknown member lists those there are; an untrained model says so.
        try terminal.enter("print u.rulez")
        try terminal.waitFor("has no member 'rulez'; did you mean 'rule'? (members: W, A, history")
        try terminal.enter("print u.W")
        try terminal.waitFor("model 'u' is untrained: 'W' is there once it has met data")
        try terminal.press("C-d")
        try terminal.waitFor("EXITED 0")
    }

    /// Up after a cell of several lines recalls the whole cell (not its last line `}`), Enter
    /// runs it again, and a new session reads it back from the history file as one entry.
    func testUpRecallsACellOfSeveralLinesWhole() throws {
        var terminal = try startREPL()
        try terminal.enter("for i in range(3) {")
        try terminal.waitFor("...>")
        try terminal.enter("  print i * 10")
        try terminal.enter("}")
        try terminal.waitFor("\n20\n")
        try terminal.waitFor("[2]>")
        try terminal.press("Up")
        try terminal.waitFor("[2]> for i in range(3) {\n  print i * 10\n}")
        try terminal.press("Enter")
        try terminal.waitFor("\n20\n", count: 2)
        try terminal.waitFor("[3]>")
        try terminal.press("C-d")
        try terminal.waitFor("EXITED 0")
        let cell = "for i in range(3) {\n  print i * 10\n}"
        XCTAssertEqual(try HistoryFile(path: historyFile.path, limit: 1000).entries(), [cell])

        // The next session recalls it whole from the file.
        terminal = try startREPL()
        try terminal.press("Up")
        try terminal.waitFor("[1]> for i in range(3) {\n  print i * 10\n}")
        try terminal.press("Enter")
        try terminal.waitFor("\n20\n")
        try terminal.press("C-d")
        try terminal.waitFor("EXITED 0")
    }

    /// At each place of a command, Tab offers what its declaration expects there: models
    /// after `plot loss`, corpora and tasks after `train u on`, and no option twice.
    func testCompletionOffersWhatTheCommandExpects() throws {
        let terminal = try startREPL()
        try terminal.enter("model u = urnn hidden=4; model r = rnn hidden=4; task copy = copy delay=3 train=16 test=8")
        try terminal.waitFor("[2]>")
        try terminal.type("plot loss ")
        try terminal.press("Tab", "Tab")
        // The listing is one row of exactly the models: no task, no option, no function.
        try terminal.waitFor("the two models listed") { screen in
            screen.components(separatedBy: "\n").contains { $0.split(separator: " ") == ["r", "u"] }
        }
        try terminal.press("C-u")
        // The only corpus or task completes in place.
        try terminal.type("train u on ")
        try terminal.press("Tab")
        try terminal.waitFor("[2]> train u on copy")
        try terminal.type("steps=10 ")
        try terminal.press("Tab", "Tab")
        let options = try terminal.waitFor("the options of train") { screen in
            screen.components(separatedBy: "\n").contains { $0.contains("batch=") }
        }
        let rows = options.components(separatedBy: "\n").filter { !$0.contains("[2]>") }
        XCTAssertFalse(rows.contains { $0.contains("steps=") }, options)
        try terminal.press("C-u")
        try terminal.press("C-d")
        try terminal.waitFor("EXITED 0")
    }
}
