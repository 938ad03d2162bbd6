/// Turns script text into tokens.
///
/// A statement ends at a newline, except inside `(...)` or `[...]` and after a trailing
/// `\`; inside `{...}` newlines still separate the statements of a block. Comments run
/// from `#` to the end of the line. Errors are collected, and the lexer carries on.
public struct Lexer {
    let source: SourceFile
    let chars: [Character]
    let end: Int
    var current: Int
    var start = 0
    var line: Int
    var column: Int
    var startLine = 1
    var startColumn = 1
    /// Open `(` and `[`: while positive, newlines are not statement ends.
    var groupingDepth = 0
    public private(set) var tokens: [Token] = []
    public private(set) var errors: [ScriptError] = []

    /// A lexer over the whole of `source`.
    public init(source: SourceFile) {
        self.init(source: source, range: 0..<source.characters.count, line: 1, column: 1)
    }

    /// A lexer over part of `source` (an interpolated expression) starting at `line`:`column`.
    init(source: SourceFile, range: Range<Int>, line: Int, column: Int) {
        self.source = source
        self.chars = source.characters
        self.current = range.lowerBound
        self.end = range.upperBound
        self.line = line
        self.column = column
        self.groupingDepth = range.lowerBound == 0 ? 0 : 1
    }

    /// Scans every token; the last is always `.eof`.
    public mutating func scan() -> [Token] {
        while !isAtEnd {
            start = current
            startLine = line
            startColumn = column
            scanToken()
        }
        start = current
        startLine = line
        startColumn = column
        add(.newline)
        add(.eof)
        return tokens
    }

    var isAtEnd: Bool { current >= end }

    func peek(_ offset: Int = 0) -> Character {
        current + offset < end ? chars[current + offset] : "\0"
    }

    @discardableResult
    mutating func advance() -> Character {
        let c = chars[current]
        current += 1
        if c == "\n" { line += 1; column = 1 } else { column += 1 }
        return c
    }

    mutating func match(_ expected: Character) -> Bool {
        guard !isAtEnd, chars[current] == expected else { return false }
        advance()
        return true
    }

    var here: SourceLocation {
        SourceLocation(source: source, line: startLine, column: startColumn, length: current - start)
    }

    mutating func add(_ kind: TokenKind, number: Double = 0, pieces: [StringPiece] = [], lexeme: String? = nil) {
        // Collapse runs of newlines and never start with one: the parser sees one separator.
        if kind == .newline, tokens.isEmpty || tokens.last?.kind == .newline { return }
        let text = lexeme ?? String(chars[start..<current])
        tokens.append(Token(kind: kind, lexeme: text, location: here, number: number, pieces: pieces))
    }

    mutating func error(_ message: String, at location: SourceLocation? = nil) {
        errors.append(ScriptError(message, at: location ?? here))
    }

    mutating func scanToken() {
        let c = advance()
        switch c {
        case "(": groupingDepth += 1; add(.leftParen)
        case ")": groupingDepth = max(0, groupingDepth - 1); add(.rightParen)
        case "[": groupingDepth += 1; add(.leftBracket)
        case "]": groupingDepth = max(0, groupingDepth - 1); add(.rightBracket)
        case "{": add(.leftBrace)
        case "}": add(.rightBrace)
        case ",": add(.comma)
        case ":": add(.colon)
        case ".": add(.dot)
        case "+": add(.plus)
        case "-": add(.minus)
        case "*": add(.star)
        case "/": add(.slash)
        case "@": add(.at)
        case ";": add(.newline)
        case "=": add(match("=") ? .equalEqual : .equal)
        case "<": add(match("=") ? .lessEqual : .less)
        case ">": add(match("=") ? .greaterEqual : .greater)
        case "!":
            if match("=") { add(.bangEqual) } else { error("unexpected '!'; write 'not' for negation") }
        case "#":
            while !isAtEnd && peek() != "\n" { advance() }
        case " ", "\t", "\r":
            break
        case "\n":
            if groupingDepth == 0 { add(.newline) }
        case "\\":
            lineContinuation()
        case "\"":
            string()
        default:
            if c.isASCII && c.isNumber {
                number()
            } else if c.isLetter || c == "_" {
                identifier()
            } else {
                error("unexpected character '\(c)'")
            }
        }
    }

