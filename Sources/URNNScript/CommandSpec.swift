/// The type of a command option's value, as written after `key=`.
public enum OptionType: Sendable, Equatable {
    /// A whole number.
    case int
    /// A real number.
    case number
    /// A string (a path, a title).
    case string
    /// `true` or `false`; a bare `key` means `key=true`.
    case bool
    /// One word from a fixed list: `rule=exact`.
    case choice([String])
    /// Any single word: `x=seq`.
    case word
    /// Comma-separated numbers: `split=0.9,0.05,0.05`.
    case numbers
    /// Comma-separated words: `pivot=model,seq,accuracy`.
    case words

    /// How the type reads in help: `int`, `exact|seed|cayley`.
    public var display: String {
        switch self {
        case .int: return "int"
        case .number: return "number"
        case .string: return "string"
        case .bool: return "bool"
        case .choice(let values): return values.joined(separator: "|")
        case .word: return "word"
        case .numbers: return "number,..."
        case .words: return "word,..."
        }
    }
}

/// The default of an option, as help prints it and as a handler receives it.
public enum OptionDefault: Sendable, Equatable {
    case int(Int)
    case number(Double)
    case string(String)
    case bool(Bool)
    case word(String)
    case numbers([Double])
    case words([String])
    /// No fixed default: the handler decides, as `meaning` says ("same as lr").
    case auto(String)

    /// How the default reads in help.
    public var display: String {
        switch self {
        case .int(let v): return String(v)
        case .number(let v): return formatNumber(v)
        case .string(let v): return "\"\(v)\""
        case .bool(let v): return v ? "true" : "false"
        case .word(let v): return v
        case .numbers(let v): return v.map(formatNumber).joined(separator: ",")
        case .words(let v): return v.joined(separator: ",")
        case .auto(let meaning): return "auto (\(meaning))"
        }
    }

    /// The default as a script value; `nil` for `.auto`.
    public var value: Value? {
        switch self {
        case .int(let v): return .number(Double(v))
        case .number(let v): return .number(v)
        case .string(let v), .word(let v): return .string(v)
        case .bool(let v): return .bool(v)
        case .numbers(let v): return .list(v.map { .number($0) })
        case .words(let v): return .list(v.map { .string($0) })
        case .auto: return nil
        }
    }
}

/// The values an int or number option allows: a lower and an upper bound, each
/// inclusive or not. NaN is outside every range.
public struct OptionRange: Sendable, Equatable {
    public let lower: Double?
    public let lowerInclusive: Bool
    public let upper: Double?
    public let upperInclusive: Bool

    /// x >= a
    public static func atLeast(_ a: Double) -> OptionRange {
        OptionRange(lower: a, lowerInclusive: true, upper: nil, upperInclusive: false)
    }
    /// x > a
    public static func above(_ a: Double) -> OptionRange {
        OptionRange(lower: a, lowerInclusive: false, upper: nil, upperInclusive: false)
    }
    /// a <= x <= b
    public static func between(_ a: Double, _ b: Double) -> OptionRange {
        OptionRange(lower: a, lowerInclusive: true, upper: b, upperInclusive: true)
    }
    /// a <= x < b
    public static func from(_ a: Double, below b: Double) -> OptionRange {
        OptionRange(lower: a, lowerInclusive: true, upper: b, upperInclusive: false)
    }

    public func contains(_ x: Double) -> Bool {
        if x.isNaN { return false }
        if let lower, lowerInclusive ? x < lower : x <= lower { return false }
        if let upper, upperInclusive ? x > upper : x >= upper { return false }
        return true
    }

    /// How the range reads in help and errors: "at least 1", "above 0", "1 to 4096",
    /// "at least 0 and below 1".
    public var display: String {
        let low = lower.map { (lowerInclusive ? "at least " : "above ") + formatNumber($0) }
        let high = upper.map { (upperInclusive ? "at most " : "below ") + formatNumber($0) }
        if let lower, let upper, lowerInclusive, upperInclusive { return "\(formatNumber(lower)) to \(formatNumber(upper))" }
        return [low, high].compactMap { $0 }.joined(separator: " and ")
    }
}

/// One `key=value` option of a command: declared once, read by the parser, `help`,
/// completion and `docs/language.md`.
public struct OptionSpec: Sendable, Equatable {
    public let name: String
    public let type: OptionType
    public let defaultValue: OptionDefault
    /// One line of documentation.
    public let doc: String
    /// The values an int or number option allows; nil: any.
    public let range: OptionRange?

