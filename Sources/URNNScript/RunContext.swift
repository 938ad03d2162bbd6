import Foundation
import URNNEngine

/// Where a script's output goes. The batch runner prints it; the REPL captures it per cell.
public protocol OutputSink: AnyObject {
    /// One piece of output, usually a whole line without its newline.
    func write(_ text: String)
    /// A remark that is not output proper ("note: 'u' redefined"); shown on stderr by the program.
    func note(_ text: String)
}

/// An output sink that keeps everything, for tests and REPL cells.
public final class CapturedOutput: OutputSink {
    public private(set) var lines: [String] = []
    public private(set) var notes: [String] = []
    public init() {}
    public func write(_ text: String) { lines.append(text) }
    public func note(_ text: String) { notes.append(text) }
    /// The output lines joined with newlines.
    public var text: String { lines.joined(separator: "\n") }
}

/// An output sink made of two closures, for the program to send output where it wants.
public final class ClosureOutput: OutputSink {
    let onWrite: (String) -> Void
    let onNote: (String) -> Void
    public init(write: @escaping (String) -> Void, note: @escaping (String) -> Void) {
        self.onWrite = write
        self.onNote = note
    }
    public func write(_ text: String) { onWrite(text) }
    public func note(_ text: String) { onNote(text) }
}

/// Keeps a copy of what passes through to another sink (a REPL cell's output).
final class TeeOutput: OutputSink {
    let base: OutputSink
    var lines: [String] = []
    init(_ base: OutputSink) { self.base = base }
    func write(_ text: String) { lines.append(text); base.write(text) }
    func note(_ text: String) { base.note(text) }
}

/// A report from a long command: where it is and what it measures so far.
public struct ProgressReport: Sendable {
    /// What runs: "train u on copy".
    public var title: String
    public var step: Int
    /// The number of steps, when known.
    public var total: Int?
    /// Named measurements: ("loss", 0.69), ("accuracy", 0.51), ("steps/s", 12.3).
    public var metrics: [(String, Double)]
    /// True for the last report of the command.
    public var finished: Bool

    public init(title: String, step: Int, total: Int?, metrics: [(String, Double)], finished: Bool = false) {
        self.title = title
        self.step = step
        self.total = total
        self.metrics = metrics
        self.finished = finished
    }
}

/// Receives progress of long commands; the REPL draws a live status line, the batch runner
/// prints plain periodic lines.
public protocol ProgressSink: AnyObject {
    func report(_ progress: ProgressReport)
}

/// The settings of a session, changed by `seed` and `set`, listed by `show settings`.
public struct Settings: Sendable, Equatable {
    /// The seed the random generator last started from.
    public var seed: UInt64 = 0
    /// The folder `plot` writes to.
    public var plotsDirectory: String = "plots"
    /// Threads a training or evaluation pass splits its batch over: handed to each
    /// model as it runs (`RecurrentModel.threads`).
    public var threads: Int = Parallelism.defaultThreads

    public init() {}

    /// The lines `show settings` prints.
    public var lines: [String] {
        ["seed \(seed)", "plots \"\(plotsDirectory)\"", "threads \(threads)"]
    }
}
