/// The text of one script, kept so that a diagnostic can quote the offending line.
public final class SourceFile: Sendable {
    /// The name shown in diagnostics: a path, `<stdin>`, `<command line>` or `<cell 3>`.
    public let name: String
    /// The text as characters, so that columns count what a reader sees.
    public let characters: [Character]
    let lineTexts: [String]

    /// A byte-order mark at the start is dropped, and Windows line ends (`\r\n`, which Swift
    /// counts as one character) become `\n`, so such files read as any other and columns
    /// stay those a reader counts.
    public init(name: String, text: String) {
        self.name = name
        var characters = text.map { $0 == "\r\n" ? "\n" : $0 }
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        self.characters = characters
        self.lineTexts = characters.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.last == "\r" ? $0.dropLast() : $0)
        }
    }

    /// The text of line `line` (1-based), or "" past the end.
    public func lineText(_ line: Int) -> String {
        line >= 1 && line <= lineTexts.count ? lineTexts[line - 1] : ""
    }
}

/// A place in a script: file, 1-based line and column, and how many characters to underline.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public let source: SourceFile
    public let line: Int
    public let column: Int
    public var length: Int

    public init(source: SourceFile, line: Int, column: Int, length: Int = 1) {
        self.source = source
        self.line = line
        self.column = column
        self.length = max(1, length)
    }

    public static func == (a: SourceLocation, b: SourceLocation) -> Bool {
        a.source === b.source && a.line == b.line && a.column == b.column && a.length == b.length
    }

    /// `file:line:col`
    public var description: String { "\(source.name):\(line):\(column)" }
}

/// What kind of failure a diagnostic reports; the program maps it to an exit status.
public enum ErrorCategory: Sendable, Equatable {
    /// A mistake in the script: syntax, names, options, types, or a failed operation.
    case script
    /// An input file that does not exist or cannot be read.
    case missingInput
    /// The run was interrupted (Ctrl-C or a cancellation flag).
    case interrupted
    /// A failure that is not the script's fault.
    case `internal`

    /// The sysexits status for this category: 65, 66, 130, 70.
    public var exitCode: Int32 {
        switch self {
        case .script: return 65
        case .missingInput: return 66
        case .interrupted: return 130
        case .internal: return 70
        }
    }
}

/// An error with a location and a message a user can act on.
public struct ScriptError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?
    public var category: ErrorCategory
    /// Extra lines shown after the quoted source ("note: ...").
    public var notes: [String]

    public init(_ message: String, at location: SourceLocation?, category: ErrorCategory = .script,
                notes: [String] = []) {
        self.message = message
        self.location = location
        self.category = category
        self.notes = notes
    }

    /// The full diagnostic: `file:line:col: error: message`, the quoted line, a caret under
    /// the problem, then any notes. Plain text: the program adds colour if it wants to.
    /// The quoted line is clipped to `ScriptError.defaultWidth` columns around the caret.
    public var rendered: String { rendered(width: ScriptError.defaultWidth) }

    /// The columns a quoted line may take when the width of the reader's screen is unknown.
    public static let defaultWidth = 100
    /// At most this many diagnostics are shown for one file or cell; the rest are counted.
    public static let maxShown = 20

    /// The diagnostic with the quoted line (and its indent) clipped to `width` columns: a
    /// window around the caret, with `…` where text is left out, so that one long line
    /// cannot make the output as long as the line times the number of its errors.
    public func rendered(width: Int) -> String {
        guard let loc = location else { return (["error: \(message)"] + notes.map { "note: \($0)" }).joined(separator: "\n") }
        let indent = "    "
        let quoted = QuotedLine(loc.source.lineText(loc.line), column: loc.column, length: loc.length,
                                width: width - indent.count)
        var lines = ["\(loc): error: \(message)", indent + quoted.text, indent + quoted.caret]
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// Every diagnostic of `errors` rendered for `width` columns, at most `maxShown` of them;
    /// past that, one last line says how many more there are.
    public static func render(_ errors: [ScriptError], width: Int = defaultWidth) -> [String] {
        var shown = errors.prefix(maxShown).map { $0.rendered(width: width) }
        let more = errors.count - maxShown
        if more > 0 { shown.append("and \(more) more error\(more == 1 ? "" : "s")") }
        return shown
    }

    public var description: String { rendered }
}

/// Several errors reported at once, as the parser and the checker do.
public struct ScriptErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ScriptError]
    public init(_ errors: [ScriptError]) { self.errors = errors }
    public var description: String { ScriptError.render(errors).joined(separator: "\n") }
}

/// A source line as a diagnostic quotes it: the whole line when it fits in `width` columns,
/// else a window around the caret with `…` for what is left out; and the caret line under it.
struct QuotedLine {
    let text: String
    let caret: String

    init(_ line: String, column: Int, length: Int, width: Int) {
        let chars = Array(line)
        let caretAt = max(0, column - 1)
        let room = max(20, width)
        var start = 0, end = chars.count
        if chars.count > room {
            // Two columns go to the ellipses; the caret sits a third of the way in, and a caret
            // past the end of the line (a missing token) still shows the line's end.
            let window = room - 2
            start = max(0, min(caretAt - window / 3, chars.count + 1 - window))
            end = min(chars.count, start + window)
        }
        let head = start > 0 ? "…" : ""
        text = head + String(chars[start..<end]) + (end < chars.count ? "…" : "")
        // Tabs in the quoted line are kept under the caret so the caret lines up in a terminal.
        let pad = head.map { _ in " " }.joined()
            + String(chars[start..<min(max(start, caretAt), end)].map { $0 == "\t" ? "\t" : " " })
            + String(repeating: " ", count: max(0, caretAt - end))
        let available = max(1, end - caretAt)
        caret = pad + "^" + String(repeating: "~", count: max(0, min(length, available) - 1))
    }
}

// MARK: - Did you mean

/// The edit distance between two strings, counting an insertion, a deletion, a
/// substitution or a swap of neighbours as one edit (optimal string alignment), since a
/// swap ("trian") is the commonest typo.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
    for i in 0...x.count { d[i][0] = i }
    for j in 0...y.count { d[0][j] = j }
    for i in 1...x.count {
        for j in 1...y.count {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[x.count][y.count]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo:
/// within a third of the word's length (at least 1, at most 3 edits).
func closestMatch(_ word: String, in candidates: [String]) -> String? {
    let limit = min(3, max(1, word.count / 3))
    // Sorted first, so that a tie (names come from a dictionary) always gives the same answer.
    let scored = candidates.sorted().map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit else { return nil }
    return best.0
}

/// "; did you mean 'x'?" or "".
func didYouMean(_ word: String, in candidates: [String]) -> String {
    closestMatch(word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
}
