import Foundation
import Glibc
import URNNScript

/// What the program may draw on its standard streams, decided once at start.
///
/// Off a terminal everything is plain text: no ANSI escapes and no carriage returns, so that
/// logs and pipes read cleanly. `NO_COLOR` (any non-empty value, as no-color.org says) and
/// `TERM=dumb` also ask for plain text and for progress as separate lines.
struct TerminalStyle {
    let inputIsTerminal: Bool
    let outputIsTerminal: Bool
    /// Colour the diagnostics on standard error.
    let colour: Bool
    /// Draw progress as one status line rewritten in place on standard error.
    let liveStatus: Bool

    static func current(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        let errorIsTerminal = isatty(STDERR_FILENO) == 1
        let dumb = environment["TERM"] == "dumb"
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty
        let rich = errorIsTerminal && !dumb && !noColour
        return TerminalStyle(inputIsTerminal: isatty(STDIN_FILENO) == 1,
                             outputIsTerminal: isatty(STDOUT_FILENO) == 1,
                             colour: rich, liveStatus: rich)
    }
}

/// The program's two output streams, with the live status line kept out of the way of
/// ordinary output: whatever is written first clears the status line, so that a line of
/// output never ends up glued to a half-drawn progress bar.
final class Console {
    let style: TerminalStyle
    private var statusShown = false
    /// Why writing to standard output failed (an errno: `ENOSPC` on a full disk, `EPIPE`
    /// when the reader of a pipe has gone), if it did; nothing more is written there then.
    private(set) var outputFailure: Int32?

    init(style: TerminalStyle) {
        self.style = style
    }

    /// A line of script output, on standard output.
    func out(_ text: String) {
        clearStatus()
        guard outputFailure == nil else { return }
        outputFailure = Console.write(STDOUT_FILENO, text + "\n")
    }

    /// A line on standard error (notes, progress lines, summaries).
    func err(_ text: String) {
        clearStatus()
        Console.write(STDERR_FILENO, text + "\n")
    }

    /// A remark that is not output proper.
    func note(_ text: String) {
        err(style.colour ? "\u{1B}[36mnote:\u{1B}[0m \(text)" : "note: \(text)")
    }

    /// A rendered diagnostic (`file:line:col: error: message`, quoted line, caret), with the
    /// word `error:` and the caret in colour on a terminal.
    func diagnostic(_ rendered: String) {
        guard style.colour else { return err(rendered) }
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let text = String(line)
            if let r = text.range(of: "error: ") {
                return text[..<r.lowerBound] + "\u{1B}[1;31merror:\u{1B}[0m " + text[r.upperBound...]
            }
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("^") {
                return "\u{1B}[32m" + text + "\u{1B}[0m"
            }
            return text
        }
        err(lines.joined(separator: "\n"))
    }

    /// Draws `line` as the live status line, replacing the previous one. Only called when
    /// `style.liveStatus` is true.
    func status(_ line: String) {
        let width = Console.terminalWidth()
        let shown = line.count >= width ? String(line.prefix(max(1, width - 1))) : line
        Console.write(STDERR_FILENO, "\r\u{1B}[K" + shown)
        statusShown = true
    }

    /// Erases the live status line, if one is drawn.
    func clearStatus() {
        guard statusShown else { return }
        Console.write(STDERR_FILENO, "\r\u{1B}[K")
        statusShown = false
    }

    /// The columns a diagnostic's quoted line may take: the terminal's width on a terminal,
    /// else `ScriptError.defaultWidth` (100).
    var diagnosticWidth: Int {
        isatty(STDERR_FILENO) == 1 ? Console.terminalWidth() : ScriptError.defaultWidth
    }

    /// The width of the terminal on standard error, 80 when it cannot be told.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// Writes all of `text`, retrying after a signal interrupts the write; returns the
    /// errno when the write fails, nil when it succeeds.
    @discardableResult
    static func write(_ fd: Int32, _ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return n < 0 ? errno : EIO }
        }
        return nil
    }

    /// The exit status once standard output has failed, nil while it has not. A closed pipe
    /// (`urnn ... | head -1`) ends the program quietly, by SIGPIPE as other tools end; any
    /// other failure (`>/dev/full`) is reported on standard error, with status 74 (EX_IOERR).
    func statusAfterOutputFailure() -> Int32? {
        guard let code = outputFailure else { return nil }
        if code == EPIPE {
            signal(SIGPIPE, SIG_DFL)
            raise(SIGPIPE)
            return 141
        }
        err("error: cannot write to standard output: \(String(cString: strerror(code)))")
        return 74
    }
}