    public init(_ name: String, _ type: OptionType, _ defaultValue: OptionDefault, _ doc: String,
                range: OptionRange? = nil) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.doc = doc
        self.range = range
    }

    /// The documentation line with the allowed range, as help prints it.
    public var fullDoc: String { range.map { "\(doc); \($0.display)" } ?? doc }

    /// Why `x` is not allowed for this option ("option 'lr' must be above 0, got -1"), or nil.
    public func rangeProblem(_ x: Double) -> String? {
        guard let range, !range.contains(x) else { return nil }
        return "option '\(name)' must be \(range.display), got \(formatNumber(x))"
    }
}

/// What kind of value a positional argument should be; handlers check it with the
/// `Invocation` helpers, the docs print it.
public enum ArgumentKind: Sendable, Equatable {
    case any
    case int
    case number
    case string
    case matrix
    /// An engine object of one of these kinds ("model", "corpus", "task", "run", "results").
    case object([String])
}

/// One element of a command's positional shape, e.g. `train MODEL on DATA`.
public indirect enum PatternElement: Sendable, Equatable {
    /// A literal word that must appear: `on`, `to`, `from`.
    case keyword(String)
    /// `=`
    case equals
    /// A new name the command defines: `model NAME = ...`.
    case define(String)
    /// One expression: `seed N`, `save MODEL to FILE`.
    case value(String, ArgumentKind)
    /// One or more expressions: `plot loss MODEL ...`.
    case values(String, ArgumentKind)
    /// A bare word, from `allowed` (or any word when `allowed` is empty): `help COMMAND`.
    case word(String, [String])
    /// One or more bare words from `allowed`: `plot history MODEL METRIC ...`. The handler
    /// reads them as a list of strings (`inv.argument(PLACEHOLDER)`).
    case words(String, [String])
    /// Elements that may be left out together: `[to FILE]`.
    case optional([PatternElement])

    /// How the element reads in a usage line.
    public var usage: String {
        switch self {
        case .keyword(let w): return w
        case .equals: return "="
        case .define(let p), .value(let p, _), .word(let p, _): return p
        case .values(let p, _), .words(let p, _): return "\(p) ..."
        case .optional(let elements): return "[" + elements.map(\.usage).joined(separator: " ") + "]"
        }
    }
}

/// A kind a command chooses with a word (`model r = rnn ...`, `plot eig ...`), with the
/// positional arguments and options that this kind adds.
public struct CommandVariant: Sendable, Equatable {
    public let name: String
    public let summary: String
    public let pattern: [PatternElement]
    public let options: [OptionSpec]
    public let example: String

    public init(_ name: String, _ summary: String, pattern: [PatternElement] = [],
                options: [OptionSpec] = [], example: String) {
        self.name = name
        self.summary = summary
        self.pattern = pattern
        self.options = options
        self.example = example
    }
}

/// The single declaration of a command: its shape, its kinds, its options and its docs.
public struct CommandSpec: Sendable, Equatable {
    public let name: String
    /// One line for the command list.
    public let summary: String
    /// A paragraph for `help COMMAND` and the reference.
    public let doc: String
    /// The positional shape before the kind word (or the whole shape without kinds).
    public let pattern: [PatternElement]
    /// How the kind word reads in usage ("KIND", "WHAT"); unused without variants.
    public let variantPlaceholder: String
    public let variants: [CommandVariant]
    /// Options every kind accepts.
    public let options: [OptionSpec]
    public let examples: [String]

    public init(_ name: String, summary: String, doc: String, pattern: [PatternElement] = [],
                options: [OptionSpec] = [], variantPlaceholder: String = "KIND",
                variants: [CommandVariant] = [], examples: [String]) {
        self.name = name
        self.summary = summary
        self.doc = doc
        self.pattern = pattern
        self.variantPlaceholder = variantPlaceholder
        self.variants = variants
        self.options = options
        self.examples = examples
    }

    public func variant(named name: String) -> CommandVariant? {
        variants.first { $0.name == name }
    }

    /// The options valid for `variant` (the common ones first).
    public func options(for variant: CommandVariant?) -> [OptionSpec] {
        options + (variant?.options ?? [])
    }

    /// The usage line of one kind, or of the command without kinds.
    public func usage(_ variant: CommandVariant?) -> String {
        var parts = [name] + pattern.map(\.usage)
        if let v = variant { parts.append(v.name); parts += v.pattern.map(\.usage) }
        if !options(for: variant).isEmpty { parts.append("[option=value ...]") }
        return parts.joined(separator: " ")
    }
}

/// A number as help prints it: `0.001`, `128`.
func formatNumber(_ x: Double) -> String {
    if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}
