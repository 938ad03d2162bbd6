import Foundation

/// The options of `--engine slurm`, each checked to fit on one `#SBATCH` line.
struct SlurmOptions: Equatable {
    var partition: String?
    var time: String?
    var mem: String?
    var cpusPerTask: Int?
    var account: String?
    /// Anything else, each written as its own `#SBATCH` line (`--qos=high`, `--gres=gpu:1`).
    var extra: [String] = []
    /// Block until the array ends (`sbatch --wait`), then report as with GNU Parallel.
    var wait = false

    /// Each value must be one word: an `#SBATCH` line ends at a line break, and Slurm's
    /// own values (partitions, times, accounts) have no spaces.
    func validate() throws {
        let words: [(String, String?)] = [("--partition", partition), ("--time", time), ("--mem", mem), ("--account", account)]
        for (option, value) in words {
            guard let value else { continue }
            guard !value.isEmpty, !value.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "#" || $0.asciiValue.map { $0 < 32 } == true }) else {
                throw SweepError(message: "\(option) '\(value)': give one word without spaces")
            }
        }
        if let cpusPerTask, cpusPerTask < 1 { throw SweepError(message: "--cpus-per-task must be at least 1") }
        for arg in extra where !arg.hasPrefix("-") || arg.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true }) {
            throw SweepError(message: "--slurm-arg '\(arg)': give one sbatch option such as --qos=high, on one line")
        }
    }
}

/// `DIR/sweep.sbatch`: a Slurm job array with one task per pending run. Task i runs the
/// i-th folder of `DIR/pending.txt` as `urnn sweep-run FOLDER`; the parameters stay in
/// the folder's `params.json`. A user may edit the file and submit it again by hand.
struct SlurmBatch {
    var directory: URL
    var urnn: String
    var script: String
    var tasks: Int
    /// The `%` throttle: array tasks at once.
    var jobs: Int?
    var threads: Int
    var options: SlurmOptions

    var pendingList: URL { directory.appendingPathComponent("pending.txt") }
    var file: URL { directory.appendingPathComponent("sweep.sbatch") }

    var text: String {
        var lines = [
            "#!/bin/bash",
            "# urnn sweep of \(script.replacingOccurrences(of: "\n", with: " ")):",
            "# one array task per run not done yet, task i runs the i-th folder of pending.txt.",
            "# Edit and submit again with: sbatch \(shellQuoted(file.path))",
            "#SBATCH --job-name=urnn-sweep",
            "#SBATCH --array=1-\(tasks)" + (jobs.map { "%\($0)" } ?? ""),
            "#SBATCH --output=" + directory.appendingPathComponent("slurm-%A_%a.out").path,
            "#SBATCH --cpus-per-task=\(options.cpusPerTask ?? threads)",
        ]
        if let p = options.partition { lines.append("#SBATCH --partition=\(p)") }
        if let t = options.time { lines.append("#SBATCH --time=\(t)") }
        if let m = options.mem { lines.append("#SBATCH --mem=\(m)") }
        if let a = options.account { lines.append("#SBATCH --account=\(a)") }
        for arg in options.extra { lines.append("#SBATCH \(arg)") }
        lines += [
            "set -euo pipefail",
            "folder=\"$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" \(shellQuoted(pendingList.path)))\"",
            "exec \(shellQuoted(urnn)) sweep-run \"$folder\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The submission, as an argument list (no shell).
    var command: [String] {
        ["sbatch", "--parsable"] + (options.wait ? ["--wait"] : []) + [file.path]
    }

    /// `#SBATCH --output` cannot quote: the sweep's folder must have no spaces for Slurm.
    static func checkFolder(_ directory: URL) throws {
        if directory.path.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "\"" || $0 == "'" }) {
            throw SweepError(message: "--engine slurm: the folder '\(directory.path)' has a space or quote, which an "
                             + "#SBATCH line cannot hold; choose another --out")
        }
    }
}
