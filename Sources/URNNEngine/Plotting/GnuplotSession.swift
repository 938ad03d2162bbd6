import Foundation

/// What gnuplot said while running one script.
public struct GnuplotReply: Sendable, Equatable {
    /// Standard output: the drawing itself for the `dumb` terminal, otherwise usually empty.
    public var output: String
    /// Warnings on standard error (such as "empty y range"); they do not stop the plot.
    public var warnings: [String]
}

/// One gnuplot process fed through a pipe, kept alive for many plots.
///
/// Starting gnuplot is most of a plot's time (PLATFORM.md: about 0.09 s of 0.12-0.16 s), so the
/// REPL keeps one session; a batch run may use one per plot. The process starts on the first
/// `run`, and again after a timeout or crash. After each script the session asks gnuplot to print
/// a unique marker on standard output and then on standard error: gnuplot runs commands in order,
/// so when both markers have arrived, all output and error text of the script is in.
/// `run` calls are serialised; a session may be shared between threads.
public final class GnuplotSession: @unchecked Sendable {
    /// Longest time one script may take before gnuplot is killed.
    public var timeout: Double
    private let searchPath: String
    private let lock = NSLock()
    private var process: Process?
    private var input: FileHandle?
    private var stdout = StreamBuffer()
    private var stderr = StreamBuffer()
    private var counter = 0

    /// A session that finds `gnuplot` on `searchPath` (a PATH-style list of folders; by default
    /// the PATH of this process), and kills any script running longer than `timeout` seconds.
    public init(searchPath: String? = nil, timeout: Double = 30) {
        self.searchPath = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        self.timeout = timeout
    }

    deinit { stopProcess(graceful: true) }

    /// The gnuplot executable on the search path, or `nil` if there is none.
    public var executable: URL? { GnuplotSession.find("gnuplot", in: searchPath) }

    /// The PATH-style list of folders searched for gnuplot.
    public var path: String { searchPath }

    /// Runs `script` (complete gnuplot commands; the caller quotes any user text with
    /// `GnuplotQuoting`) and waits for it to finish. Throws `gnuplotNotFound`, `gnuplotFailed`
    /// with gnuplot's own message, or `timedOut` (the process is then killed and restarted next time).
    public func run(_ script: String) throws -> GnuplotReply {
        lock.lock(); defer { lock.unlock() }
        try startIfNeeded()
        guard let input else { throw PlotError.processFailed("gnuplot has no input pipe") }
        counter += 1
        let marker = "urnn-done-\(counter)-\(UUID().uuidString)"
        // `set print '-'` sends `print` to standard output; plain `set print` restores standard error.
        let trailer = "\nset print '-'\nprint '\(marker)'\nset print\nprint '\(marker)'\n"
        do {
            try input.write(contentsOf: Data((script + trailer).utf8))
        } catch {
            let err = stderr.takeAll()
            stopProcess(graceful: false)
            throw PlotError.processFailed("could not send the script to gnuplot (\(error.localizedDescription)) \(err)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        let out = stdout.take(through: marker, deadline: deadline)
        let err = out == nil ? nil : stderr.take(through: marker, deadline: deadline)
        guard let out, let err else {
            let exited = !(process?.isRunning ?? false)
            let message = stderr.takeAll()
            stopProcess(graceful: false)
            if exited { throw PlotError.processFailed("gnuplot stopped unexpectedly: \(message)") }
            throw PlotError.timedOut(seconds: timeout, script: nil)
        }
        return try GnuplotSession.interpret(output: out, errors: err)
    }

    /// Stops the gnuplot process; the next `run` starts a new one.
    public func close() {
        lock.lock(); defer { lock.unlock() }
        stopProcess(graceful: true)
    }

    /// Splits standard error into warnings and errors. gnuplot reports an error as
    /// `line N: message` (after an echo of the command and a caret); warnings say "warning".
    static func interpret(output: String, errors: String) throws -> GnuplotReply {
        let lines = errors.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let isWarning = { (l: String) in l.lowercased().contains("warning:") }
        let failed = lines.contains { l in !isWarning(l) && l.range(of: #"line \d+: "#, options: .regularExpression) != nil }
        if failed {
            throw PlotError.gnuplotFailed(message: lines.filter { !isWarning($0) }.joined(separator: " / "), script: nil)
        }
        let text = output.replacingOccurrences(of: "\u{0C}", with: "")
        return GnuplotReply(output: text, warnings: lines.filter(isWarning))
    }

    static func find(_ name: String, in path: String) -> URL? {
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    private func startIfNeeded() throws {
        if let p = process, p.isRunning { return }
        stopProcess(graceful: false)
        guard let exe = executable else {
            throw PlotError.gnuplotNotFound(searchPath: searchPath, written: [])
        }
        // Writing to a pipe whose reader died raises SIGPIPE, which would end this whole program;
        // ignored, the write fails with EPIPE instead and becomes a `processFailed` error.
        signal(SIGPIPE, SIG_IGN)
        let p = Process()
        p.executableURL = exe
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = searchPath
        p.environment = env
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        stdout = StreamBuffer(); stderr = StreamBuffer()
        stdout.attach(outPipe.fileHandleForReading)
        stderr.attach(errPipe.fileHandleForReading)
        do { try p.run() } catch {
            throw PlotError.processFailed("could not start \(exe.path): \(error.localizedDescription)")
        }
        process = p
        input = inPipe.fileHandleForWriting
    }

    private func stopProcess(graceful: Bool) {
        guard let p = process else { return }
        if graceful, p.isRunning, let input { try? input.write(contentsOf: Data("exit\n".utf8)) }
        try? input?.close()
        if p.isRunning {
            let deadline = Date().addingTimeInterval(graceful ? 1 : 0.2)
            while p.isRunning && Date() < deadline { usleep(5_000) }
            if p.isRunning { p.terminate() }
            let hard = Date().addingTimeInterval(0.5)
            while p.isRunning && Date() < hard { usleep(5_000) }
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        }
        if !p.isRunning { p.waitUntilExit() }
        stdout.detach(); stderr.detach()
        process = nil
        input = nil
    }
}

/// Bytes arriving on a pipe, collected by a background reader and awaited up to a deadline.
final class StreamBuffer: @unchecked Sendable {
    private let condition = NSCondition()
    private var data = Data()
    private var closed = false
    private var handle: FileHandle?

    func attach(_ h: FileHandle) {
        handle = h
        h.readabilityHandler = { [weak self] h in
            let chunk = h.availableData
            guard let self else { return }
            self.condition.lock()
            if chunk.isEmpty { self.closed = true; h.readabilityHandler = nil } else { self.data.append(chunk) }
            self.condition.broadcast()
            self.condition.unlock()
        }
    }

    func detach() {
        handle?.readabilityHandler = nil
        condition.lock(); closed = true; condition.broadcast(); condition.unlock()
    }

    /// Waits for a line equal to `marker`; returns the text before it and drops both.
    /// `nil` if the deadline passes or the stream closes first.
    func take(through marker: String, deadline: Date) -> String? {
        let needle = Data((marker + "\n").utf8)
        condition.lock(); defer { condition.unlock() }
        while true {
            if let r = data.range(of: needle) {
                let before = String(decoding: data[data.startIndex..<r.lowerBound], as: UTF8.self)
                data.removeSubrange(data.startIndex..<r.upperBound)
                return before
            }
            if closed || !condition.wait(until: deadline) { return nil }
        }
    }

    /// Everything received so far, removed from the buffer.
    func takeAll() -> String {
        condition.lock(); defer { condition.unlock() }
        let s = String(decoding: data, as: UTF8.self)
        data.removeAll()
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
