import URNNEngine

/// Runs a command: receives the evaluated invocation and the interpreter (for its
/// environment, output, progress, generator and cancellation flag).
public typealias CommandHandler = (Invocation, Interpreter) throws -> Value

/// Executes parsed statements. One interpreter is one session: its names, settings and
/// random generator persist across `execute` calls (the REPL runs each cell in the same one).
public final class Interpreter {
    /// Where `print`, `help` and handlers write.
    public var output: OutputSink
    /// Where long commands report progress; nil to stay quiet.
    public var progress: ProgressSink?
    /// Polled between statements, loop iterations and by long handlers; true stops the run.
    public var isCancelled: () -> Bool
    /// The session's names and their values.
    public private(set) var globals: [String: Value] = [:]
    public var settings = Settings()
    /// The session's random generator; `seed N` restarts it.
    public var generator = SeededGenerator(seed: 0)
    /// `--set NAME=VALUE` overrides for `param` statements.
    public var parameterOverrides: [String: String] = [:]
    /// Names handlers will define before a script can use them (e.g. `results`): the checker
    /// accepts them as defined.
    public var predeclaredNames: Set<String> = []
    /// The number of the REPL cell running, nil in a script: `_N` of a cell without a
    /// value then says so instead of "undefined name".
    public var currentCell: Int?
    /// The commands the program running the language answers itself (the REPL's), for `help`.
    public var sessionCommands: [SessionCommandHelp] = []
    var handlers: [String: CommandHandler] = [:]
    /// Records the options handlers read, for the option audit; nil otherwise.
    var optionReadLog: OptionReadLog?
    /// The most bytes the values of assigned names may hold together (`Value+Memory.swift`).
    public var valueMemoryLimit = Builtins.maxValueBytes
    /// Bytes held by each assigned name's value, and their sum.
    var bytesByName: [String: Int] = [:]
    var valueBytes = 0

    public init(output: OutputSink, progress: ProgressSink? = nil, isCancelled: @escaping () -> Bool = { false }) {
        self.output = output
        self.progress = progress
        self.isCancelled = isCancelled
        registerBuiltinCommands()
        registerNameCommands()
    }

    /// Installs the handler of a command (`"train"`) or of one kind of it (`"show models"`);
    /// a kind's handler is preferred to the command's.
    public func register(_ key: String, _ handler: @escaping CommandHandler) {
        handlers[key] = handler
    }

    /// True when a command (or one of its kinds) can run in this build.
    public func isAvailable(_ key: String) -> Bool { handlers[key] != nil }

    /// The value of `name`, if defined.
    public func lookup(_ name: String) -> Value? { globals[name] }

    /// Defines or replaces `name`. Replacing an engine object, or a name defined by a
    /// command, leaves a note, since it is easy to do by accident; `_` and `_N`, the
    /// REPL's cell values (which a saved session rebinds), are replaced without one.
    public func define(_ name: String, _ value: Value, noteIfReplacing: Bool = false) {
        if let old = globals[name], !Interpreter.isCellValueName(name) {
            var objectReplaced = false
            if case .object = old { objectReplaced = true }
            if noteIfReplacing || objectReplaced {
                output.note(redefinitionNote(name, old: old, new: value))
            }
        }
        globals[name] = value
        recordBytes(of: name)
    }

    /// "'r' redefined: it was rnn(H=16, ...), now lstm(H=16); r2 still names the old one":
    /// what changed, and which other names keep the object that `name` no longer holds.
    func redefinitionNote(_ name: String, old: Value, new: Value) -> String {
        guard case .object(let before) = old else {
            return "'\(name)' redefined: it was \(old.typeAndName), now \(new.typeAndName)"
        }
        let now: String
        if case .object(let after) = new { now = after.brief } else { now = new.typeAndName }
        var note = "'\(name)' redefined: it was \(before.brief), now \(now)"
        let others = globals.compactMap { entry -> String? in
            guard entry.key != name, !Interpreter.isCellValueName(entry.key),
                  case .object(let o) = entry.value, o === before else { return nil }
            return entry.key
        }.sorted()
        if !others.isEmpty {
            note += "; \(others.joined(separator: ", ")) still name\(others.count == 1 ? "s" : "") the old one"
        }
        return note
    }

    /// Removes `name` (`del NAME`); what it held no longer counts against the value limit.
    public func undefine(_ name: String) {
        globals[name] = nil
        recordBytes(of: name)
    }

    /// True for `_` and `_N`, the names the REPL gives cell values.
    public static func isCellValueName(_ name: String) -> Bool {
        name.first == "_" && name.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Throws the interruption error when the cancellation flag is set.
    public func checkCancellation(at location: SourceLocation?) throws {
        if isCancelled() {
            throw ScriptError("interrupted", at: location, category: .interrupted)
        }
    }

    /// Runs every statement; returns the value of the last one (`.none` unless it was an
    /// expression or a command that yields a value). Stops at the first runtime error.
    @discardableResult
    public func execute(_ program: Program) throws -> Value {
        var last = Value.none
        for statement in program.statements {
            last = try execute(statement)
        }
        return last
    }

    func execute(_ block: [Stmt]) throws {
        for statement in block { _ = try execute(statement) }
    }

    func execute(_ stmt: Stmt) throws -> Value {
        try checkCancellation(at: stmt.location)
        switch stmt.kind {
        case .expression(let e):
            return try evaluate(e)
        case let .assign(name, e):
            try store(name, try evaluate(e), at: stmt.location)
            return .none
        case .print(let exprs):
            output.write(try exprs.map { try evaluate($0).display }.joined(separator: " "))
            return .none
        case let .ifElse(test, thenBranch, elseBranch):
            if try condition(test, "if") {
                try execute(thenBranch)
            } else if let elseBranch {
                try execute(elseBranch)
            }
            return .none
        case let .whileLoop(cond, body):
            while try condition(cond, "while") {
                try execute(body)
                try checkCancellation(at: stmt.location)
            }
            return .none
        case let .forLoop(name, sequence, body):
            for item in try iterate(sequence) {
                // The loop variable is rebound on purpose: no "redefined" note.
                globals[name] = item
                recordBytes(of: name)
                try execute(body)
                try checkCancellation(at: stmt.location)
            }
            return .none
        case .command(let node):
            return try run(node)
        case .timed(let inner):
            return try executeTimed(inner)
        }
    }

    func condition(_ expr: Expr, _ what: String) throws -> Bool {
        let value = try evaluate(expr)
        guard let truth = value.truth else {
            throw ScriptError("type error: '\(what)' needs true or false, got \(value.typeAndName)", at: expr.location)
        }
        return truth
    }

    func iterate(_ expr: Expr) throws -> [Value] {
        let value = try evaluate(expr)
        switch value {
        case .list(let items): return items
        case .string(let s): return s.map { .string(String($0)) }
        default:
            throw ScriptError("type error: 'for' needs a list, got \(value.typeAndName); use range(n) to count",
                              at: expr.location)
        }
    }
}
