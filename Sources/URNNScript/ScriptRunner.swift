import Foundation

/// The outcome of checking or running a script.
public struct RunOutcome {
    /// The value of the last statement (shown by the REPL); `.none` after an error.
    public var value: Value
    /// Every error: all syntax and name errors of a file, or the one runtime error.
    public var errors: [ScriptError]

    public init(value: Value, errors: [ScriptError]) {
        self.value = value
        self.errors = errors
    }

    public var succeeded: Bool { errors.isEmpty }
    /// The most severe category among the errors, nil on success.
    public var category: ErrorCategory? {
        let order: [ErrorCategory] = [.internal, .missingInput, .interrupted, .script]
        return order.first { c in errors.contains { $0.category == c } }
    }
    /// 0 on success, else the sysexits status of `category` (65, 66, 70; 130 when interrupted).
    public var exitCode: Int32 { category?.exitCode ?? 0 }
    /// The diagnostics, rendered for stderr (at most `ScriptError.maxShown`, then a count).
    public var diagnostics: String { ScriptError.render(errors).joined(separator: "\n") }
}

/// The outcome of one REPL cell.
public struct CellOutcome {
    /// True when the input ends inside an open bracket, brace or string, or after a trailing
    /// `\`: nothing ran, and the REPL should read a continuation line.
    public var isIncomplete: Bool
    public var value: Value
    /// The output lines the cell wrote (they also went to the interpreter's sink).
    public var output: [String]
    public var errors: [ScriptError]
    public var errored: Bool { !errors.isEmpty }
}

/// The entry points the program uses: check or run a file, a string, or a REPL cell,
/// all against one persistent interpreter.
public final class ScriptRunner {
    public let interpreter: Interpreter

    public init(interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    /// A runner over a new interpreter.
    public convenience init(output: OutputSink, progress: ProgressSink? = nil,
                            isCancelled: @escaping () -> Bool = { false },
                            parameterOverrides: [String: String] = [:]) {
        let interpreter = Interpreter(output: output, progress: progress, isCancelled: isCancelled)
        interpreter.parameterOverrides = parameterOverrides
        self.init(interpreter: interpreter)
    }

    /// Parses `text` into `NAME=VALUE` for `--set`; nil when there is no `=` or no name.
    public static func parseOverride(_ text: String) -> (String, String)? {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else { return nil }
        return (String(text[..<eq]).trimmingCharacters(in: .whitespaces), String(text[text.index(after: eq)...]))
    }

    /// Parses and resolves names, functions and options without running anything; every
    /// problem is reported.
    public func check(_ source: SourceFile, checkOverrides: Bool = true) -> (Program, [ScriptError]) {
        let (program, errors, _) = check(source, alsoDefined: [], checkOverrides: checkOverrides)
        return (program, errors)
    }

    /// Checks files as `run` would run them, in one session, without running anything: a
    /// name that one file defines is known to the files after it. The errors of each file;
    /// the overrides are checked as `run` checks them (a single file's runner checks the
    /// names too, several files' caller checks them across the files).
    public func check(_ sources: [SourceFile]) -> [[ScriptError]] {
        var known: Set<String> = []
        return sources.map { source in
            let (_, errors, defined) = check(source, alsoDefined: known, checkOverrides: sources.count == 1)
            known.formUnion(defined)
            return errors
        }
    }

    /// Checks `source` as if the names `alsoDefined` were defined too; also returns every
    /// name defined after the source has run.
    func check(_ source: SourceFile, alsoDefined: Set<String>,
               checkOverrides: Bool) -> (Program, [ScriptError], Set<String>) {
        let (program, syntaxErrors) = Parser.parse(source)
        var checker = Checker(defined: Set(interpreter.globals.keys).union(interpreter.predeclaredNames).union(alsoDefined))
        checker.cell = interpreter.currentCell
        checker.check(program.statements)
        var errors = syntaxErrors + checker.errors
        let declared = ScriptParameters(program)
        if checkOverrides {
            for name in interpreter.parameterOverrides.keys.sorted() {
                if let message = declared.unknownNameMessage(name) { errors.append(ScriptError(message, at: nil)) }
            }
        }
        // An override of the wrong type is refused before anything runs, with the message
        // and place `param` would give.
        errors += declared.typeErrors(interpreter.parameterOverrides)
        errors.sort { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) }
        return (program, errors, checker.defined)
    }

    /// Checks, then runs when there is no error; stops at the first runtime error.
    public func run(_ source: SourceFile, checkOverrides: Bool = true) -> RunOutcome {
        let (program, errors) = check(source, checkOverrides: checkOverrides)
        guard errors.isEmpty else { return RunOutcome(value: .none, errors: errors) }
        do {
            return RunOutcome(value: try interpreter.execute(program), errors: [])
        } catch let error as ScriptError {
            return RunOutcome(value: .none, errors: [error])
        } catch {
            return RunOutcome(value: .none, errors: [ScriptError("\(error)", at: nil, category: .internal)])
        }
    }

    /// Runs a one-liner (`urnn -c`).
    public func run(text: String, name: String = "<command line>") -> RunOutcome {
        run(SourceFile(name: name, text: text))
    }

    /// Reads and runs a file; `-` reads standard input. A missing file is `.missingInput`.
    public func runFile(_ path: String) -> RunOutcome {
        switch ScriptRunner.load(path) {
        case .success(let source): return run(source)
        case .failure(let error): return RunOutcome(value: .none, errors: [error])
        }
    }

    /// Reads and checks a file without running it.
    public func checkFile(_ path: String) -> RunOutcome {
        switch ScriptRunner.load(path) {
        case .success(let source): return RunOutcome(value: .none, errors: check(source).1)
        case .failure(let error): return RunOutcome(value: .none, errors: [error])
        }
    }

    /// Runs one REPL cell in the session, capturing its output. Overrides are not checked
    /// per cell, since a session's cells declare parameters one at a time.
    public func runCell(_ text: String, number: Int) -> CellOutcome {
        if Lexer.isIncomplete(text) {
            return CellOutcome(isIncomplete: true, value: .none, output: [], errors: [])
        }
        let base = interpreter.output
        let tee = TeeOutput(base)
        interpreter.output = tee
        interpreter.currentCell = number
        defer {
            interpreter.output = base
            interpreter.currentCell = nil
        }
        let outcome = run(SourceFile(name: "<cell \(number)>", text: text), checkOverrides: false)
        return CellOutcome(isIncomplete: false, value: outcome.value, output: tee.lines, errors: outcome.errors)
    }
}
