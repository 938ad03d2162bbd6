/// The kinds of token the lexer produces.
public enum TokenKind: Equatable, Sendable {
    // Single-character punctuation.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, dot, plus, minus, star, slash, at
    // One or two characters.
    case equal, equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    // Literals.
    case identifier, number, string
    // Keywords.
    case kwAnd, kwOr, kwNot, kwTrue, kwFalse, kwIf, kwElse, kwFor, kwIn, kwWhile, kwPrint
    /// The end of a statement.
    case newline
    case eof

    /// How the kind reads in a message: "expected ')'".
    public var display: String {
        switch self {
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .comma: return "','"
        case .colon: return "':'"
        case .dot: return "'.'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .at: return "'@'"
        case .equal: return "'='"
        case .equalEqual: return "'=='"
        case .bangEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .identifier: return "a name"
        case .number: return "a number"
        case .string: return "a string"
        case .newline: return "end of line"
        case .eof: return "end of input"
        default: return "'\(Token.keywordText(self) ?? "?")'"
        }
    }
}

/// One piece of a string literal: literal text, or the source of an `{expr}` to interpolate.
public enum StringPiece: Equatable, Sendable {
    case text(String)
    /// The characters `start..<end` of the source hold the expression; `line`/`column` locate `start`.
    case code(start: Int, end: Int, line: Int, column: Int)
}

/// A token: its kind, its text, where it starts, and its literal value.
public struct Token: Equatable, Sendable {
    public var kind: TokenKind
    /// The source text of the token (for a string, the text between the quotes as written).
    public var lexeme: String
    public var location: SourceLocation
    /// The value of a number literal.
    public var number: Double = 0
    /// The pieces of a string literal.
    public var pieces: [StringPiece] = []

    static let keywords: [String: TokenKind] = [
        "and": .kwAnd, "or": .kwOr, "not": .kwNot, "true": .kwTrue, "false": .kwFalse,
        "if": .kwIf, "else": .kwElse, "for": .kwFor, "in": .kwIn, "while": .kwWhile,
        "print": .kwPrint,
    ]

    static func keywordText(_ kind: TokenKind) -> String? {
        keywords.first { $0.value == kind }?.key
    }

    /// How the token reads in a message: "'foo'", "end of line".
    public var display: String {
        switch kind {
        case .identifier, .number: return "'\(lexeme)'"
        case .string: return "string \"\(lexeme)\""
        default: return kind.display
        }
    }
}
