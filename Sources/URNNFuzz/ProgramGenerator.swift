import URNNScript

/// Decodes fuzzer bytes into a well-formed `.urnn` program with bounded sizes.
///
/// Statements come from a small grammar (assignment, print, if/else, bounded for and while
/// loops, commands); commands are built from their declarations in `Commands.all`, so a
/// new command or option is fuzzed without a change here. Every size a command takes
/// (hidden units, steps, batch, delay, sequence counts) is a small literal, so a program
/// runs in milliseconds; expressions may still ask for anything, and the engine's own
/// limits must answer. Names are defined before use, so most programs pass the checker
/// and reach the interpreter.
struct ProgramGenerator {
    static let maxStatements = 14
    static let maxBlockDepth = 2
    static let maxExpressionDepth = 3
    static let smallInts = ["0", "1", "2", "3", "4", "-1", "2", "1"]
    static let numbers = ["0", "1", "2", "3", "-1", "0.5", "1e-3", "2.5", "1e308", "1e-308", "100"]
    static let members = ["T", "H", "rows", "cols", "real", "imag", "W", "A", "steps", "history", "loss",
                          "hidden", "vocab", "baseline", "accuracy", "name", "x"]
    static let operators = ["+", "-", "*", "/", "@", "==", "!=", "<", "<=", ">", ">=", "and", "or"]
    /// Functions whose arguments are sizes: kept small most of the time.
    static let sizeFunctions: Set<String> = ["eye", "zeros", "rand", "randn", "range"]

    private var input: FuzzInput
    /// The corpus file `corpus NAME = load FILE` reads.
    private let corpusPath: String
    private var values: [String] = []
    private var models: [String] = []
    private var data: [String] = []
    private var counter = 0
    /// Inside a string's `{...}`, where a string literal may not appear.
    private var inInterpolation = false
    /// Definitions a command needs first (a model to train, a task to train on).
    private var prelude: [String] = []

    init(_ bytes: [UInt8], corpusPath: String) {
        input = FuzzInput(bytes)
        self.corpusPath = corpusPath
    }

