import Foundation
import URNNScript

/// A script session wired for the program: one interpreter with the engine commands, its
/// output on the console, progress on the status line, and Ctrl-C as its cancellation flag.
/// The batch runner, the REPL and the kernel all run their code through one of these.
final class ProgramSession {
    let console: Console
    let engine: EngineSession
    let runner: ScriptRunner

    init(console: Console, overrides: [String: String] = [:]) {
        self.console = console
        let output = ClosureOutput(write: { console.out($0) }, note: { console.note($0) })
        // A failed write to standard output (a full disk, a closed pipe) also stops the run
        // at its next safe point; the runner then reports the failure (see `Console`).
        runner = ScriptRunner(output: output, progress: ProgressDisplay(console: console),
                              isCancelled: { Interrupt.isRequested || console.outputFailure != nil },
                              parameterOverrides: overrides)
        engine = EngineSession()
        EngineCommands.install(on: runner.interpreter, session: engine)
    }

    /// A session whose output, progress and cancellation go elsewhere than the console's
    /// streams (the kernel sends them as messages); `console` only serves `show`.
    init(console: Console, output: OutputSink, progress: ProgressSink, isCancelled: @escaping () -> Bool) {
        self.console = console
        runner = ScriptRunner(output: output, progress: progress, isCancelled: isCancelled, parameterOverrides: [:])
        engine = EngineSession()
        EngineCommands.install(on: runner.interpreter, session: engine)
    }

    /// Ends the session's gnuplot process (it would also end when our pipe closes at exit).
    deinit { engine.close() }

    var interpreter: Interpreter { runner.interpreter }

    /// Prints the diagnostics of an outcome on standard error: at most
    /// `ScriptError.maxShown`, their quoted lines clipped to the screen's width.
    func show(_ errors: [ScriptError]) {
        for text in ScriptError.render(errors, width: console.diagnosticWidth) { console.diagnostic(text) }
    }
}

/// The sysexits status for several outcomes: the most severe one wins.
func combinedExitCode(_ codes: [Int32]) -> Int32 {
    for code: Int32 in [70, 66, 130, 65] where codes.contains(code) { return code }
    return codes.first { $0 != 0 } ?? 0
}
