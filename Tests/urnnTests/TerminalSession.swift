import Foundation
import XCTest

/// A wait on the terminal that ran out of time (already reported with the screen).
struct TerminalTimeout: Error {
    let what: String
}

/// A real terminal for the REPL: a tmux session on a private server socket, driven with
/// `send-keys` and read with `capture-pane`. Every wait has a deadline.
final class TerminalSession {
    let socket: String
    let tmux: URL

    /// Starts `command` in a 120x40 terminal with `environment`; the command's exit status
    /// is printed as `EXITED n` when it ends, and the pane stays open to be read.
    init(_ command: String, environment: [String: String], folder: URL) throws {
        guard let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { throw XCTSkip("tmux is not installed") }
        self.tmux = URL(fileURLWithPath: tmux)
        socket = "urnn-test-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        var arguments = ["new-session", "-d", "-x", "120", "-y", "40", "-c", folder.path]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        arguments.append("\(command); echo EXITED $?; sleep 60")
        let started = try runProcess(self.tmux, ["-L", socket, "-f", "/dev/null"] + arguments, timeout: 10, detached: true)
        if started.status != 0 { XCTFail("tmux new-session failed with status \(started.status)") }
    }

    deinit {
        _ = try? runProcess(tmux, ["-L", socket, "kill-server"], timeout: 5, detached: true)
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let result = try runProcess(tmux, ["-L", socket, "-f", "/dev/null"] + arguments, timeout: 10)
        if result.status != 0 { XCTFail("tmux \(arguments.first ?? "") failed: \(result.stderr)") }
        return result.stdout
    }

    /// Types text literally (no key names).
    func type(_ text: String) throws { try run(["send-keys", "-l", text]) }

    /// Presses keys by tmux name: `Enter`, `Tab`, `Up`, `C-c`, `C-d`, `C-u`.
    func press(_ keys: String...) throws { try run(["send-keys"] + keys) }

    /// Types a line and presses Enter.
    func enter(_ line: String) throws {
        try type(line)
        try press("Enter")
    }

    /// The screen and its scrollback, as text (tmux drops trailing spaces: a prompt reads `[1]>`).
    func screen() throws -> String {
        try run(["capture-pane", "-p", "-S", "-200"])
    }

    /// Waits until `predicate` holds for the screen; fails with the screen after `timeout`.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line,
                 _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        while Date() < deadline {
            text = try screen()
            if predicate(text) { return text }
            usleep(50_000)
        }
        XCTFail("timed out waiting for \(what); screen:\n\(text)", file: file, line: line)
        throw TerminalTimeout(what: what)
    }

    /// Waits until the screen contains `text` `count` times.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, timeout: TimeInterval = 10,
                 file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor("'\(text)' x\(count)", timeout: timeout, file: file, line: line) {
            $0.components(separatedBy: text).count - 1 >= count
        }
    }
}
