/// The text of one script, kept so that a diagnostic can quote the offending line.
public final class SourceFile: Sendable {
    /// The name shown in diagnostics: a path, `<stdin>`, `<command line>` or `<cell 3>`.
    public let name: String
    /// The text as characters, so that columns count what a reader sees.
    public let characters: [Character]
    let lineTexts: [String]

    public init(name: String, text: String) {
        self.name = name
        self.characters = Array(text)
        self.lineTexts = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
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
    public var rendered: String {
        guard let loc = location else { return (["error: \(message)"] + notes.map { "note: \($0)" }).joined(separator: "\n") }
        let text = loc.source.lineText(loc.line)
        // Tabs in the quoted line are kept under the caret so the caret lines up in a terminal.
        let pad = String(text.prefix(max(0, loc.column - 1)).map { $0 == "\t" ? "\t" : " " })
        let available = max(1, text.count - (loc.column - 1))
        let marks = "^" + String(repeating: "~", count: max(0, min(loc.length, available) - 1))
        var lines = ["\(loc): error: \(message)", "    \(text)", "    \(pad)\(marks)"]
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }

    public var description: String { rendered }
}

/// Several errors reported at once, as the parser and the checker do.
public struct ScriptErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ScriptError]
    public init(_ errors: [ScriptError]) { self.errors = errors }
    public var description: String { errors.map(\.rendered).joined(separator: "\n") }
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
