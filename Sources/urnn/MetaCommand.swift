import URNNScript

/// The lines the REPL answers itself, since the language knows nothing of cells:
/// `history`, `save session to "FILE"`, `report to "FILE"` and `exit`/`quit`. (`help`,
/// `help COMMAND` and `help rules` are the language's own.)
enum MetaCommand: Equatable {
    case history
    case saveSession(String)
    case report(String)
    case exit

    /// The words completion offers at the start of a line.
    static let words = ["history", "report", "exit", "quit"]

    /// What `help` says of them (the language lists them without knowing what they do).
    static let help: [SessionCommandHelp] = [
        SessionCommandHelp(usage: "history", summary: "List the cells with their numbers.",
                           doc: "Each cell's input, marked '# error' when it failed and '# interrupted' when Ctrl-C stopped it.",
                           topics: ["history"]),
        SessionCommandHelp(usage: "save session to \"FILE\"", summary: "Write the session as a script for urnn run.",
                           doc: "The cells that ran without error, in order, each after a '# [N]' comment; a train cell "
                            + "Ctrl-C stopped is written with steps= set to the steps it completed, so the script "
                            + "replays what the session did. Cells that use _ or _N bind those names as the session did.",
                           topics: ["save", "session"]),
        SessionCommandHelp(usage: "report to \"FILE.md\"", summary: "Write the session as a Markdown notebook.",
                           doc: "Per cell: its input, its output and value, its errors, and its plots as image links "
                            + "relative to the report's folder.",
                           topics: ["report"]),
        SessionCommandHelp(usage: "exit", summary: "Leave the session (also quit, or Ctrl-D).",
                           doc: "Nothing is saved by leaving: save session or report first to keep the cells.",
                           topics: ["exit", "quit"]),
    ]

    /// Reads a meta-command; nil for anything else, which then runs as a cell. Words may be
    /// separated by any spaces or tabs.
    init?(_ line: String) {
        let words = MetaCommand.split(line)
        switch words.count {
        case 1 where words[0] == "history": self = .history
        case 1 where words[0] == "exit" || words[0] == "quit": self = .exit
        case 3 where words[0] == "report" && words[1] == "to":
            guard let path = MetaCommand.stringLiteral(words[2]) else { return nil }
            self = .report(path)
        case 4 where words[0] == "save" && words[1] == "session" && words[2] == "to":
            guard let path = MetaCommand.stringLiteral(words[3]) else { return nil }
            self = .saveSession(path)
        default:
            return nil
        }
    }

    /// Splits on spaces and tabs, keeping a double-quoted string (with `\"` and `\\`) whole.
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inString = false
        var escaped = false
        for c in line {
            if inString {
                current.append(c)
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            } else if c == " " || c == "\t" {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                if c == "\"" { inString = true }
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The text of `"..."` with `\"` and `\\` undone; nil when `word` is not one whole
    /// non-empty string.
    static func stringLiteral(_ word: String) -> String? {
        guard word.count >= 2, word.first == "\"", word.last == "\"" else { return nil }
        var text = ""
        var escaped = false
        for c in word.dropFirst().dropLast() {
            if escaped { text.append(c); escaped = false } else if c == "\\" { escaped = true } else { text.append(c) }
        }
        return text.isEmpty ? nil : text
    }
}
