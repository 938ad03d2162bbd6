@preconcurrency import CReadline
import Foundation
import Glibc
import URNNEngine

/// GNU readline behind a thin wrapper: prompts, the history file, tab completion and
/// Ctrl-C at the prompt. Readline reads the user's `~/.inputrc` itself (Emacs or vi keys,
/// `$if urnn` sections), and gives Ctrl-R and the arrow keys.
final class LineEditor {
    /// The history file, or nil when none could be set up (the session still runs).
    let historyPath: String?
    /// Entries kept in the history file.
    static let historyLimit: Int32 = 1000

    init(historyPath: String?, completer: Completer, console: Console) {
        self.historyPath = historyPath
        activeCompleter = completer
        rl_readline_name = UnsafePointer(strdup("urnn"))
        // The program handles SIGINT itself (see `Interrupt`); readline only hears of it
        // through the signal event hook below.
        rl_catch_signals = 0
        rl_signal_event_hook = clearLineAfterInterrupt
        rl_attempted_completion_function = completeStatement
        // `=` breaks words so that `rule=<TAB>` completes the value; `.` and `/` do not, so
        // that paths complete whole. Inside double quotes readline completes file names.
        rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n\"'(),[]{};=+*@<>"))
        rl_completer_quote_characters = UnsafePointer(strdup("\""))
        using_history()
        stifle_history(LineEditor.historyLimit)
        if let path = historyPath {
            if LineEditor.prepareHistoryFile(path) {
                // Our reader, not readline's: an entry may be a cell of several lines.
                for entry in (try? HistoryFile(path: path, limit: Int(LineEditor.historyLimit)).entries()) ?? [] {
                    add_history(entry)
                }
            } else {
                console.note("cannot write the history file '\(path)'; history is kept for this session only")
            }
        }
    }

    /// The history file: `$URNN_HISTORY`, else `$XDG_STATE_HOME/urnn/history`, else
    /// `~/.local/state/urnn/history`.
    static func defaultHistoryPath(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["URNN_HISTORY"], !path.isEmpty { return path }
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/urnn/history" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/urnn/history" }
        return nil
    }

    /// Creates the folder and an empty file (readline's `append_history` does not create
    /// one); false when that is impossible, or when the path is not a regular file (readline
    /// would block for good reading a FIFO).
    static func prepareHistoryFile(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        // O_NONBLOCK: opening a FIFO must not wait for a reader.
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        return fstat(fd, &info) == 0 && FileKind(mode: info.st_mode) == .regular
    }

    /// Reads one line with `prompt`; nil on Ctrl-D at an empty line. `freshPrompt` is the
    /// prompt shown after Ctrl-C clears the line (a cleared continuation starts a new cell).
    func readLine(prompt: String, freshPrompt: String) -> String? {
        promptAfterInterrupt = freshPrompt
        Interrupt.atPromptPressed.store(false, ordering: .relaxed)
        Interrupt.install(restartCalls: false)
        Interrupt.atPrompt.store(true, ordering: .relaxed)
        defer {
            Interrupt.atPrompt.store(false, ordering: .relaxed)
            Interrupt.install(restartCalls: true)
        }
        guard let line = readline(prompt) else { return nil }
        defer { free(line) }
        return String(cString: line)
    }

    /// True when Ctrl-C cleared the line since the last `readLine` began; reading clears it.
    func takeClearedByInterrupt() -> Bool {
        clearedByInterrupt.exchange(false)
    }

    /// Adds an entry (a line, or a whole cell of several lines) to the history and appends it
    /// to the file at once, so that a crash loses nothing; the file is cut back to
    /// `historyLimit` entries as it goes. Up recalls a cell of several lines whole.
    func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        if let last = history_get(history_base + history_length - 1), let text = last.pointee.line,
           String(cString: text) == line {
            return
        }
        add_history(line)
        guard let path = historyPath else { return }
        // Locked, and trimmed from what is on disk: another session may be appending too.
        try? HistoryFile(path: path, limit: Int(LineEditor.historyLimit)).append(line)
    }
}

/// What Ctrl-C at the prompt did, for the REPL to drop a half-typed cell.
private final class Flag: @unchecked Sendable {
    private var value = false
    func set() { value = true }
    func exchange(_ new: Bool) -> Bool { defer { value = new }; return value }
}
// Readline calls back into plain C functions: their state lives in globals, touched only
// on the main thread, which is the only thread that runs readline.
private let clearedByInterrupt = Flag()
nonisolated(unsafe) private var promptAfterInterrupt = "> "
nonisolated(unsafe) var activeCompleter: Completer?

/// Readline's signal event hook: after Ctrl-C at the prompt, drop the line and show a
/// fresh prompt, as bash does.
private func clearLineAfterInterrupt() -> Int32 {
    guard Interrupt.atPromptPressed.exchange(false, ordering: .relaxed) else { return 0 }
    clearedByInterrupt.set()
    rl_replace_line("", 0)
    rl_crlf()
    rl_set_prompt(promptAfterInterrupt)
    rl_on_new_line()
    rl_redisplay()
    return 0
}

/// Readline's completion entry: the matches for the word between `start` and `end`.
private func completeStatement(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
{
    guard let completer = activeCompleter, let text, let buffer = rl_line_buffer else { return nil }
    // Inside a string: readline's own file name completion.
    if rl_completion_quote_character != 0 { return nil }
    let line = Array(String(cString: buffer).utf8)
    let before = String(decoding: line.prefix(Int(start)), as: UTF8.self)
    let word = String(cString: text)
    let matches = completer.candidates(before: before, word: word)
    rl_attempted_completion_over = 1
    guard !matches.isEmpty else { return nil }
    // `hidden=` waits for its value: no space after it.
    if matches.allSatisfy({ $0.hasSuffix("=") }) { rl_completion_append_character = 0 }
    completionMatches = matches
    return rl_completion_matches(text, nextMatch)
}

nonisolated(unsafe) private var completionMatches: [String] = []

/// Readline's generator: the `state`-th match, malloc'd, then nil.
private func nextMatch(_: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    let index = Int(state)
    guard index < completionMatches.count else { return nil }
    return strdup(completionMatches[index])
}
