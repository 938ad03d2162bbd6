/// A command ready to run: its arguments evaluated and checked against the declaration,
/// its options typed, with defaults filled in. Handlers read it through typed accessors.
public struct Invocation {
    public let spec: CommandSpec
    public let variant: CommandVariant?
    /// Where the command starts.
    public let location: SourceLocation
    /// Names the command defines, by placeholder: `["NAME": "u"]`.
    public let names: [String: String]
    /// Bare words, by placeholder: `["TOPIC": "train"]`.
    public let words: [String: String]
    /// Evaluated arguments, by placeholder: `["MODEL": .object(u), "DATA": ...]`; a repeated
    /// argument (`plot loss MODEL ...`) is a `.list`.
    public let arguments: [String: Value]
    public let argumentLocations: [String: SourceLocation]
    /// Every option with a value: given ones, then defaults (options defaulting to `auto`
    /// are absent unless given).
    public let options: [String: Value]
    /// The options written in the script.
    public let givenOptions: Set<String>
    public let optionLocations: [String: SourceLocation]

    /// "train", or "model urnn": how messages name the command.
    public var label: String { variant.map { "\(spec.name) \($0.name)" } ?? spec.name }

    /// An error at the command, at one of its arguments, or at one of its options.
    public func error(_ message: String, at placeholder: String? = nil,
                      category: ErrorCategory = .script) -> ScriptError {
        let location = placeholder.flatMap { argumentLocations[$0] ?? optionLocations[$0] } ?? self.location
        return ScriptError(message, at: location, category: category)
    }

    /// The argument for `placeholder`, if present.
    public func argument(_ placeholder: String) -> Value? { arguments[placeholder] }

    /// The engine object for `placeholder`, checked to be one of `kinds`:
    /// "type error: 'train' needs a model, got corpus 'kjv'".
    public func object(_ placeholder: String, kinds: [String]) throws -> ScriptObject {
        guard let value = arguments[placeholder] else { throw error("'\(spec.name)' needs \(placeholder)") }
        return try Invocation.checkObject(value, kinds: kinds, command: spec.name) { error($0, at: placeholder) }
    }

    /// The objects of a repeated argument (`plot loss u r`), each checked.
    public func objects(_ placeholder: String, kinds: [String]) throws -> [ScriptObject] {
        guard case .list(let items)? = arguments[placeholder] else { return [try object(placeholder, kinds: kinds)] }
        return try items.map { try Invocation.checkObject($0, kinds: kinds, command: spec.name) { error($0, at: placeholder) } }
    }

    static func checkObject(_ value: Value, kinds: [String], command: String,
                            _ makeError: (String) -> ScriptError) throws -> ScriptObject {
        if case .object(let o) = value, kinds.contains(o.kindName) { return o }
        throw makeError(typeErrorMessage(command: command, kinds: kinds, got: value))
    }

    /// "type error: 'train' needs a model, got corpus 'kjv'"
    public static func typeErrorMessage(command: String, kinds: [String], got value: Value) -> String {
        let wanted = kinds.count <= 1 ? (kinds.first ?? "value")
            : kinds.dropLast().joined(separator: ", ") + " or " + (kinds.last ?? "")
        let article = wanted.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        return "type error: '\(command)' needs \(article) \(wanted), got \(value.typeAndName)"
    }

    // MARK: Options

    /// The value of an int option; nil when it defaults to `auto` and was not given.
    public func int(_ name: String) -> Int? {
        if case .number(let x)? = options[name] { return Builtins.exactInt(x) }
        return nil
    }

    public func number(_ name: String) -> Double? {
        if case .number(let x)? = options[name] { return x }
        return nil
    }

    /// A string, choice or word option.
    public func string(_ name: String) -> String? {
        if case .string(let s)? = options[name] { return s }
        return nil
    }

    public func bool(_ name: String) -> Bool? {
        if case .bool(let b)? = options[name] { return b }
        return nil
    }

    public func numbers(_ name: String) -> [Double]? {
        guard case .list(let items)? = options[name] else { return nil }
        return items.compactMap { if case .number(let x) = $0 { return x } else { return nil } }
    }

    public func words(_ name: String) -> [String]? {
        guard case .list(let items)? = options[name] else { return nil }
        return items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }
}
