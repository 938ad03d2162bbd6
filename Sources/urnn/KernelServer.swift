import Foundation
import Glibc
import URNNEngine
import URNNScript

/// `urnn kernel`: one session driven by line-delimited JSON on standard input and output,
/// for the Jupyter kernel (`jupyter/urnn_kernel`) and any other client. The protocol is in
/// `docs/kernel.md`. Cells run through the same `CellSession` as the terminal session, so a
/// cell gives the same values, `_`/`_N`, diagnostics and state; completion and help are
/// the terminal's (`Completer`, `Reference`).
final class KernelServer {
    /// The protocol's version, in the `ready` and `info_reply` messages; it changes when a
    /// message changes incompatibly.
    static let protocolVersion = 1
    /// Output a cell may send as `stream` messages; the rest is counted and left out, so a
    /// cell printing megabytes cannot flood the client.
    static let maxStreamBytesPerCell = 1 << 20

    private let channel: KernelChannel
    private var cells: CellSession!
    private var completer: Completer!
    /// The request being answered, echoed in every message it causes.
    private var currentID: Any = NSNull()
    private var streamBytes = 0
    private var streamBytesLeftOut = 0

    init(channel: KernelChannel) {
        self.channel = channel
        let console = Console(style: TerminalStyle(inputIsTerminal: false, outputIsTerminal: false,
                                                   colour: false, liveStatus: false))
        let output = ClosureOutput(write: { [unowned self] in stream("stdout", $0) },
                                   note: { [unowned self] in stream("stderr", "note: " + $0) })
        let progress = ProgressDisplay(lines: { [unowned self] text, finished in
            channel.send(["id": currentID, "type": "progress", "text": text, "finished": finished])
        })
        let session = ProgramSession(console: console, output: output, progress: progress,
                                     isCancelled: { [unowned channel] in Interrupt.isRequested || channel.writeFailure != nil })
        cells = CellSession(session: session)
        completer = Completer(interpreter: cells.interpreter, metaCommands: MetaCommand.words)
    }

    /// Serves requests until `shutdown` or the end of the input; returns the exit status.
    /// The real standard output becomes the protocol's alone: descriptor 1 then points at
    /// standard error, so a stray write (a child process's output) cannot break a message.
    static func serve() -> Int32 {
        let protocolOutput = dup(STDOUT_FILENO)
        guard protocolOutput >= 0, dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 else {
            Console.write(STDERR_FILENO, "urnn kernel: cannot set up standard output: \(String(cString: strerror(errno)))\n")
            return 71
        }
        Interrupt.secondPressExits.store(false, ordering: .relaxed)
        Interrupt.install(restartCalls: true)
        let server = KernelServer(channel: KernelChannel(input: STDIN_FILENO, output: protocolOutput))
        return server.run()
    }

    func run() -> Int32 {
        channel.send(["type": "ready", "protocol": KernelServer.protocolVersion, "urnn": URNNVersion.string])
        while let line = channel.readLine() {
            currentID = NSNull()
            switch line {
            case .tooLong(let bytes):
                refuse("request of \(bytes) bytes is longer than the limit of \(KernelChannel.maxLineBytes) bytes")
            case .text(let text):
                if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
                      let request = object as? [String: Any] else {
                    refuse("a request is one JSON object on one line; got: \(KernelServer.excerpt(text))")
                    continue
                }
                currentID = request["id"] ?? NSNull()
                if !answer(request) { return 0 }
            }
            if channel.writeFailure != nil { return 74 }
        }
        return 0
    }

    /// Answers one request; false for `shutdown`.
    private func answer(_ request: [String: Any]) -> Bool {
        let type = request["type"] as? String ?? ""
        let code = request["code"] as? String
        let cursor = (request["cursor"] as? Int) ?? code.map { $0.unicodeScalars.count } ?? 0
        switch type {
        case "execute":
            guard let code else { refuse("execute needs \"code\", a string"); break }
            execute(code)
        case "complete":
            guard let code else { refuse("complete needs \"code\", a string"); break }
            let (matches, start, end) = completer.complete(code: code, cursor: cursor)
            reply("complete_reply", ["matches": matches, "cursor_start": start, "cursor_end": end])
        case "is_complete":
            guard let code else { refuse("is_complete needs \"code\", a string"); break }
            let open = !KernelServer.isMeta(code) && Lexer.isIncomplete(code)
            reply("is_complete_reply", ["status": open ? "incomplete" : "complete", "indent": open ? "  " : ""])
        case "inspect":
            guard let code else { refuse("inspect needs \"code\", a string"); break }
            let word = KernelServer.word(in: code, at: cursor)
            let text = inspect(word)
            reply("inspect_reply", ["found": text != nil, "word": word, "text": text ?? ""])
        case "info":
            reply("info_reply", info())
        case "shutdown":
            reply("shutdown_reply", [:])
            return false
        default:
            refuse("unknown request type '\(type)'; known: execute, complete, is_complete, inspect, info, shutdown")
        }
        return true
    }

