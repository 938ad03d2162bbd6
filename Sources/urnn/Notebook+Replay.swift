import URNNScript

extension Notebook {
    /// The text that replays a `train` cell Ctrl-C stopped after `steps` optimizer steps:
    /// the cell with its `steps=` or `epochs=` option replaced by `steps=N`, so that
    /// `urnn run` on a saved session trains exactly what the session trained. Nil when
    /// the cell is not one `train` command, no step completed, or the budget is not a
    /// plain option value that can be rewritten.
    static func interruptedTrainingReplay(of text: String, steps: Int) -> String? {
        guard steps > 0 else { return nil }
        let source = SourceFile(name: "<cell>", text: text)
        let (program, errors) = Parser.parse(source)
        guard errors.isEmpty, program.statements.count == 1, case .command(let node)? = program.statements.first?.kind,
              node.spec.name == "train" else { return nil }
        var lexer = Lexer(source: source)
        let tokens = lexer.scan().filter { $0.kind != .newline && $0.kind != .eof }
        let chars = source.characters
        // Character offsets of each line's start, to turn token locations into offsets.
        var lineStarts = [0]
        for (i, c) in chars.enumerated() where c == "\n" { lineStarts.append(i + 1) }
        func offset(_ t: Token) -> Int { lineStarts[t.location.line - 1] + t.location.column - 1 }
        func end(_ t: Token) -> Int { offset(t) + t.location.length }

        var removals: [Range<Int>] = []
        var k = 0
        while k < tokens.count {
            let t = tokens[k]
            if t.kind == .identifier, t.lexeme == "steps" || t.lexeme == "epochs", k + 2 < tokens.count,
               tokens[k + 1].kind == .equal {
                // Only a single-token value (a number or a name) is cut out whole.
                let value = tokens[k + 2]
                guard value.kind == .number || value.kind == .identifier,
                      k + 3 >= tokens.count || ![TokenKind.star, .plus, .minus, .slash, .dot, .leftParen, .leftBracket, .at]
                        .contains(tokens[k + 3].kind) else { return nil }
                var start = offset(t)
                while start > 0 && (chars[start - 1] == " " || chars[start - 1] == "\t") { start -= 1 }
                removals.append(start..<end(value))
                k += 3
                continue
            }
            k += 1
        }
        guard let last = tokens.last else { return nil }
        var out = chars
        let insertAt = end(last)
        out.insert(contentsOf: Array(" steps=\(steps)"), at: insertAt)
        for r in removals.reversed() where r.upperBound <= insertAt { out.removeSubrange(r) }
        return String(out)
    }
}
