/// Errors from plotting. Each says what went wrong and what to do about it.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    /// gnuplot is not on the search path; `written` lists the files written anyway (.gp, .dat).
    case gnuplotNotFound(searchPath: String, written: [String])
    /// gnuplot reported an error; `message` is its own text, `script` the script it ran, if on disk.
    case gnuplotFailed(message: String, script: String?)
    /// gnuplot did not finish within `seconds` and was killed.
    case timedOut(seconds: Double, script: String?)
    /// gnuplot could not be started or stopped unexpectedly.
    case processFailed(String)
    /// An output path that cannot be used safely or at all.
    case invalidPath(path: String, reason: String)
    /// The output file's extension does not name a supported format.
    case unsupportedFormat(path: String)
    /// The data cannot be drawn (mismatched lengths, nothing to draw, a missing column...).
    case invalidData(String)
    /// Reading or writing a file failed.
    case io(path: String, message: String)

    /// The fix for a missing gnuplot, shared by the message and the docs.
    public static let installHint =
        "install it with `sudo apt-get install --no-install-recommends gnuplot-nox` (or run scripts/setup)"

    public var description: String {
        switch self {
        case let .gnuplotNotFound(path, written):
            let files = written.isEmpty ? "" : "; wrote \(written.joined(separator: " and ")) so you can render it later"
            return "gnuplot was not found on PATH (\(path)): \(PlotError.installHint)\(files)"
        case let .gnuplotFailed(message, script):
            return "gnuplot failed: \(message)" + (script.map { " (script: \($0))" } ?? "")
        case let .timedOut(seconds, script):
            return "gnuplot took longer than \(formatReal(seconds)) s and was stopped"
                + (script.map { " (script: \($0))" } ?? "")
        case let .processFailed(m): return "gnuplot: \(m)"
        case let .invalidPath(p, reason): return "cannot write a plot to \"\(p)\": \(reason)"
        case let .unsupportedFormat(p):
            return "cannot tell the format of \"\(p)\": name the file .png, .svg or .pdf"
        case let .invalidData(m): return "cannot plot: \(m)"
        case let .io(p, m): return "cannot write \(p): \(m)"
        }
    }
}
