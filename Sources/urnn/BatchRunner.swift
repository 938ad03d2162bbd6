import Foundation
import URNNScript

/// Runs and checks script files without a prompt: `urnn run`, `urnn check`, `urnn -c` and
/// `urnn` with standard input that is not a terminal. Output goes to standard output,
/// diagnostics and progress to standard error; the result is a sysexits status.
struct BatchRunner {
    let console: Console

    init(console: Console = Console(style: .current())) {
        self.console = console
    }

    /// Runs `paths` one after another in one session (a later file sees what an earlier one
    /// defined), stopping at the first failure. Every file is read before anything runs, so
    /// a missing one fails at once rather than after a long training.
    func run(paths: [String], overrides: [String: String]) -> Int32 {
        var sources: [SourceFile] = []
        for path in paths {
            switch ScriptRunner.load(path) {
            case .success(let source): sources.append(source)
            case .failure(let error):
                console.diagnostic(error.rendered)
                return error.category.exitCode
            }
        }
        let session = ProgramSession(console: console, overrides: overrides)
        if sources.count > 1, let error = unknownOverride(overrides, in: sources) {
            console.diagnostic(error.rendered)
            return error.category.exitCode
        }
        Interrupt.reset()
        Interrupt.install(restartCalls: true)
        for source in sources {
            // With one file the runner checks the overrides itself, with its own message.
            let outcome = session.runner.run(source, checkOverrides: sources.count == 1)
            if let status = console.statusAfterOutputFailure() { return status }
            guard outcome.succeeded else {
                console.clearStatus()
                session.show(outcome.errors)
                return outcome.exitCode
            }
        }
        return 0
    }

    /// Checks every file (syntax, names, options, and the `--set` overrides as `run` checks
    /// them) without running anything, as `run` would run them in one session (a later file
    /// may use what an earlier one defines); reports the problems of all files, or
    /// "ok: N statements, no problems".
    func check(paths: [String], overrides: [String: String] = [:]) -> Int32 {
        let session = ProgramSession(console: console, overrides: overrides)
        var codes: [Int32] = []
        var sources: [SourceFile] = []
        for path in paths {
            switch ScriptRunner.load(path) {
            case .success(let source): sources.append(source)
            case .failure(let error):
                session.show([error])
                codes.append(error.category.exitCode)
            }
        }
        if sources.count > 1, let error = unknownOverride(overrides, in: sources) {
            session.show([error])
            codes.append(error.category.exitCode)
        }
        for errors in session.runner.check(sources) {
            session.show(errors)
            codes.append(RunOutcome(value: .none, errors: errors).exitCode)
        }
        let status = combinedExitCode(codes)
        if status == 0 {
            let statements = sources.reduce(0) { $0 + Parser.parse($1).program.statements.count }
            let files = sources.count > 1 ? "\(sources.count) files, " : ""
            console.out("ok: \(files)\(statements) statement\(statements == 1 ? "" : "s"), no problems")
        }
        return status
    }

    /// Runs the statements of `urnn -c`.
    func run(statements: String, overrides: [String: String]) -> Int32 {
        let session = ProgramSession(console: console, overrides: overrides)
        Interrupt.reset()
        Interrupt.install(restartCalls: true)
        let outcome = session.runner.run(SourceFile(name: "<command line>", text: statements))
        if let status = console.statusAfterOutputFailure() { return status }
        console.clearStatus()
        session.show(outcome.errors)
        return outcome.exitCode
    }

    /// The first `--set NAME` that no file declares with `param NAME = ...`.
    func unknownOverride(_ overrides: [String: String], in sources: [SourceFile]) -> ScriptError? {
        var declared: Set<String> = []
        for source in sources {
            let (program, _) = Parser.parse(source)
            declared.formUnion(parameters(in: program.statements))
        }
        guard let name = overrides.keys.sorted().first(where: { !declared.contains($0) }) else { return nil }
        let list = declared.isEmpty ? "they declare none" : "they declare \(declared.sorted().joined(separator: ", "))"
        return ScriptError("--set \(name): no script has a parameter '\(name)' (\(list))", at: nil)
    }

    /// The names declared by `param` statements, at any depth.
    private func parameters(in statements: [Stmt]) -> [String] {
        statements.flatMap { statement -> [String] in
            switch statement.kind {
            case .command(let node) where node.spec.name == "param":
                return node.arguments.compactMap { argument in
                    if case .name(let name) = argument.value { return name }
                    return nil
                }
            case let .ifElse(_, thenBranch, elseBranch):
                return parameters(in: thenBranch) + parameters(in: elseBranch ?? [])
            case let .whileLoop(_, body), let .forLoop(_, _, body):
                return parameters(in: body)
            default:
                return []
            }
        }
    }
}
