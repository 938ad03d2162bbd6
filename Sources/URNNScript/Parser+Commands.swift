/// Parses a command against its declaration in `Commands`: positional shape, kind word,
/// then `key=value` options (which may also sit between positional arguments).
extension Parser {
    /// State of one command being parsed.
    struct CommandState {
        let spec: CommandSpec
        var variant: CommandVariant? = nil
        var arguments: [ArgumentNode] = []
        var options: [OptionNode] = []
        var optionSpecs: [OptionSpec]
        /// How the command is named in messages: "model rnn", "train".
        var label: String
    }

    mutating func command(_ spec: CommandSpec, _ keyword: Token) throws -> Stmt {
        var state = CommandState(spec: spec, optionSpecs: spec.options, label: spec.name)
        try pattern(spec.pattern, &state, usage: spec.usage(nil))
        if !spec.variants.isEmpty {
            let names = spec.variants.map(\.name)
            let list = names.joined(separator: ", ")
            guard check(.identifier) else {
                throw error("expected \(spec.variantPlaceholder) after '\(spec.name)' (one of: \(list))")
            }
            let word = advance()
            guard let variant = spec.variant(named: word.lexeme) else {
                throw ScriptError("unknown \(spec.variantPlaceholder.lowercased()) '\(word.lexeme)' for \(spec.name)"
                                  + "\(didYouMean(word.lexeme, in: names)) (one of: \(list))", at: word.location)
            }
            state.variant = variant
            state.optionSpecs = spec.options(for: variant)
            state.label = "\(spec.name) \(variant.name)"
            try pattern(variant.pattern, &state, usage: spec.usage(variant))
        }
        try options(&state)
        guard atStatementEnd else {
            throw error("expected an option (key=value) or the end of the line in '\(spec.usage(state.variant))'")
        }
        let node = CommandNode(spec: spec, variant: state.variant, arguments: state.arguments,
                               options: state.options, location: keyword.location)
        return Stmt(.command(node), at: keyword.location)
    }

    /// Matches the positional elements in order.
    mutating func pattern(_ elements: [PatternElement], _ state: inout CommandState, usage: String) throws {
        var after = "'\(state.spec.name)'"
        for element in elements {
            switch element {
            case .define, .equals: break
            default: try options(&state)
            }
            switch element {
            case .keyword(let word):
                guard checkWord(word) else { throw error("expected '\(word)' after \(after) in '\(usage)'") }
                advance()
            case .equals:
                try consume(.equal, "expected '=' after \(state.spec.name) name")
            case .define(let placeholder):
                let name = try consume(.identifier, "expected a name after '\(state.spec.name)'")
                // A parameter may take a command's name (`param seed = 1` then `seed seed`):
                // `urnn sweep --seeds` passes the seed as `seed`. It is never assigned with
                // `=`, so no statement is ambiguous.
                try checkAssignable(name, commandAllowed: state.spec.name == "param")
                state.arguments.append(ArgumentNode(placeholder: placeholder, value: .name(name.lexeme), location: name.location))
            case .word(let placeholder, let allowed):
                let word = try consume(.identifier, "expected \(placeholder) after \(after) in '\(usage)'")
                if !allowed.isEmpty && !allowed.contains(word.lexeme) {
                    throw ScriptError("'\(word.lexeme)' is not one of \(allowed.joined(separator: ", "))"
                                      + didYouMean(word.lexeme, in: allowed), at: word.location)
                }
                state.arguments.append(ArgumentNode(placeholder: placeholder, value: .word(word.lexeme), location: word.location))
            case .value(let placeholder, _):
                if atStatementEnd { throw error("expected \(placeholder) after \(after) in '\(usage)'") }
                let start = peek().location
                state.arguments.append(ArgumentNode(placeholder: placeholder, value: .expr(try expression()), location: start))
            case .values(let placeholder, _):
                let start = peek().location
                var exprs: [Expr] = []
                while !atStatementEnd && !isOptionStart(state) && !isFollowWord(elements) {
                    exprs.append(try expression())
                    _ = match(.comma)
                }
                if exprs.isEmpty { throw error("expected \(placeholder) after \(after) in '\(usage)'") }
                state.arguments.append(ArgumentNode(placeholder: placeholder, value: .exprs(exprs), location: start))
            case .words(let placeholder, let allowed):
                let start = peek().location
                var exprs: [Expr] = []
                while check(.identifier) && !isOptionStart(state) && !isFollowWord(elements) {
                    let word = advance()
                    if !allowed.contains(word.lexeme) {
                        throw ScriptError("'\(word.lexeme)' is not one of \(allowed.joined(separator: ", "))"
                                          + didYouMean(word.lexeme, in: allowed), at: word.location)
                    }
                    exprs.append(Expr(.string([.text(word.lexeme)]), at: word.location))
                    _ = match(.comma)
                }
                if exprs.isEmpty { throw error("expected \(placeholder) after \(after) in '\(usage)'") }
                state.arguments.append(ArgumentNode(placeholder: placeholder, value: .exprs(exprs), location: start))
            case .optional(let inner):
                if optionalApplies(inner) { try pattern(inner, &state, usage: usage) }
            }
            after = element.usage == "=" ? "'='" : element.usage
        }
    }

    /// True when the next token is a keyword of this pattern (so a list of values stops there).
    func isFollowWord(_ elements: [PatternElement]) -> Bool {
        guard check(.identifier) else { return false }
        func words(_ list: [PatternElement]) -> [String] {
            list.flatMap { e -> [String] in
                switch e {
                case .keyword(let w): return [w]
                case .optional(let inner): return words(inner)
                default: return []
                }
            }
        }
        return words(elements).contains(peek().lexeme)
    }

