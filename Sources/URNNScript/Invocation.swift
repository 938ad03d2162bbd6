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
    /// How each argument was written, by placeholder, one entry per expression: the name for
    /// a bare name (`r2`, `_`), else the object's own name, else "". Plots and messages call
    /// an object by the name the user typed, which may be another name bound to it.
    public let argumentNames: [String: [String]]
    /// Every declared option with a value: given ones, then defaults (options defaulting
    /// to `auto` are absent unless given). Private: handlers read options through the
    /// accessors below, which check each name against the declaration.
    private let values: [String: Value]
    /// The options written in the script.
    private let given: Set<String>
    public let optionLocations: [String: SourceLocation]
    /// Where option reads are recorded for the option audit; nil outside it.
    let readLog: OptionReadLog?

    init(spec: CommandSpec, variant: CommandVariant?, location: SourceLocation, names: [String: String],
         words: [String: String], arguments: [String: Value], argumentLocations: [String: SourceLocation],
         argumentNames: [String: [String]] = [:], options: [String: Value], givenOptions: Set<String>, optionLocations: [String: SourceLocation],
         readLog: OptionReadLog? = nil) {
        self.spec = spec
        self.variant = variant
        self.location = location
        self.names = names
        self.words = words
        self.arguments = arguments
        self.argumentLocations = argumentLocations
        self.argumentNames = argumentNames
        self.values = options
        self.given = givenOptions
        self.optionLocations = optionLocations
        self.readLog = readLog
    }

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

    /// The name the script wrote for the object of `placeholder` (the first, for a repeated
    /// argument): `plot svd u r2` calls the second model `r2`, whatever name it was made under.
    public func writtenName(_ placeholder: String, of object: ScriptObject) -> String {
        writtenNames(placeholder, of: [object])[0]
    }

    /// The names the script wrote for the objects of a repeated argument, in order. An
    /// argument that was not a bare name, or was the REPL's `_` or `_N` (which say nothing
    /// of the object), is called by the object's own name.
    public func writtenNames(_ placeholder: String, of objects: [ScriptObject]) -> [String] {
        let written = argumentNames[placeholder] ?? []
        return objects.enumerated().map { k, object in
            guard k < written.count, !written[k].isEmpty, !Interpreter.isCellValueName(written[k]) else {
                return object.displayName
            }
            return written[k]
        }
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
    //
    // Every read goes through the declaration: the name must be an option of this command
    // or of its kind, read as its declared type, and an option declared `auto` is read with
    // an `auto...` accessor (nil unless given), any other with the plain one (its declared
    // default when not given). A read that breaks this is a mistake in the handler, not in
    // the script: it is reported as an internal error, never trapped, and the option audit
    // (`OptionAuditTests`) runs every handler so that none ships.

    /// The value of an int option, or its declared default.
    public func int(_ name: String) throws -> Int {
        try exactInt(name, try value(name, .int))
    }

    /// The value of a number option, or its declared default.
    public func number(_ name: String) throws -> Double {
        guard case .number(let x) = try value(name, .number) else { throw misread(name, "is not a number") }
        return x
    }

    /// The value of a string, choice or word option, or its declared default.
    public func string(_ name: String) throws -> String {
        guard case .string(let s) = try value(name, .string) else { throw misread(name, "is not a string") }
        return s
    }

    /// The value of a bool option, or its declared default.
    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let b) = try value(name, .bool) else { throw misread(name, "is not a bool") }
        return b
    }

    /// The values of a comma-separated numbers option, or its declared default.
    public func numbers(_ name: String) throws -> [Double] {
        try numberList(name, try value(name, .numbers))
    }

    /// The values of a comma-separated words option, or its declared default.
    public func words(_ name: String) throws -> [String] {
        try wordList(name, try value(name, .words))
    }

    /// The value of an int option declared `auto`; nil when not given.
    public func autoInt(_ name: String) throws -> Int? {
        try optionalValue(name, .int).map { try exactInt(name, $0) }
    }

    /// The value of a number option declared `auto`; nil when not given.
    public func autoNumber(_ name: String) throws -> Double? {
        try optionalValue(name, .number).map { v in
            guard case .number(let x) = v else { throw misread(name, "is not a number") }
            return x
        }
    }

    /// The value of a string option declared `auto`; nil when not given.
    public func autoString(_ name: String) throws -> String? {
        try optionalValue(name, .string).map { v in
            guard case .string(let s) = v else { throw misread(name, "is not a string") }
            return s
        }
    }

    /// The values of a words option declared `auto`; nil when not given.
    public func autoWords(_ name: String) throws -> [String]? {
        try optionalValue(name, .words).map { try wordList(name, $0) }
    }

    /// True when the script wrote the option (whatever its default).
    public func isGiven(_ name: String) throws -> Bool {
        _ = try declaration(name)
        return given.contains(name)
    }

    /// How an accessor reads a value; each accepts the declared types listed in `accepts`.
    enum Reading: String {
        case int, number, string, bool, numbers, words

        func accepts(_ type: OptionType) -> Bool {
            switch (self, type) {
            case (.int, .int), (.number, .number), (.bool, .bool), (.numbers, .numbers), (.words, .words),
                 (.string, .string), (.string, .choice), (.string, .word):
                return true
            default:
                return false
            }
        }
    }

    /// The declaration of option `name` for this command and kind, recorded as read.
    func declaration(_ name: String) throws -> OptionSpec {
        guard let option = spec.options(for: variant).first(where: { $0.name == name }) else {
            readLog?.recordUndeclared(label, name)
            throw ScriptError("internal error: the handler of '\(label)' reads option '\(name)', which '\(label)' "
                              + "does not declare", at: location, category: .internal)
        }
        readLog?.record(label, name)
        return option
    }

    private func checkedDeclaration(_ name: String, _ reading: Reading, auto: Bool) throws -> OptionSpec {
        let option = try declaration(name)
        guard reading.accepts(option.type) else {
            throw misread(name, "is declared \(option.type.display), read as \(reading.rawValue)")
        }
        var declaredAuto = false
        if case .auto = option.defaultValue { declaredAuto = true }
        guard declaredAuto == auto else {
            throw misread(name, declaredAuto ? "defaults to auto: read it with auto\(reading.rawValue.capitalized)"
                                             : "has a declared default: read it with \(reading.rawValue)")
        }
        return option
    }

    private func value(_ name: String, _ reading: Reading) throws -> Value {
        _ = try checkedDeclaration(name, reading, auto: false)
        guard let v = values[name] else { throw misread(name, "has no value") }
        return v
    }

    private func optionalValue(_ name: String, _ reading: Reading) throws -> Value? {
        _ = try checkedDeclaration(name, reading, auto: true)
        return values[name]
    }

    private func misread(_ name: String, _ problem: String) -> ScriptError {
        ScriptError("internal error: the handler of '\(label)' misreads option '\(name)': it \(problem)",
                    at: location, category: .internal)
    }

    private func exactInt(_ name: String, _ v: Value) throws -> Int {
        guard case .number(let x) = v, let n = Builtins.exactInt(x) else { throw misread(name, "is not a whole number") }
        return n
    }

    private func numberList(_ name: String, _ v: Value) throws -> [Double] {
        guard case .list(let items) = v else { throw misread(name, "is not a list") }
        return try items.map { item in
            guard case .number(let x) = item else { throw misread(name, "holds a non-number") }
            return x
        }
    }

    private func wordList(_ name: String, _ v: Value) throws -> [String] {
        guard case .list(let items) = v else { throw misread(name, "is not a list") }
        return try items.map { item in
            guard case .string(let s) = item else { throw misread(name, "holds a non-word") }
            return s
        }
    }
}

/// What the handlers did with options, by command label ("train", "plot loss"): the option
/// audit runs every handler with a log and checks it against the declarations.
final class OptionReadLog {
    /// The labels whose handler ran.
    private(set) var ran: Set<String> = []
    /// The declared options each label's handler read.
    private(set) var reads: [String: Set<String>] = [:]
    /// Reads of options the command does not declare: "train: batchh".
    private(set) var undeclared: [String] = []

    func recordRun(_ label: String) { ran.insert(label) }
    func record(_ label: String, _ name: String) { reads[label, default: []].insert(name) }
    func recordUndeclared(_ label: String, _ name: String) { undeclared.append("\(label): \(name)") }
}