    /// A `\` must be the last thing on its line (spaces and a comment may follow).
    mutating func lineContinuation() {
        var probe = current
        while probe < end, chars[probe] == " " || chars[probe] == "\t" || chars[probe] == "\r" { probe += 1 }
        if probe < end, chars[probe] == "#" { while probe < end, chars[probe] != "\n" { probe += 1 } }
        guard probe >= end || chars[probe] == "\n" else {
            error("unexpected '\\'; a backslash continues a line only at its end")
            return
        }
        while current < probe { advance() }
        if !isAtEnd { advance() }
    }

    mutating func number() {
        while peek().isASCII && peek().isNumber { advance() }
        if peek() == ".", peek(1).isASCII, peek(1).isNumber {
            advance()
            while peek().isASCII && peek().isNumber { advance() }
        }
        if peek() == "e" || peek() == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            let digit = peek(signed ? 2 : 1)
            if digit.isASCII && digit.isNumber {
                advance()
                if signed { advance() }
                while peek().isASCII && peek().isNumber { advance() }
            }
        }
        let text = String(chars[start..<current])
        guard let value = Double(text) else {
            error("malformed number '\(text)'")
            return
        }
        // Double("1e400") is +infinity: a literal past the largest double would otherwise
        // enter the program as inf without a word.
        guard value.isFinite else {
            error("number '\(text)' is too large (the largest is about 1.8e308)")
            return
        }
        add(.number, number: value)
    }

    mutating func identifier() {
        while peek().isLetter || peek().isNumber || peek() == "_" { advance() }
        let text = String(chars[start..<current])
        add(Token.keywords[text] ?? .identifier)
    }

    /// A string literal: escapes `\" \\ \n \t \{ \}`, and `{expr}` pieces whose source is
    /// kept by position so the parser can parse them with exact locations.
    mutating func string() {
        var pieces: [StringPiece] = []
        var text = ""
        while !isAtEnd && peek() != "\"" && peek() != "\n" {
            let c = advance()
            if c == "\\" {
                let escapeLocation = SourceLocation(source: source, line: line, column: column - 1, length: 2)
                guard !isAtEnd, peek() != "\n" else { break }
                let e = advance()
                switch e {
                case "\"": text.append("\"")
                case "\\": text.append("\\")
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "{": text.append("{")
                case "}": text.append("}")
                default: error("unknown escape '\\\(e)'; use \\\" \\\\ \\n \\t \\{ or \\}", at: escapeLocation)
                }
            } else if c == "{" {
                if !text.isEmpty { pieces.append(.text(text)); text = "" }
                let codeStart = current, codeLine = line, codeColumn = column
                var depth = 1
                while !isAtEnd && peek() != "\n" && peek() != "\"" {
                    if peek() == "{" { depth += 1 }
                    if peek() == "}" { depth -= 1; if depth == 0 { break } }
                    advance()
                }
                guard peek() == "}" else {
                    error("expected '}' to close '{' in string; write \\{ for a literal brace",
                          at: SourceLocation(source: source, line: codeLine, column: codeColumn - 1))
                    continue
                }
                pieces.append(.code(start: codeStart, end: current, line: codeLine, column: codeColumn))
                advance()
            } else {
                text.append(c)
            }
        }
        guard match("\"") else {
            error("unterminated string; expected '\"' before the end of the line",
                  at: SourceLocation(source: source, line: startLine, column: startColumn))
            return
        }
        if !text.isEmpty || pieces.isEmpty { pieces.append(.text(text)) }
        add(.string, pieces: pieces, lexeme: String(chars[(start + 1)..<(current - 1)]))
    }

    /// True when `text` ends inside an open bracket, brace or string, or after a trailing
    /// `\`: the REPL then asks for a continuation line instead of running it.
    public static func isIncomplete(_ text: String) -> Bool {
        var depth = 0
        var inString = false
        var chars = Array(text)
        while let last = chars.last, last == " " || last == "\t" || last == "\n" || last == "\r" { chars.removeLast() }
        var i = 0
        var lastSignificant: Character = " "
        while i < chars.count {
            let c = chars[i]
            if inString {
                if c == "\\" { i += 2; continue }
                if c == "\"" || c == "\n" { inString = false }
            } else {
                switch c {
                case "#": while i < chars.count && chars[i] != "\n" { i += 1 }; continue
                case "\"": inString = true
                case "(", "[", "{": depth += 1
                case ")", "]", "}": depth -= 1
                default: break
                }
                if c != " " && c != "\t" && c != "\n" { lastSignificant = c }
            }
            i += 1
        }
        return depth > 0 || lastSignificant == "\\"
    }
}
