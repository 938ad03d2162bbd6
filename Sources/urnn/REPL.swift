import Foundation
import URNNEngine
import URNNScript

/// The notebook-style session: numbered cells read with readline, run in one interpreter,
/// their output and values kept for `history`, `save session` and `report`.
final class REPL {
    let console: Console
    let session: ProgramSession
    let editor: LineEditor
    var notebook = Notebook()
    /// The number the next cell gets.
    var nextNumber = 1

    init(console: Console, overrides: [String: String]) {
        self.console = console
        session = ProgramSession(console: console, overrides: overrides)
        session.interpreter.sessionCommands = MetaCommand.help
        let completer = Completer(interpreter: session.interpreter, metaCommands: MetaCommand.words)
        editor = LineEditor(historyPath: LineEditor.defaultHistoryPath(), completer: completer, console: console)
    }

    /// Reads and runs cells until Ctrl-D (or `exit`); returns the exit status.
    func run() -> Int32 {
        console.out("urnn \(URNNVersion.string): type help for commands, Tab to complete, Ctrl-D to leave.")
        var pending: [String] = []
        while true {
            let fresh = "[\(nextNumber)]> "
            let line = editor.readLine(prompt: pending.isEmpty ? fresh : "...> ", freshPrompt: fresh)
            // Ctrl-C at the prompt dropped the half-typed cell along with the line.
            if editor.takeClearedByInterrupt() { pending = [] }
            guard let line else { break }
            editor.remember(line)
            if pending.isEmpty, let meta = MetaCommand(line) {
                if case .exit = meta { break }
                perform(meta)
                continue
            }
            pending.append(line)
            let text = pending.joined(separator: "\n")
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                pending = []
                continue
            }
            if Lexer.isIncomplete(text) { continue }
            pending = []
            runCell(text)
            if let status = console.statusAfterOutputFailure() { return status }
        }
        // Readline leaves the cursor after the prompt on Ctrl-D.
        console.out("")
        return 0
    }

    /// Runs one cell, shows its errors and value, and keeps it in the notebook.
    func runCell(_ text: String) {
        let number = nextNumber
        nextNumber += 1
        let plotsBefore = session.engine.plotsMade.count
        Interrupt.reset()
        session.engine.interruptedTrainingSteps = nil
        let outcome = session.runner.runCell(text, number: number)
        let interrupted = outcome.errors.contains { $0.category == .interrupted } || Interrupt.isRequested
        Interrupt.reset()
        console.clearStatus()
        // The terminal echoed ^C where the cursor was; start the diagnostic on its own line.
        if interrupted && console.style.inputIsTerminal { console.err("") }
        session.show(outcome.errors)
        if interrupted {
            console.note("cell \(number) stopped by Ctrl-C; everything it completed is kept")
        }
        var shown: String?
        if case .none = outcome.value {} else {
            shown = outcome.value.description
            console.out(outcome.value.description)
            defineQuietly("_", outcome.value)
            defineQuietly("_\(number)", outcome.value)
        }
        var cell = Notebook.Cell(
            number: number, input: text, output: outcome.output, value: shown,
            errors: ScriptError.render(outcome.errors), interrupted: interrupted,
            plots: Array(session.engine.plotsMade.dropFirst(plotsBefore)))
        if interrupted, let steps = session.engine.interruptedTrainingSteps {
            cell.replay = Notebook.interruptedTrainingReplay(of: text, steps: steps)
        }
        notebook.append(cell)
    }

    /// Defines `_` and `_N` without the interpreter's "redefined" note, which is meant for
    /// names the user chose.
    private func defineQuietly(_ name: String, _ value: Value) {
        let interpreter = session.interpreter
        let output = interpreter.output
        interpreter.output = ClosureOutput(write: { output.write($0) }, note: { _ in })
        interpreter.define(name, value)
        interpreter.output = output
    }

    func perform(_ meta: MetaCommand) {
        switch meta {
        case .history:
            console.out(notebook.listing())
        case .saveSession(let path):
            write(notebook.script(), to: path, what: "session")
        case .report(let path):
            write(notebook.markdown(reportURL: URL(fileURLWithPath: path)), to: path, what: "report")
        case .exit:
            break
        }
    }

    private func write(_ text: String, to path: String, what: String) {
        let url = URL(fileURLWithPath: path)
        do {
            // One step, regular files only: a directory or device at `path` is refused.
            try AtomicFileWriter.write(Data(text.utf8), to: url)
            let kept = what == "session" ? notebook.cells.filter(\.isReplayed).count : notebook.cells.count
            console.out("wrote \(what) (\(kept) cells) to \(path)")
        } catch {
            let reason = (error as? FileAccessError)?.reason ?? "\(error)"
            console.diagnostic("error: cannot write \(what) to '\(path)': \(reason)")
        }
    }
}
