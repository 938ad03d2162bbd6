import Foundation

/// Turning user text and numbers into gnuplot script text that cannot run commands.
///
/// gnuplot expands backquotes (`` `cmd` `` runs a shell) and evaluates `system("...")` and
/// string concatenation inside double-quoted strings and expressions. In a single-quoted string
/// nothing is expanded. A newline would end the command and start a new one, so it is removed
/// along with CR and NUL. PLATFORM.md records that single quotes with line breaks removed blocked
/// every injection attempt; `PlotInjectionTests` keeps checking it.
public enum GnuplotQuoting {
    /// `text` as a gnuplot string expression of single-quoted literals, line breaks and NUL removed.
    /// An apostrophe becomes the constant `"'"` joined on with `.`: gnuplot's own escape, a doubled
    /// quote, is misread at the start of a string or when two quotes follow each other (it reads an
    /// empty string and then a stray token), and a double-quoted lone quote has nothing to expand.
    public static func quoted(_ text: String) -> String {
        let parts = sanitized(text).split(separator: "'", omittingEmptySubsequences: false)
        var tokens: [String] = []
        for (i, part) in parts.enumerated() {
            if i > 0 { tokens.append("\"'\"") }
            if !part.isEmpty { tokens.append("'\(part)'") }
        }
        return tokens.isEmpty ? "''" : tokens.joined(separator: ".")
    }

    /// `text` with line breaks (any Unicode newline), other control characters and NUL turned into
    /// spaces, so it stays on one line of a script or a data-file comment.
    public static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { s in
            s.properties.generalCategory == .control || s.properties.isWhitespace && s != " "
                ? " " : s
        }))
    }

    /// A number as gnuplot reads it back exactly: integers without a point, others in Swift's
    /// shortest round-trip form (`0.25`, `1e-16`), and NaN for values that cannot be drawn
    /// (gnuplot skips NaN points instead of joining across them silently).
    public static func number(_ x: Double) -> String {
        if !x.isFinite { return "NaN" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A file name as a gnuplot string, starting with `/` or `./` (`./` is put in front of a
    /// relative name). gnuplot reads an output name that begins with `|`, and a data or `load`
    /// name that begins with `<`, as a shell command whatever the quoting; after `./` it is a
    /// plain file name. Throws `invalidPath` for a name `validatePath` refuses.
    public static func fileName(_ path: String) throws -> String {
        try validatePath(path)
        return quoted(path.hasPrefix("/") || path.hasPrefix("./") ? path : "./" + path)
    }

    /// Characters that may not appear in an output path: they could close the quoted file name
    /// or start a command if a script is ever edited into double quotes.
    static let forbiddenPathCharacters: Set<Character> = ["'", "\"", "`", "\\", "$", "\n", "\r", "\0"]

    /// Checks that `path` can appear in a gnuplot script as a file name; throws `invalidPath` if not.
    public static func validatePath(_ path: String) throws {
        if path.isEmpty { throw PlotError.invalidPath(path: path, reason: "the file name is empty") }
        if let bad = path.first(where: { forbiddenPathCharacters.contains($0) || $0.isNewline
                                         || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }) {
            let shown = bad.isNewline || bad == "\0" ? "a line break or NUL" : "\(bad)"
            throw PlotError.invalidPath(path: GnuplotQuoting.sanitized(path),
                                        reason: "file names may not contain \(shown) (quotes, backquotes, $, \\ and line breaks are refused)")
        }
    }
}
