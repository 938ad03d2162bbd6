import Foundation
import Glibc
import URNNEngine
import URNNScript

/// One run of a sweep, in its folder: the hidden `urnn sweep-run FOLDER` that the scheduler
/// starts. It reads `params.json`, sends its standard output and error to `stdout.txt` and
/// `stderr.txt`, runs the script with the run's overrides, its threads and its plots in the
/// folder, writes the run's `eval` rows to `results.csv` with the parameters as leading
/// columns, and writes `done.json` last, in one step. No shell is involved: the parameters
/// travel in `params.json`, never on a command line.
enum SweepRunExecution {
    /// `script`: the script's path when it is not the recorded one (a run sent to another
    /// host with `urnn sweep --transfer`); it must be the script the sweep recorded, byte
    /// for byte (its SHA-256).
    static func run(folder path: String, script: String? = nil) -> Int32 {
        let folder = URL(fileURLWithPath: path).standardizedFileURL
        let parameters: RunParameters
        do {
            parameters = try SweepJSON.read(RunParameters.self, from: folder.appendingPathComponent("params.json"))
        } catch {
            FileHandle.standardError.write(Data("urnn sweep-run: cannot read \(folder.path)/params.json: \(error)\n".utf8))
            return 66
        }
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("done.json"))
        guard redirect(STDOUT_FILENO, to: folder.appendingPathComponent("stdout.txt")),
              redirect(STDERR_FILENO, to: folder.appendingPathComponent("stderr.txt")) else {
            FileHandle.standardError.write(Data("urnn sweep-run: cannot write the logs in \(folder.path)\n".utf8))
            return 73
        }
        let start = Date()
        let console = Console(style: .current())
        var status: Int32
        var csv = ""
        switch ScriptRunner.load(script ?? parameters.script) {
        case .failure(let error):
            console.diagnostic(error.rendered)
            status = error.category.exitCode
        case .success(let source) where script != nil
                && ScriptDigest.sha256Hex(Data(String(source.characters).utf8)) != parameters.scriptSHA256:
            console.diagnostic("urnn sweep-run: \(script ?? "") is not the script this sweep ran (its SHA-256 differs "
                               + "from the one params.json records)")
            status = 65
        case .success(let source):
            let session = ProgramSession(console: console, overrides: parameters.params)
            session.interpreter.settings.threads = parameters.threads
            session.interpreter.settings.plotsDirectory = folder.path
            Interrupt.reset()
            Interrupt.install(restartCalls: true)
            let outcome = session.runner.run(source)
            status = console.statusAfterOutputFailure() ?? outcome.exitCode
            console.clearStatus()
            session.show(outcome.errors)
            csv = session.engine.resultsCSV(leading: parameters.columns.map { ($0, parameters.params[$0] ?? "") })
        }
        if !csv.isEmpty {
            do {
                try AtomicFileWriter.write(Data(csv.utf8), to: folder.appendingPathComponent("results.csv"))
            } catch {
                console.diagnostic("urnn sweep-run: cannot write results.csv: \(error)")
                if status == 0 { status = 73 }
            }
        }
        let done = RunCompletion(exitStatus: status, wallSeconds: Date().timeIntervalSince(start),
                                 peakMemoryKiB: peakMemoryKiB(), host: hostName(),
                                 finished: ISO8601DateFormatter().string(from: Date()),
                                 cpu: cpuModel(), buildTarget: URNNBuild.cpuTarget)
        do {
            try SweepJSON.write(done, to: folder.appendingPathComponent("done.json"))
        } catch {
            console.diagnostic("urnn sweep-run: cannot write done.json: \(error)")
            return status == 0 ? 73 : status
        }
        return status
    }

    /// Points `fd` at `url`, truncated.
    private static func redirect(_ fd: Int32, to url: URL) -> Bool {
        let file = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard file >= 0 else { return false }
        defer { close(file) }
        return dup2(file, fd) >= 0
    }

    /// The machine's name, from `gethostname` (no name lookup on the network).
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The CPU's name, the first `model name` line of /proc/cpuinfo (nil where there is none).
    private static func cpuModel() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// The process's peak resident memory; Linux reports `ru_maxrss` in KiB.
    private static func peakMemoryKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}
