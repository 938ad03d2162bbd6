import URNNEngine

extension Interpreter {
    /// Evaluates a command's arguments and options, then runs its handler.
    func run(_ node: CommandNode) throws -> Value {
        let invocation = try invocation(node)
        let keys = (node.variant.map { ["\(node.spec.name) \($0.name)"] } ?? []) + [node.spec.name]
        guard let handler = keys.lazy.compactMap({ self.handlers[$0] }).first else {
            throw ScriptError("command '\(invocation.label)' is not available in this build", at: node.location)
        }
        optionReadLog?.recordRun(invocation.label)
        do {
            return try handler(invocation, self)
        } catch let error as ScriptError {
            throw error
        } catch let error as MemberError {
            throw ScriptError(error.message, at: node.location)
        } catch let error as LinearAlgebraError {
            throw ScriptError("\(invocation.label): \(error)", at: node.location)
        } catch {
            throw ScriptError("\(invocation.label): \(error)", at: node.location)
        }
    }

    /// The evaluated and checked form of a command node.
    func invocation(_ node: CommandNode) throws -> Invocation {
        var names: [String: String] = [:], words: [String: String] = [:]
        var arguments: [String: Value] = [:], locations: [String: SourceLocation] = [:]
        var argumentNames: [String: [String]] = [:]
        let kinds = Interpreter.argumentKinds(node.spec.pattern + (node.variant?.pattern ?? []))
        for argument in node.arguments {
            locations[argument.placeholder] = argument.location
            switch argument.value {
            case .name(let n): names[argument.placeholder] = n
            case .word(let w): words[argument.placeholder] = w
            case .expr(let e):
                let value = try evaluate(e)
                try checkArgument(value, kinds[argument.placeholder] ?? .any, node.spec.name, at: e.location)
                arguments[argument.placeholder] = value
                argumentNames[argument.placeholder] = [Interpreter.writtenName(e)]
            case .exprs(let es):
                var values: [Value] = []
                for e in es {
                    let value = try evaluate(e)
                    try checkArgument(value, kinds[argument.placeholder] ?? .any, node.spec.name, at: e.location)
                    values.append(value)
                }
                arguments[argument.placeholder] = .list(values)
                argumentNames[argument.placeholder] = es.map(Interpreter.writtenName)
            }
        }
        var options: [String: Value] = [:], optionLocations: [String: SourceLocation] = [:]
        for spec in node.spec.options(for: node.variant) {
            if let value = spec.defaultValue.value { options[spec.name] = value }
        }
        for option in node.options {
            options[option.spec.name] = try optionValue(option)
            optionLocations[option.spec.name] = option.valueLocation ?? option.location
        }
        return Invocation(spec: node.spec, variant: node.variant, location: node.location, names: names,
                          words: words, arguments: arguments, argumentLocations: locations,
                          argumentNames: argumentNames, options: options,
                          givenOptions: Set(node.options.map(\.spec.name)), optionLocations: optionLocations,
                          readLog: optionReadLog)
    }

    /// The name an argument was written as, when it is a bare name; "" otherwise.
    static func writtenName(_ e: Expr) -> String {
        if case .variable(let name) = e.kind { return name }
        return ""
    }

    static func argumentKinds(_ pattern: [PatternElement]) -> [String: ArgumentKind] {
        var kinds: [String: ArgumentKind] = [:]
        for element in pattern {
            switch element {
            case .value(let p, let k), .values(let p, let k): kinds[p] = k
            case .optional(let inner): kinds.merge(argumentKinds(inner)) { a, _ in a }
            default: break
            }
        }
        return kinds
    }

    func checkArgument(_ value: Value, _ kind: ArgumentKind, _ command: String, at location: SourceLocation) throws {
        let ok: Bool
        switch (kind, value) {
        case (.any, _), (.number, .number), (.string, .string), (.matrix, .matrix), (.matrix, .complexMatrix): ok = true
        case (.int, .number(let x)): ok = Builtins.exactInt(x) != nil
        case (.object(let kinds), .object(let o)): ok = kinds.contains(o.kindName)
        default: ok = false
        }
        guard !ok else { return }
        let wanted: [String]
        switch kind {
        case .object(let kinds): wanted = kinds
        case .int: wanted = ["whole number"]
        case .number: wanted = ["number"]
        case .string: wanted = ["string"]
        case .matrix: wanted = ["matrix"]
        case .any: wanted = []
        }
        throw ScriptError(Invocation.typeErrorMessage(command: command, kinds: wanted, got: value), at: location)
    }

    /// An option's value with its declared type enforced (literals were checked by the
    /// parser; this catches computed values).
    func optionValue(_ option: OptionNode) throws -> Value {
        let spec = option.spec
        func typeError(_ wanted: String, _ got: Value) -> ScriptError {
            ScriptError("type error: option '\(spec.name)' needs \(wanted), got \(got.typeAndName)", at: option.location)
        }
        switch option.value {
        case .flag:
            return .bool(true)
        case .words(let words):
            return spec.type == .words ? .list(words.map { .string($0) }) : .string(words.first ?? "")
        case .exprs(let exprs):
            var values = try exprs.map { try evaluate($0) }
            if spec.type == .numbers || spec.type == .words, values.count == 1, case .list(let items) = values[0] {
                values = items
            }
            switch spec.type {
            case .numbers:
                for v in values { guard case .number = v else { throw typeError("numbers", v) } }
                return .list(values)
            case .words:
                for v in values { guard case .string = v else { throw typeError("words", v) } }
                return .list(values)
            default: break
            }
            let value = values[0]
            switch (spec.type, value) {
            case (.int, .number(let x)):
                guard Builtins.exactInt(x) != nil else { throw typeError("an int", value) }
                if let problem = spec.rangeProblem(x) { throw ScriptError(problem, at: option.location) }
                return value
            case (.number, .number(let x)):
                if let problem = spec.rangeProblem(x) { throw ScriptError(problem, at: option.location) }
                return value
            case (.string, .string), (.word, .string), (.bool, .bool):
                return value
            case (.choice(let allowed), .string(let s)):
                guard allowed.contains(s) else {
                    throw ScriptError("value '\(s)' not allowed for \(spec.name); allowed: \(allowed.joined(separator: ", "))"
                                      + didYouMean(s, in: allowed), at: option.location)
                }
                return value
            case (.int, _): throw typeError("an int", value)
            case (.number, _): throw typeError("a number", value)
            case (.bool, _): throw typeError("true or false", value)
            default: throw typeError("a string", value)
            }
        }
    }
}