    mutating func program() -> String {
        var lines: [String] = []
        while !input.isExhausted && lines.count < Self.maxStatements {
            lines.append(statement(depth: 0))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: statements

    private mutating func statement(depth: Int) -> String {
        let nested = depth < Self.maxBlockDepth
        switch input.below(nested ? 10 : 6) {
        case 0, 1:
            let e = expression(0)
            let name = input.pick(["a", "b", "c", "d"])
            values.append(name)
            return "\(name) = \(e)"
        case 2:
            return "print " + (0...input.below(2)).map { _ in expression(0) }.joined(separator: ", ")
        case 3, 4, 5:
            return command()
        case 6:
            let test = expression(1)
            var text = "if \(test) \(block(depth))"
            if input.chance(50) { text += " else " + (input.chance(30) ? statementIf(depth) : block(depth)) }
            return text
        case 7:
            let sequence = input.chance(70) ? "range(\(input.below(4)))" : expression(1)
            values.append("i")
            return "for i in \(sequence) \(block(depth))"
        case 8:
            counter += 1
            let n = "w\(counter)"
            values.append(n)
            return "\(n) = 0\nwhile \(n) < \(input.below(4)) {\n\(statement(depth: depth + 1))\n\(n) = \(n) + 1\n}"
        default:
            return expression(0)
        }
    }

    private mutating func statementIf(_ depth: Int) -> String {
        "if \(expression(1)) \(block(depth))"
    }

    private mutating func block(_ depth: Int) -> String {
        let body = (0...input.below(3)).map { _ in statement(depth: depth + 1) }
        return "{\n" + body.joined(separator: "\n") + "\n}"
    }

    // MARK: commands, from their declarations

    private mutating func command() -> String {
        let spec = input.pick(Commands.all)
        var words = [spec.name]
        words += spec.pattern.flatMap { element(spec, $0) }
        var variant: CommandVariant?
        if !spec.variants.isEmpty {
            let v = input.pick(spec.variants)
            variant = v
            words.append(v.name)
            words += v.pattern.flatMap { element(spec, $0, variant: v) }
        }
        for option in spec.options(for: variant) {
            if case .int = option.type {
                if input.chance(85) { words.append("\(option.name)=\(literal(option, Self.smallInts))") }
            } else if input.chance(35) {
                words.append(self.option(option))
            }
        }
        // A name is known only once its definition is written.
        for case .define(let placeholder) in spec.pattern where placeholder == "NAME" {
            if let name = words.dropFirst().first { remember(name, for: spec.name) }
        }
        defer { prelude = [] }
        return (prelude + [words.joined(separator: " ")]).joined(separator: "\n")
    }

    /// A name for `del`: the last value name, no longer offered to later statements, or one
    /// defined for the purpose.
    private mutating func forgottenName() -> String {
        if let name = values.last {
            values.removeAll { $0 == name }
            return name
        }
        prelude.append("gone = 0")
        return "gone"
    }

        private mutating func remember(_ name: String, for command: String) {
        switch command {
        case "model": models.append(name)
        case "task", "corpus": data.append(name)
        default: values.append(name)
        }
    }

    private mutating func element(_ spec: CommandSpec, _ element: PatternElement, variant: CommandVariant? = nil) -> [String] {
        switch element {
        case .keyword(let w): return [w]
        case .equals: return ["="]
        case .define:
            switch spec.name {
            case "model": return [input.pick(["m", "u", "r"])]
            case "task": return [input.pick(["t", "s"])]
            case "corpus": return ["k"]
            default: return [input.pick(["p", "q"])]
            }
        case let .value(placeholder, kind):
            return [argument(placeholder, kind, spec: spec, variant: variant)]
        case let .values(placeholder, kind):
            return (0...input.below(2)).map { _ in argument(placeholder, kind, spec: spec, variant: variant) }
        case let .word(_, allowed):
            // `time` takes a statement and `del` a defined name, which it then forgets.
            if spec.name == "time" { return [expression(0)] }
            if spec.name == "del" { return [forgottenName()] }
            return [allowed.isEmpty ? input.pick(Commands.names + ["functions", "expm", "nothing"]) : input.pick(allowed)]
        case let .words(_, allowed):
            return (0...input.below(2)).map { _ in input.pick(allowed) }
        case .optional(let elements):
            return input.chance(50) ? elements.flatMap { self.element(spec, $0, variant: variant) } : []
        }
    }

    private mutating func argument(_ placeholder: String, _ kind: ArgumentKind, spec: CommandSpec,
                                   variant: CommandVariant?) -> String {
        switch kind {
        case .object(let kinds):
            if kinds.contains("model") {
                if models.isEmpty {
                    prelude.append("model m0 = \(input.pick(["rnn", "lstm", "urnn"])) hidden=\(1 + input.below(3))")
                    models.append("m0")
                }
                return input.pick(models)
            }
            if kinds.contains("task") || kinds.contains("corpus") {
                if data.isEmpty {
                    prelude.append(input.chance(70) ? "task t0 = copy delay=2 train=8 test=4"
                                                    : "corpus t0 = load \(quoted(corpusPath)) vocab=10")
                    data.append("t0")
                }
                return input.pick(data)
            }
            return "results"
        case .int: return input.pick(Self.smallInts)
        case .number: return input.pick(Self.numbers)
        case .matrix: return matrix()
        case .string:
            if placeholder == "FILE" {
                if spec.name == "corpus" { return quoted(corpusPath) }
                return input.pick(["\"missing.urnnm\"", "\"out.csv\"", "\"w.npy\"", "\"\"", "\"|x\""])
            }
            return input.pick(["\"plots\"", "\"s\"", "\"\""])
        case .any:
            // `export (a) to F` reads as a call of `export`: an argument never starts with `(`.
            let e = expression(1)
            return e.hasPrefix("(") ? "[\(e)][0]" : e
        }
    }

    /// A literal for `option` drawn from `candidates`, within the option's declared range: the
    /// parser refuses a literal out of range, and a program refused at the first option would
    /// never reach the engine. (Computed values out of range are still generated elsewhere.)
    private mutating func literal(_ option: OptionSpec, _ candidates: [String]) -> String {
        let drawn = input.pick(candidates)
        guard let range = option.range else { return drawn }
        let allowed = candidates.filter { Double($0).map(range.contains) ?? false }
        if let x = Double(drawn), range.contains(x) { return drawn }
        if !allowed.isEmpty { return input.pick(allowed) }
        return range.lower.map { "\(Int($0) + 1)" } ?? "1"
    }

    private mutating func option(_ option: OptionSpec) -> String {
        switch option.type {
        case .bool:
            return input.chance(30) ? option.name : "\(option.name)=\(input.pick(["true", "false"]))"
        case .choice(let allowed):
            return "\(option.name)=\(input.pick(allowed))"
        case .int: return "\(option.name)=\(literal(option, Self.smallInts))"
        case .number: return "\(option.name)=\(literal(option, Self.numbers))"
        case .string: return "\(option.name)=\(input.pick(["\"t\"", "\"\"", "\"a b\""]))"
        case .word: return "\(option.name)=\(input.pick(["seq", "step", "loss", "model"]))"
        case .numbers: return "\(option.name)=\(input.pick(["0.5,0.25,0.25", "0.9,0.05,0.05", "1,0,0", "0.5"]))"
        case .words: return "\(option.name)=\(input.pick(["model,seq,accuracy", "model,data,loss", "x"]))"
        }
    }

    // MARK: expressions

    private mutating func expression(_ depth: Int) -> String {
        guard depth < Self.maxExpressionDepth else { return atom() }
        switch input.below(12) {
        case 0, 1, 2: return atom()
        case 3, 4: return "\(expression(depth + 1)) \(input.pick(Self.operators)) \(expression(depth + 1))"
        // `not` binds more loosely than any operator: bracketed, it can stand anywhere.
        case 5: return input.chance(50) ? "-\(expression(depth + 1))" : "(not \(expression(depth + 1)))"
        case 6, 7: return call(depth)
        case 8: return "\(postfixTarget(depth)).\(input.pick(Self.members))"
        case 9: return "\(postfixTarget(depth))[\((0...input.below(2)).map { _ in input.pick(Self.smallInts) }.joined(separator: ", "))]"
        case 10: return input.chance(50) ? matrix() : "[" + (0..<input.below(4)).map { _ in expression(depth + 1) }.joined(separator: ", ") + "]"
        default:
            guard !inInterpolation else { return atom() }
            inInterpolation = true
            defer { inInterpolation = false }
            return "\"s{\(expression(depth + 1))}\""
        }
    }

    private mutating func postfixTarget(_ depth: Int) -> String {
        let known = values + models + data
        if !known.isEmpty, input.chance(60) { return input.pick(known) }
        return "(\(expression(depth + 1)))"
    }

    private mutating func call(_ depth: Int) -> String {
        let name = input.pick(Builtins.names)
        let arity = Builtins.named(name)?.arity ?? 1...1
        let count = arity.lowerBound + input.below(arity.count)
        let arguments = (0..<count).map { _ in
            Self.sizeFunctions.contains(name) && input.chance(90) ? input.pick(Self.smallInts) : expression(depth + 1)
        }
        return "\(name)(\(arguments.joined(separator: ", ")))"
    }

    private mutating func atom() -> String {
        let known = values + models + data
        switch input.below(6) {
        case 0, 1: return input.pick(Self.numbers)
        case 2: return input.pick(inInterpolation ? ["true", "false", "1", "results"] : ["true", "false", "\"text\"", "results"])
        case 3: return matrix()
        default: return known.isEmpty ? input.pick(Self.numbers) : input.pick(known)
        }
    }

    private mutating func matrix() -> String {
        let rows = 1 + input.below(3), cols = 1 + input.below(3)
        let body = (0..<rows).map { _ in
            "[" + (0..<cols).map { _ in input.pick(Self.numbers) }.joined(separator: ", ") + "]"
        }
        return "[" + body.joined(separator: ", ") + "]"
    }

    private func quoted(_ path: String) -> String {
        "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "{", with: "\\{").replacingOccurrences(of: "}", with: "\\}") + "\""
    }
}
