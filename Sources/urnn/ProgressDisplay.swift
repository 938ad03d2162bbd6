import Foundation
import URNNScript

/// Shows the progress of long commands: on a terminal one status line rewritten in place
/// (title, step/total, loss, accuracy, steps/s, ETA), cleared at the end, when the
/// command prints its own summary line (`train u on copy: 2000 steps in 35.1 s, ...`); off
/// a terminal, or under `NO_COLOR`/`TERM=dumb`, one plain line per report. The kernel
/// hands each line, the last one too, to a closure instead (`init(lines:)`).
final class ProgressDisplay: ProgressSink {
    let console: Console?
    /// Where the kernel sends each line, with true for the command's last report.
    private let lines: ((String, Bool) -> Void)?
    /// When and at which step the current command started reporting, to measure its rate.
    private var start: (title: String, step: Int, time: Date)?

    init(console: Console) {
        self.console = console
        lines = nil
    }

    init(lines: @escaping (String, Bool) -> Void) {
        console = nil
        self.lines = lines
    }

    func report(_ progress: ProgressReport) {
        let now = Date()
        if let s = start, s.title != progress.title || progress.step < s.step { start = nil }
        if start == nil { start = (progress.title, progress.step, now) }
        let rate = stepsPerSecond(progress, now: now)
        guard let console else {
            lines?(line(progress, rate: rate), progress.finished)
            if progress.finished { start = nil }
            return
        }
        if progress.finished {
            // The command's own output has the summary (with held-out loss and baseline).
            if console.style.liveStatus { console.clearStatus() }
            start = nil
        } else if console.style.liveStatus {
            console.status(line(progress, rate: rate))
        } else {
            console.err(line(progress, rate: rate))
        }
    }

    /// The rate the command measured itself (`steps/s`), else the one seen between reports.
    /// A command's own `eta_s` is preferred to the estimate from the rate.
    private func stepsPerSecond(_ p: ProgressReport, now: Date) -> Double? {
        if let own = p.metrics.first(where: { $0.0 == "steps/s" }) { return own.1 }
        guard let s = start else { return nil }
        let elapsed = now.timeIntervalSince(s.time)
        guard elapsed > 0.05, p.step > s.step else { return nil }
        return Double(p.step - s.step) / elapsed
    }

    /// `train u on copy  step 300/1000  loss 0.6931  accuracy 0.512  12.3 steps/s  ETA 0:57`
    func line(_ p: ProgressReport, rate: Double?) -> String {
        var parts = [p.title, p.total.map { "step \(p.step)/\($0)" } ?? "step \(p.step)"]
        parts += measurements(p)
        if let rate {
            parts.append(ProgressDisplay.format(rate) + " steps/s")
            if let eta = p.metrics.first(where: { $0.0 == "eta_s" }) {
                parts.append("ETA " + ProgressDisplay.duration(eta.1))
            } else if let total = p.total, rate > 0, total > p.step {
                parts.append("ETA " + ProgressDisplay.duration(Double(total - p.step) / rate))
            }
        }
        return parts.joined(separator: "  ")
    }

    private func measurements(_ p: ProgressReport) -> [String] {
        p.metrics.filter { $0.0 != "steps/s" && $0.0 != "eta_s" }.map { "\($0.0) \(ProgressDisplay.format($0.1))" }
    }

    /// Four significant digits: enough to see a loss move, short enough for one line.
    static func format(_ x: Double) -> String {
        String(format: "%.4g", x)
    }

    /// `0:57`, `1:02:03`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
