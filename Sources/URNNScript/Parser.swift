/// Builds statements from tokens, one short method per grammar rule (see `docs/language.md`).
///
/// On a syntax error the parser records it and skips to the next statement, so one run
/// reports every error of a file; the caller runs nothing when `errors` is not empty.
public struct Parser {
    var tokens: [Token]
    var current = 0
    let source: SourceFile
    /// How deeply the parser's own rules nest (brackets, blocks, `-`, `not`); bounded so
    /// that no input can exhaust the stack.
    var depth = 0
    /// The most levels of brackets, blocks, `-` and `not` inside one another.
    public static let maxDepth = 64
    /// The tallest tree an expression may build (`Expr.height`), and the longest `else if`
    /// chain. Chains such as `a + b + ...` or `x.T.T...` are parsed by loops, but they still
    /// build a tree as tall as they are long, which the checker and the interpreter walk
    /// recursively; a sum of 1,000 terms is allowed.
    public static let maxHeight = 1000
    /// The tallest tree a whole statement may build (`Stmt.height`): an expression of
    /// `maxHeight` levels fits inside every block that `maxDepth` allows.
    ///
    /// Each level costs the checker and the interpreter stack, measured in a release build
    /// with `ulimit -s` (see `NestingTests`): about 1.3 KiB for an operator or `.T` chain,
    /// 1.5 KiB for `else if`, 1.6 KiB for `and`. So the tallest statement needs at most
    /// about 1.8 MiB, a quarter of the 8 MiB main thread on which the program runs scripts.
    public static let maxStatementHeight = 1100
    public internal(set) var errors: [ScriptError] = []

    /// Scans and parses `source`; read `errors` afterwards.
    public static func parse(_ source: SourceFile) -> (program: Program, errors: [ScriptError]) {
        var lexer = Lexer(source: source)
        let tokens = lexer.scan()
        var parser = Parser(tokens: tokens, source: source)
        parser.errors = lexer.errors
        let statements = parser.program()
        return (Program(source: source, statements: statements), parser.errors)
    }

    init(tokens: [Token], source: SourceFile) {
        self.tokens = tokens
        self.source = source
    }

    // MARK: Statements

    /// program → ( statement? NEWLINE )* EOF
    mutating func program() -> [Stmt] {
        var statements: [Stmt] = []
        while !isAtEnd {
            if match(.newline) { continue }
            if let s = statementRecovering() { statements.append(s) }
        }
        return statements
    }

    /// One statement; on an error, records it and skips to the end of the line.
    mutating func statementRecovering() -> Stmt? {
        do {
            let s = try statement()
            if s.height > Parser.maxStatementHeight {
                throw ScriptError("statement too deeply nested (limit \(Parser.maxStatementHeight) levels of "
                                  + "blocks, 'else if' and expressions); split it", at: s.location)
            }
            try endOfStatement()
            return s
        } catch let error as ScriptError {
            errors.append(error)
            synchronize()
            return nil
        } catch {
            errors.append(ScriptError("\(error)", at: peek().location, category: .internal))
            synchronize()
            return nil
        }
    }

    mutating func statement() throws -> Stmt {
        let start = peek()
        if match(.kwPrint) { return try printStatement(start) }
        if match(.kwIf) { return try ifStatement(start) }
        if match(.kwWhile) { return try whileStatement(start) }
        if match(.kwFor) { return try forStatement(start) }
        if start.kind == .identifier {
            let next = peek(1).kind
            // A command whose shape starts with `=` (`results = load DIR`) is that command only
            // when `=` follows; otherwise its name is a value (`export results to ...`).
            if let spec = Commands.named(start.lexeme), case .equals? = spec.pattern.first {
                if next == .equal {
                    advance()
                    return try command(spec, start)
                }
                return Stmt(.expression(try expression()), at: start.location)
            }
            if next == .equal { return try assignment() }
            if let spec = Commands.named(start.lexeme), next != .leftParen {
                advance()
                // `time` takes a whole statement, not arguments and options.
                if spec.name == Commands.time.name { return try timedStatement(start) }
                return try command(spec, start)
            }
        }
        return Stmt(.expression(try expression()), at: start.location)
    }

    /// time → "time" statement
    mutating func timedStatement(_ keyword: Token) throws -> Stmt {
        if atStatementEnd { throw ScriptError("expected a statement after 'time' (e.g. time train u on copy)", at: peek().location) }
        return Stmt(.timed(try statement()), at: keyword.location)
    }

    /// print → "print" expression ( "," expression )*
    mutating func printStatement(_ keyword: Token) throws -> Stmt {
        var values: [Expr] = []
        if !atStatementEnd {
            repeat { values.append(try expression()) } while match(.comma)
        }
        return Stmt(.print(values), at: keyword.location)
    }

