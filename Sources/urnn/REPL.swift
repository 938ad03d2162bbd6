import Foundation
import URNNEngine
import URNNScript

/// The notebook-style session on a terminal: cells read with readline and run by a
/// `CellSession` (shared with the kernel), their errors, values and notes shown on the
/// console.
final class REPL {
    let console: Console
    let cells: CellSession
    let editor: LineEditor

    init(console: Console, overrides: [String: String]) {
        self.console = console
        cells = CellSession(session: ProgramSession(console: console, overrides: overrides))
        let completer = Completer(interpreter: cells.interpreter, metaCommands: MetaCommand.words)
        editor = LineEditor(historyPath: LineEditor.defaultHistoryPath(), completer: completer, console: console)
    }

    /// Reads and runs cells until Ctrl-D (or `exit`); returns the exit status.
    func run() -> Int32 {
        console.out("urnn \(URNNVersion.string): type help for commands, Tab to complete, Ctrl-D to leave.")
        var pending: [String] = []
        while true {
            let fresh = "[\(cells.nextNumber)]> "
            let line = editor.readLine(prompt: pending.isEmpty ? fresh : "...> ", freshPrompt: fresh)
            // Ctrl-C at the prompt dropped the half-typed cell along with the line.
            if editor.takeClearedByInterrupt() { pending = [] }
            guard let line else { break }
            if pending.isEmpty, let meta = MetaCommand(line) {
                editor.remember(line)
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
            // The whole cell is one history entry, as in IPython: Up recalls all its lines.
            editor.remember(text)
            runCell(text)
            if let status = console.statusAfterOutputFailure() { return status }
        }
        // Readline leaves the cursor after the prompt on Ctrl-D.
        console.out("")
        return 0
    }

    /// Runs one cell and shows its errors and value.
    func runCell(_ text: String) {
        let result = cells.run(text)
        console.clearStatus()
        // The terminal echoed ^C where the cursor was; start the diagnostic on its own line.
        if result.interrupted && console.style.inputIsTerminal { console.err("") }
        cells.session.show(result.outcome.errors)
        if result.interrupted {
            console.note("cell \(result.number) stopped by Ctrl-C; everything it completed is kept")
        }
        if let value = result.value { console.out(value) }
    }

    func perform(_ meta: MetaCommand) {
        switch cells.perform(meta) {
        case .output(let text): console.out(text)
        case .error(let text): console.diagnostic(text)
        case nil: break
        }
    }
}
