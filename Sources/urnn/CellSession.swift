import Foundation
import URNNEngine
import URNNScript

/// The numbered cells of an interactive session, shared by the terminal session (`REPL`)
/// and the kernel (`KernelServer`), so that a cell behaves the same in both: one
/// interpreter, cells numbered from 1, `_` and `_N` bound to the values, the cells kept in a
/// `Notebook` for `history`, `save session` and `report`. The caller shows the result its
/// own way (a terminal, or messages).
final class CellSession {
    let session: ProgramSession
    private(set) var notebook = Notebook()
    /// The number the next cell gets.
    private(set) var nextNumber = 1

    /// What came of one cell.
    struct Result {
        let number: Int
        let outcome: CellOutcome
        /// True when an interrupt (Ctrl-C, SIGINT) stopped the cell.
        let interrupted: Bool
        /// How the cell's value is shown, if it had one.
        let value: String?
        /// The image files the cell's plots wrote.
        let plots: [URL]
    }

    /// What a meta-command (`history`, `save session`, `report`) answered.
    enum MetaResult: Equatable {
        case output(String)
        case error(String)
    }

    init(session: ProgramSession) {
        self.session = session
        session.interpreter.sessionCommands = MetaCommand.help
    }

    var interpreter: Interpreter { session.interpreter }

    /// Runs one cell with the interrupt flag cleared before and after, binds `_` and `_N`
    /// to its value and keeps it in the notebook.
    func run(_ text: String) -> Result {
        let number = nextNumber
        nextNumber += 1
        let plotsBefore = session.engine.plotsMade.count
        Interrupt.reset()
        session.engine.interruptedTrainingSteps = nil
        var outcome = session.runner.runCell(text, number: number)
        if outcome.isIncomplete {
            // The terminal asks for more lines; a client that sends whole cells (the kernel)
            // gets the parser's errors for the open bracket, brace or string instead.
            outcome.errors = session.runner.check(SourceFile(name: "<cell \(number)>", text: text), checkOverrides: false).1
        }
        let interrupted = outcome.errors.contains { $0.category == .interrupted } || Interrupt.isRequested
        Interrupt.reset()
        var shown: String?
        if case .none = outcome.value {} else {
            shown = outcome.value.description
            defineQuietly("_", outcome.value)
            defineQuietly("_\(number)", outcome.value)
        }
        let plots = Array(session.engine.plotsMade.dropFirst(plotsBefore))
        var cell = Notebook.Cell(
            number: number, input: text, output: outcome.output, value: shown,
            errors: ScriptError.render(outcome.errors), interrupted: interrupted, plots: plots)
        if interrupted, let steps = session.engine.interruptedTrainingSteps {
            cell.replay = Notebook.interruptedTrainingReplay(of: text, steps: steps)
        }
        notebook.append(cell)
        return Result(number: number, outcome: outcome, interrupted: interrupted, value: shown, plots: plots)
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

    /// Answers `history`, `save session to "FILE"` and `report to "FILE"` (`exit` is the
    /// caller's to handle; this answers nothing for it).
    func perform(_ meta: MetaCommand) -> MetaResult? {
        switch meta {
        case .history:
            return .output(notebook.listing())
        case .saveSession(let path):
            return write(notebook.script(), to: path, what: "session")
        case .report(let path):
            return write(notebook.markdown(reportURL: URL(fileURLWithPath: path)), to: path, what: "report")
        case .exit:
            return nil
        }
    }

    private func write(_ text: String, to path: String, what: String) -> MetaResult {
        let url = URL(fileURLWithPath: path)
        do {
            // One step, regular files only: a directory or device at `path` is refused.
            try AtomicFileWriter.write(Data(text.utf8), to: url)
            let kept = what == "session" ? notebook.cells.filter(\.isReplayed).count : notebook.cells.count
            return .output("wrote \(what) (\(kept) cells) to \(path)")
        } catch {
            let reason = (error as? FileAccessError)?.reason ?? "\(error)"
            return .error("error: cannot write \(what) to '\(path)': \(reason)")
        }
    }
}