    /// if → "if" expression block ( "else" ( if | block ) )?
    ///
    /// An `else if` chain is read by a loop (it may be long), then built from its end: each
    /// `else if` is an `if` statement alone in the else branch of the one before.
    mutating func ifStatement(_ keyword: Token) throws -> Stmt {
        var branches: [(keyword: Token, condition: Expr, body: [Stmt])] = []
        var keyword = keyword
        var elseBranch: [Stmt]? = nil
        // Past the limit the rest of the chain is still read, so that one error is reported
        // for it rather than one for each of its remaining lines.
        var tooLong: Token? = nil
        while true {
            let condition = try expression()
            let body = try block(after: "if condition")
            if tooLong == nil { branches.append((keyword, condition, body)) }
            guard match(.kwElse) else { break }
            let elseToken = previous
            if tooLong == nil && branches.count >= Parser.maxHeight { tooLong = elseToken }
            if match(.kwIf) {
                keyword = elseToken
            } else {
                elseBranch = try block(after: "else")
                break
            }
        }
        if let tooLong {
            throw ScriptError("'else if' chain too deeply nested (limit \(Parser.maxHeight) levels); split it",
                              at: tooLong.location)
        }
        let last = branches.removeLast()
        var statement = Stmt(.ifElse(last.condition, last.body, elseBranch), at: last.keyword.location)
        for branch in branches.reversed() {
            statement = Stmt(.ifElse(branch.condition, branch.body, [statement]), at: branch.keyword.location)
        }
        return statement
    }

    /// while → "while" expression block
    mutating func whileStatement(_ keyword: Token) throws -> Stmt {
        let condition = try expression()
        return Stmt(.whileLoop(condition, try block(after: "while condition")), at: keyword.location)
    }

    /// for → "for" NAME "in" expression block
    mutating func forStatement(_ keyword: Token) throws -> Stmt {
        let name = try consume(.identifier, "expected a loop variable name after 'for'")
        try checkAssignable(name)
        try consume(.kwIn, "expected 'in' after the loop variable")
        let sequence = try expression()
        return Stmt(.forLoop(name.lexeme, sequence, try block(after: "for loop header")), at: keyword.location)
    }

    /// assignment → NAME "=" expression
    mutating func assignment() throws -> Stmt {
        let name = advance()
        try checkAssignable(name)
        advance()
        return Stmt(.assign(name.lexeme, try expression()), at: name.location)
    }

    func checkAssignable(_ name: Token, commandAllowed: Bool = false) throws {
        if !commandAllowed && Commands.named(name.lexeme) != nil {
            throw ScriptError("'\(name.lexeme)' is a command; choose another name", at: name.location)
        }
        if Builtins.named(name.lexeme) != nil {
            throw ScriptError("'\(name.lexeme)' is a built-in function; choose another name", at: name.location)
        }
    }

    /// block → "{" ( statement? NEWLINE )* "}"; a statement may end right before "}".
    mutating func block(after what: String) throws -> [Stmt] {
        try consume(.leftBrace, "expected '{' after \(what)")
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth {
            let open = previous
            skipToMatchingBrace()
            throw ScriptError("blocks too deeply nested (limit \(Parser.maxDepth) levels)", at: open.location)
        }
        var statements: [Stmt] = []
        while !check(.rightBrace) && !isAtEnd {
            if match(.newline) { continue }
            if let s = statementRecovering() { statements.append(s) }
        }
        try consume(.rightBrace, "expected '}' to close the block")
        return statements
    }

    mutating func endOfStatement() throws {
        if match(.newline) || (check(.rightBrace) && depth > 0) || isAtEnd { return }
        throw ScriptError("expected end of line after the statement, got \(peek().display)", at: peek().location)
    }

    /// Skips past the `}` that closes the block just opened, so that a block nested too
    /// deeply is one error, not one for each line inside it.
    mutating func skipToMatchingBrace() {
        var open = 1
        while !isAtEnd && open > 0 {
            if check(.leftBrace) { open += 1 }
            if check(.rightBrace) { open -= 1 }
            advance()
        }
    }

    /// Skips to the start of the next statement, always moving past at least one token so
    /// that recovery cannot loop (a block's closing brace is left for the block). A block
    /// opened on the skipped part of the line is skipped whole, so that its lines are not
    /// taken for statements of the enclosing block.
    mutating func synchronize() {
        if check(.rightBrace) && depth > 0 { return }
        var open = 0
        repeat {
            let token = advance()
            if token.kind == .leftBrace { open += 1 }
            if token.kind == .rightBrace && open > 0 { open -= 1 }
            if open == 0 && (token.kind == .newline || (check(.rightBrace) && depth > 0)) { return }
        } while !isAtEnd
    }

    // MARK: Helpers

    var isAtEnd: Bool { peek().kind == .eof }
    var atStatementEnd: Bool { check(.newline) || check(.rightBrace) || isAtEnd }

    func peek(_ offset: Int = 0) -> Token {
        tokens[min(current + offset, tokens.count - 1)]
    }

    var previous: Token { tokens[max(0, current - 1)] }

    func check(_ kind: TokenKind) -> Bool { peek().kind == kind }

    /// True when the next token is the name `word` (a contextual keyword such as `on`).
    func checkWord(_ word: String) -> Bool { check(.identifier) && peek().lexeme == word }

    @discardableResult
    mutating func advance() -> Token {
        if !isAtEnd { current += 1 }
        return previous
    }

    mutating func match(_ kinds: TokenKind...) -> Bool {
        guard kinds.contains(peek().kind) else { return false }
        advance()
        return true
    }

    @discardableResult
    mutating func consume(_ kind: TokenKind, _ message: String) throws -> Token {
        if check(kind) { return advance() }
        throw error(message)
    }

    /// An error at the next token: "expected X, got Y".
    /// At the end of a line the caret goes just after the last token, not after a comment.
    func error(_ message: String) -> ScriptError {
        var location = peek().location
        if (check(.newline) || isAtEnd) && current > 0 {
            let last = previous.location
            location = SourceLocation(source: last.source, line: last.line, column: last.column + last.length)
        }
        return ScriptError("\(message), got \(peek().display)", at: location)
    }
}