    /// Runs a cell (or a meta-command such as `history`) and sends its reply.
    private func execute(_ code: String) {
        streamBytes = 0
        streamBytesLeftOut = 0
        if code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            reply("execute_reply", ["status": "ok", "execution_count": cells.nextNumber - 1, "value": NSNull(),
                                    "errors": [String](), "plots": [[String: String]]()])
            return
        }
        if KernelServer.isMeta(code), let meta = MetaCommand(code.trimmingCharacters(in: .whitespacesAndNewlines)) {
            var errors: [String] = []
            switch cells.perform(meta) {
            case .output(let text): stream("stdout", text)
            case .error(let text): errors = [text]
            case nil: errors = ["error: a kernel is left by shutting it down (or restarting it) from the client"]
            }
            reply("execute_reply", ["status": errors.isEmpty ? "ok" : "error", "execution_count": cells.nextNumber - 1,
                                    "value": NSNull(), "errors": errors, "plots": [[String: String]]()])
            return
        }
        let result = cells.run(code)
        if streamBytesLeftOut > 0 {
            let note = "note: cell \(result.number) printed \(streamBytes + streamBytesLeftOut) bytes; "
                + "the \(streamBytesLeftOut) after the first \(KernelServer.maxStreamBytesPerCell) are not shown"
            channel.send(["id": currentID, "type": "stream", "name": "stderr", "text": note + "\n"])
        }
        var errors = ScriptError.render(result.outcome.errors)
        if result.interrupted {
            errors.append("note: cell \(result.number) interrupted; everything it completed is kept")
        }
        let status = result.interrupted ? "interrupted" : errors.isEmpty ? "ok" : "error"
        let plots = result.plots.map { url -> [String: String] in
            ["path": url.standardizedFileURL.path, "mime": KernelServer.mimeType(of: url)]
        }
        reply("execute_reply", ["status": status, "execution_count": result.number,
                                "value": result.value ?? NSNull(), "errors": errors, "plots": plots])
    }

    /// A line of output (or a note) as a `stream` message, within the cell's allowance.
    private func stream(_ name: String, _ text: String) {
        let size = text.utf8.count + 1
        guard streamBytes + size <= KernelServer.maxStreamBytesPerCell, streamBytesLeftOut == 0 else {
            streamBytesLeftOut += size
            return
        }
        streamBytes += size
        channel.send(["id": currentID, "type": "stream", "name": name, "text": text + "\n"])
    }

    private func reply(_ type: String, _ fields: [String: Any]) {
        var message = fields
        message["id"] = currentID
        message["type"] = type
        channel.send(message)
    }

    /// The answer to a request that cannot be read: a message, and the session goes on.
    private func refuse(_ message: String) {
        reply("protocol_error", ["message": message])
    }

    /// `help WORD` for a command or function, else what a name of the session holds.
    private func inspect(_ word: String) -> String? {
        guard !word.isEmpty else { return nil }
        if let text = try? Reference.help(topic: word) { return text }
        if let value = cells.interpreter.lookup(word) { return "\(word) = \(value.description)" }
        return nil
    }

    private func info() -> [String: Any] {
        ["protocol": KernelServer.protocolVersion, "urnn": URNNVersion.string,
         "banner": "urnn \(URNNVersion.string): help for commands, Tab to complete, Shift-Tab for help on a word",
         "language": ["name": "urnn", "version": URNNVersion.string, "file_extension": ".urnn",
                      "mimetype": "text/x-urnn"],
         "commands": Commands.names, "keywords": Completer.keywords, "functions": Builtins.names,
         "meta_commands": MetaCommand.words]
    }

    /// True when a cell is one line the session answers itself (`history`, `report to ...`).
    static func isMeta(_ code: String) -> Bool {
        let text = code.trimmingCharacters(in: .whitespacesAndNewlines)
        return !text.contains("\n") && MetaCommand(text) != nil
    }

    /// The word (letters, digits, `_`) at or just before `cursor`, counted in Unicode scalars.
    static func word(in code: String, at cursor: Int) -> String {
        let scalars = Array(code.unicodeScalars)
        func isWord(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" }
        var start = min(max(cursor, 0), scalars.count)
        var end = start
        while start > 0 && isWord(scalars[start - 1]) { start -= 1 }
        while end < scalars.count && isWord(scalars[end]) { end += 1 }
        var word = String.UnicodeScalarView()
        word.append(contentsOf: scalars[start..<end])
        return String(word)
    }

    static func mimeType(of url: URL) -> String {
        switch url.pathExtension.lowercased() {
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        case "pdf": return "application/pdf"
        default: return "application/octet-stream"
        }
    }

    /// The first 80 characters of a line, for a message about it.
    static func excerpt(_ text: String) -> String {
        text.count > 80 ? String(text.prefix(80)) + "…" : text
    }
}
