import Foundation
import XCTest

/// The set-up of the tests that drive the REPL on a real terminal (tmux): a folder of
/// their own, and a history file in it.
class REPLTestCase: XCTestCase {
    var folder: URL!
    var historyFile: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder("\(type(of: self))-\(name.filter(\.isLetter))")
        historyFile = folder.appendingPathComponent("state/history")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A REPL in a terminal, with its own history file, no ~/.inputrc and a fixed HOME.
    func startREPL() throws -> TerminalSession {
        let binary = try urnnBinary().path
        let terminal = try TerminalSession("'\(binary)' repl", environment: [
            "URNN_HISTORY": historyFile.path, "INPUTRC": "/dev/null", "HOME": folder.path, "TERM": "xterm",
        ], folder: folder)
        try terminal.waitFor("[1]>")
        return terminal
    }
}
