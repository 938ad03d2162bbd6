/// The expression rules, lowest precedence first.
extension Parser {
    /// expression → or
    mutating func expression() throws -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth { throw tooDeeplyNested(at: peek().location) }
        return try or()
    }

    /// or → and ( "or" and )*
    mutating func or() throws -> Expr {
        var left = try and()
        while match(.kwOr) {
            let op = previous
            left = try node(.or(left, try and()), at: op.location)
        }
        return left
    }

    /// and → not ( "and" not )*
    mutating func and() throws -> Expr {
        var left = try not()
        while match(.kwAnd) {
            let op = previous
            left = try node(.and(left, try not()), at: op.location)
        }
        return left
    }

    /// not → "not" not | comparison
    mutating func not() throws -> Expr {
        if match(.kwNot) {
            let op = previous
            return try node(.not(try guarded { try $0.not() }), at: op.location)
        }
        return try comparison()
    }

    /// comparison → term ( ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) term )*
    mutating func comparison() throws -> Expr {
        var left = try term()
        while match(.equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual) {
            let op = previous
            left = try node(.binary(BinaryOperator(rawValue: op.lexeme) ?? .equal, left, try term()), at: op.location)
        }
        return left
    }

    /// term → factor ( ( "+" | "-" ) factor )*
    mutating func term() throws -> Expr {
        var left = try factor()
        while match(.plus, .minus) {
            let op = previous
            left = try node(.binary(op.kind == .plus ? .add : .subtract, left, try factor()), at: op.location)
        }
        return left
    }

    /// factor → unary ( ( "*" | "/" | "@" ) unary )*
    mutating func factor() throws -> Expr {
        var left = try unary()
        while match(.star, .slash, .at) {
            let op = previous
            let kind: BinaryOperator = op.kind == .star ? .multiply : op.kind == .slash ? .divide : .matmul
            left = try node(.binary(kind, left, try unary()), at: op.location)
        }
        return left
    }

    /// unary → "-" unary | postfix
    mutating func unary() throws -> Expr {
        if match(.minus) {
            let op = previous
            return try node(.negate(try guarded { try $0.unary() }), at: op.location)
        }
        return try postfix()
    }

    /// postfix → primary ( "." NAME | "[" indices "]" )*, and NAME "(" arguments ")" for calls.
    mutating func postfix() throws -> Expr {
        var expr = try primary()
        while true {
            if match(.dot) {
                let name = try consume(.identifier, "expected a member name after '.'")
                expr = try node(.member(expr, name.lexeme), at: name.location)
            } else if check(.leftBracket) && previous.location.line == peek().location.line {
                let open = advance()
                let indices = try indices()
                if indices.isEmpty { throw ScriptError("expected an index inside '[]'", at: open.location) }
                expr = try node(.index(expr, indices), at: open.location)
            } else if check(.leftParen) {
                throw ScriptError("only built-in functions can be called", at: peek().location)
            } else {
                return expr
            }
        }
    }

    /// primary → NUMBER | STRING | "true" | "false" | NAME | NAME "(" arguments ")"
    ///         | "(" expression ")" | "[" arguments "]"
    mutating func primary() throws -> Expr {
        let token = peek()
        switch token.kind {
        case .number:
            advance()
            return Expr(.number(token.number), at: token.location)
        case .string:
            advance()
            return try node(.string(try interpolation(token)), at: token.location)
        case .kwTrue, .kwFalse:
            advance()
            return Expr(.bool(token.kind == .kwTrue), at: token.location)
        case .identifier:
            advance()
            if match(.leftParen) {
                let args = try arguments(closing: .rightParen, "expected ')' after the arguments")
                return try node(.call(token.lexeme, args), at: token.location)
            }
            return Expr(.variable(token.lexeme), at: token.location)
        case .leftParen:
            advance()
            let inner = try expression()
            try consume(.rightParen, "expected ')' after the expression")
            return inner
        case .leftBracket:
            advance()
            let elements = try guarded { try $0.arguments(closing: .rightBracket, "expected ']' after the list") }
            let rows: [[Expr]] = elements.compactMap { if case .list(let r) = $0.kind { return r } else { return nil } }
            if !elements.isEmpty && rows.count == elements.count {
                return try node(.matrix(rows), at: token.location)
            }
            return try node(.list(elements), at: token.location)
        default:
            throw error("expected an expression")
        }
    }

    /// arguments → ( expression ( "," expression )* ","? )? closing
    /// indices → index ( "," index )* ; index → expression | expression? ":" expression?
    mutating func indices() throws -> [Expr] {
        var items: [Expr] = []
        while !check(.rightBracket) {
            let start = check(.colon) ? nil : try expression()
            if check(.colon) {
                let colon = advance()
                let stop = check(.comma) || check(.rightBracket) ? nil : try expression()
                items.append(try node(.slice(start, stop), at: colon.location))
            } else if let start {
                items.append(start)
            }
            if !match(.comma) { break }
        }
        try consume(.rightBracket, "expected ']' after the index")
        return items
    }

    mutating func arguments(closing: TokenKind, _ message: String) throws -> [Expr] {
        var items: [Expr] = []
        while !check(closing) {
            items.append(try expression())
            if !match(.comma) { break }
        }
        try consume(closing, message)
        return items
    }

    /// A node of the tree, refused when it would make the tree taller than `maxHeight`: a
    /// chain such as `1+1+...+1` is parsed by a loop, but the tree it builds is as tall as
    /// the chain is long, and the checker and the interpreter recurse that deep.
    mutating func node(_ kind: Expr.Kind, at location: SourceLocation) throws -> Expr {
        let expr = Expr(kind, at: location)
        if expr.height > Parser.maxHeight {
            throw ScriptError("expression too deeply nested (limit \(Parser.maxHeight) levels of operators, "
                              + "'.', '[]' and calls); split it with intermediate variables", at: location)
        }
        return expr
    }

    /// The error for nesting past `maxDepth`.
    func tooDeeplyNested(at location: SourceLocation) -> ScriptError {
        ScriptError("expression too deeply nested (limit \(Parser.maxDepth) levels of brackets, '-' and 'not')",
                    at: location)
    }

    /// Runs a rule one level deeper, so recursion through `-`, `not` and `[` stays bounded.
    mutating func guarded(_ rule: (inout Parser) throws -> Expr) throws -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth { throw tooDeeplyNested(at: peek().location) }
        return try rule(&self)
    }

    mutating func guarded(_ rule: (inout Parser) throws -> [Expr]) throws -> [Expr] {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth { throw tooDeeplyNested(at: peek().location) }
        return try rule(&self)
    }

    /// The pieces of a string literal, with each `{expr}` parsed at its own location.
    mutating func interpolation(_ token: Token) throws -> [StringPart] {
        var parts: [StringPart] = []
        for piece in token.pieces {
            switch piece {
            case .text(let text):
                parts.append(.text(text))
            case let .code(start, end, line, column):
                let here = SourceLocation(source: source, line: line, column: column)
                var lexer = Lexer(source: source, range: start..<end, line: line, column: column)
                let inner = lexer.scan()
                if let first = lexer.errors.first { throw first }
                var parser = Parser(tokens: inner, source: source)
                parser.depth = depth
                while parser.match(.newline) {}
                if parser.isAtEnd {
                    throw ScriptError("expected an expression inside '{}' in the string; write \\{ for a literal brace", at: here)
                }
                let expr = try parser.expression()
                while parser.match(.newline) {}
                if !parser.isAtEnd { throw parser.error("expected '}' after the interpolated expression") }
                parts.append(.expr(expr))
            }
        }
        return parts
    }
}