    /// An optional group is present when its first element can start here.
    func optionalApplies(_ inner: [PatternElement]) -> Bool {
        switch inner.first {
        case .keyword(let w): return checkWord(w)
        case .word, .words: return check(.identifier)
        case .value, .values: return !atStatementEnd
        default: return false
        }
    }

    /// `key=` or a bare flag naming a bool option of this command.
    func isOptionStart(_ state: CommandState) -> Bool {
        guard check(.identifier) else { return false }
        if peek(1).kind == .equal { return true }
        return state.optionSpecs.contains { $0.name == peek().lexeme && $0.type == .bool }
    }

    /// Options until something else; a bad option is recorded and parsing goes on, so one
    /// line reports every bad option.
    mutating func options(_ state: inout CommandState) throws {
        while isOptionStart(state) {
            let name = advance()
            let spec = state.optionSpecs.first { $0.name == name.lexeme }
            let value: OptionNode.Value
            var valueLocation: SourceLocation?
            if match(.equal) {
                guard !atStatementEnd else { throw error("expected a value after '\(name.lexeme)='") }
                let first = peek().location
                value = try optionValue(spec?.type ?? .numbers, name: name.lexeme)
                valueLocation = Parser.span(from: first, to: previous.location)
            } else {
                value = .flag
            }
            guard let spec else {
                let known = state.optionSpecs.map(\.name)
                let message = known.isEmpty
                    ? "'\(state.label)' takes no options"
                    : "unknown option '\(name.lexeme)' for \(state.label)\(didYouMean(name.lexeme, in: known))"
                errors.append(ScriptError(message, at: name.location,
                                          notes: known.isEmpty ? [] : ["options of \(state.label): \(known.joined(separator: ", "))"]))
                continue
            }
            if let first = state.options.first(where: { $0.spec.name == spec.name }) {
                errors.append(ScriptError("option '\(spec.name)' given twice", at: name.location,
                                          notes: ["first given at \(first.location)"]))
                continue
            }
            if let problem = Parser.literalProblem(value, spec) {
                errors.append(ScriptError(problem, at: valueLocation ?? name.location))
                continue
            }
            state.options.append(OptionNode(spec: spec, value: value, location: name.location, valueLocation: valueLocation))
        }
    }

    /// The value after `key=`: bare words for choice and word options, expressions otherwise;
    /// `(expr)` computes a choice at run time.
    mutating func optionValue(_ type: OptionType, name: String) throws -> OptionNode.Value {
        switch type {
        case .choice, .word, .words:
            if check(.identifier) {
                var words = [advance().lexeme]
                while type == .words && match(.comma) {
                    words.append(try consume(.identifier, "expected a word after ',' in '\(name)='").lexeme)
                }
                return .words(words)
            }
            return .exprs([try expression()])
        default:
            var exprs = [try expression()]
            while type == .numbers && match(.comma) { exprs.append(try expression()) }
            return .exprs(exprs)
        }
    }

    /// What is wrong with an option's value when that can be seen without running:
    /// a word not allowed, a literal of the wrong type, a flag on a non-bool option.
    static func literalProblem(_ value: OptionNode.Value, _ spec: OptionSpec) -> String? {
        switch (value, spec.type) {
        case (.flag, .bool): return nil
        case (.flag, _): return "option '\(spec.name)' needs a value: \(spec.name)=\(spec.type.display)"
        case (.words(let words), .choice(let allowed)):
            guard let word = words.first, !allowed.contains(word) else { return nil }
            return "value '\(word)' not allowed for \(spec.name); allowed: \(allowed.joined(separator: ", "))"
                + didYouMean(word, in: allowed)
        case (.exprs(let exprs), _):
            guard exprs.count == 1, let kind = literalKind(exprs[0]) else { return nil }
            switch spec.type {
            case .int:
                if case .number(let x) = exprs[0].kind, x != x.rounded() {
                    return "type error: option '\(spec.name)' needs an int, got \(formatNumber(x))"
                }
                guard kind == "number" else { return "type error: option '\(spec.name)' needs an int, got a \(kind)" }
                return literalNumber(exprs[0]).flatMap(spec.rangeProblem)
            case .number:
                guard kind == "number" else { return "type error: option '\(spec.name)' needs a number, got a \(kind)" }
                return literalNumber(exprs[0]).flatMap(spec.rangeProblem)
            case .numbers:
                return kind == "number" ? nil : "type error: option '\(spec.name)' needs a number, got a \(kind)"
            case .string, .choice, .word, .words:
                return kind == "string" ? nil : "type error: option '\(spec.name)' needs a \(spec.type == .string ? "string" : "word"), got a \(kind)"
            case .bool:
                return kind == "bool" ? nil : "type error: option '\(spec.name)' needs true or false, got a \(kind)"
            }
        default: return nil
        }
    }

    /// The characters from `first` to the end of `last`, when both are on one line; else `first`.
    static func span(from first: SourceLocation, to last: SourceLocation) -> SourceLocation {
        guard first.line == last.line, last.column >= first.column else { return first }
        return SourceLocation(source: first.source, line: first.line, column: first.column,
                              length: last.column + last.length - first.column)
    }

    /// The value of a number literal, negated or not.
    static func literalNumber(_ expr: Expr) -> Double? {
        switch expr.kind {
        case .number(let x): return x
        case .negate(let inner): if case .number(let x) = inner.kind { return -x } else { return nil }
        default: return nil
        }
    }

    static func literalKind(_ expr: Expr) -> String? {
        switch expr.kind {
        case .number: return "number"
        case .negate(let inner): if case .number = inner.kind { return "number" } else { return nil }
        case .string: return "string"
        case .bool: return "bool"
        case .list, .matrix: return "list"
        default: return nil
        }
    }
}
