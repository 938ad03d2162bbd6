import Foundation
import Glibc
import Synchronization
import URNNEngine
import URNNScript

/// `urnn sweep`: checks the script and the plan, writes the sweep's folders, hands the runs
/// that are not done yet to GNU Parallel (each one `urnn sweep-run FOLDER`), and reports
/// how the runs ended. The scheduler is GNU Parallel; urnn does not schedule by itself.
struct SweepDriver {
    var scriptPath: String
    var plan: SweepPlan
    var out: String?
    var jobs: Int?
    var threads: Int
    var hosts: [String]
    var sshLoginFile: String?
    var dryRun: Bool
    var force: Bool
    /// nil: GNU Parallel; else a Slurm job array with these options.
    var slurm: SlurmOptions? = nil
    /// Hosts without a shared filesystem: what travels with each run (nil: shared).
    var transfer: SweepTransfer? = nil
    let console = Console(style: .current())

    /// The folder runs go to: `--out`, else `runs/<script name>`, made absolute so that
    /// every run (on any host of a shared filesystem) names the same place.
    var directory: URL {
        let name = out ?? "runs/" + (URL(fileURLWithPath: scriptPath).deletingPathExtension().lastPathComponent)
        return URL(fileURLWithPath: name, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// Parallel jobs: `--jobs`, else the cores divided by the threads of a run.
    var jobCount: Int {
        jobs ?? max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, threads))
    }

    func run() -> Int32 {
        do {
            return try runChecked()
        } catch let error as SweepError {
            console.diagnostic("urnn sweep: \(error.message)")
            return error.exitCode
        } catch {
            console.diagnostic("urnn sweep: \(error)")
            return 70
        }
    }

    private func runChecked() throws -> Int32 {
        let source: SourceFile
        switch ScriptRunner.load(scriptPath) {
        case .success(let s): source = s
        case .failure(let error):
            console.diagnostic(error.rendered)
            return error.category.exitCode
        }
        // The script must pass `urnn check` before anything is written.
        let session = ProgramSession(console: console)
        let (program, errors) = session.runner.check(source, checkOverrides: false)
        if !errors.isEmpty {
            session.show(errors)
            return 65
        }
        try plan.validate(against: ScriptParameters(program))
        let scriptURL = URL(fileURLWithPath: scriptPath).standardizedFileURL
        let record = SweepRecord(script: scriptURL.path, scriptSHA256: ScriptDigest.sha256Hex(Data(String(source.characters).utf8)),
                                 grid: plan.axes, seeds: plan.seeds, fixed: plan.fixed, threads: threads,
                                 urnnVersion: URNNVersion.string)
        let dir = directory
        let recordURL = dir.appendingPathComponent("sweep.json")
        if FileManager.default.fileExists(atPath: recordURL.path), !force {
            guard let earlier = try? SweepJSON.read(SweepRecord.self, from: recordURL) else {
                throw SweepError(message: "\(recordURL.path) cannot be read; use a new --out, or --force to start over there",
                                 exitCode: 65)
            }
            guard earlier.isSameSweep(as: record) else {
                let what = earlier.scriptSHA256 != record.scriptSHA256 ? "the script changed" : "the grid, seeds or --set values changed"
                throw SweepError(message: "\(dir.path) holds another sweep (\(what) since it ran); "
                                 + "use a new --out, or --force to run every run again there", exitCode: 65)
            }
        }
        let runs = plan.runs
        let progress = SweepProgress.scan(runs, in: dir, force: force)
        let batch = try slurm.map { options -> SlurmBatch in
            try options.validate()
            try SlurmBatch.checkFolder(dir)
            return SlurmBatch(directory: dir, urnn: try SweepDriver.urnnExecutable(), script: scriptURL.path,
                              tasks: progress.pending.count, jobs: jobs, threads: threads, options: options)
        }
        let command = try batch?.command
            ?? schedulerCommand(pendingList: dir.appendingPathComponent("pending.txt"), joblog: dir.appendingPathComponent("joblog"),
                                script: scriptURL)
        if dryRun {
            for run in runs {
                let state: String
                switch SweepProgress.state(of: dir.appendingPathComponent(run.folderName)) {
                case .succeeded where !force: state = "done"
                case .failed(let code) where !force: state = "failed (exit \(code))"
                default: state = "to run"
                }
                console.out("\(run.folderName)  \(state)")
            }
            console.out("sweep: \(progress.summary)")
            if let batch {
                console.out("\(batch.file.path):")
                for line in batch.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() { console.out("  \(line)") }
            }
            console.out("command: " + schedulerEnvironment.map { "\($0.key)=\($0.value) " }.joined()
                        + command.map(shellQuoted).joined(separator: " "))
            return console.statusAfterOutputFailure() ?? 0
        }
        console.err("sweep: \(dir.path): \(progress.summary)")
        if progress.pending.isEmpty { return 0 }
        try write(record, runs: progress.pending, to: dir, script: scriptURL)
        if let batch {
            do {
                try AtomicFileWriter.write(Data(batch.text.utf8), to: batch.file)
            } catch {
                throw SweepError(message: "cannot write \(batch.file.path): \(error)", exitCode: 73)
            }
            return try submit(batch, runs: runs, in: dir)
        }
        let status = try runScheduler(command)
        if status == 130 { console.err("sweep: interrupted; finished runs are kept, run the same command again to resume") }
        return report(SweepProgress.scan(runs, in: dir), in: dir, schedulerStatus: status)
    }

    /// Submits the job array with `sbatch`; with `--wait` waits for it and reports the runs.
    private func submit(_ batch: SlurmBatch, runs: [SweepRun], in dir: URL) throws -> Int32 {
        guard let sbatch = SweepDriver.findOnPath("sbatch") else {
            throw SweepError(message: "sbatch is not on PATH: run on a Slurm login node (or submit \(batch.file.path) there)",
                             exitCode: 69)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sbatch)
        process.arguments = Array(batch.command.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        SchedulerSignals.install()
        do {
            try process.run()
        } catch {
            throw SweepError(message: "cannot start \(sbatch): \(error)", exitCode: 69)
        }
        SchedulerSignals.child.store(process.processIdentifier, ordering: .relaxed)
        // With --parsable sbatch prints the job id (`123` or `123;cluster`) at submission.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        SchedulerSignals.child.store(0, ordering: .relaxed)
        let job = text.split(whereSeparator: { $0 == ";" || $0.isNewline }).first.map(String.init) ?? "?"
        if SchedulerSignals.received.load(ordering: .relaxed) {
            console.err("sweep: stopped waiting; job \(job) may still run (scancel \(job) ends it); "
                        + "run the same command again to see how the runs ended")
            return 130
        }
        if !batch.options.wait {
            guard process.terminationStatus == 0 else {
                throw SweepError(message: "sbatch \(batch.file.path) failed (exit \(process.terminationStatus))", exitCode: 69)
            }
            console.err("sweep: submitted job \(job): \(batch.tasks) array task\(batch.tasks == 1 ? "" : "s"); "
                        + "watch with `squeue -j \(job)`; run the same command again after it ends to see how the runs ended")
            return 0
        }
        console.err("sweep: job \(job) ended")
        return report(SweepProgress.scan(runs, in: dir), in: dir, schedulerStatus: 0)
    }

    /// Writes `sweep.json`, a `params.json` in each pending run's folder, and the list of
    /// pending folders that GNU Parallel reads.
    private func write(_ record: SweepRecord, runs: [SweepRun], to dir: URL, script: URL) throws {
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try SweepJSON.write(record, to: dir.appendingPathComponent("sweep.json"))
            var list = ""
            for run in runs {
                let folder = dir.appendingPathComponent(run.folderName)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let parameters = RunParameters(
                    params: run.overrides(fixed: plan.fixed),
                    columns: run.point.map(\.name) + plan.fixed.keys.sorted() + (run.seed == nil ? [] : ["seed"]),
                    seed: run.seed,
                    script: script.path, scriptSHA256: record.scriptSHA256, threads: threads,
                    urnnVersion: URNNVersion.string)
                try SweepJSON.write(parameters, to: folder.appendingPathComponent("params.json"))
                // With --transfer, `/./` marks where the path becomes relative to the host's
                // working folder (rsync's rule, which GNU Parallel follows).
                list += (transfer == nil ? folder.path : dir.path + "/./" + run.folderName) + "\n"
            }
            try AtomicFileWriter.write(Data(list.utf8), to: dir.appendingPathComponent("pending.txt"))
        } catch let error as FileAccessError {
            throw SweepError(message: "cannot write the sweep's folder: \(error)", exitCode: 73)
        } catch {
            throw SweepError(message: "cannot write the sweep's folder \(dir.path): \(error)", exitCode: 73)
        }
    }

    /// GNU Parallel's command line, as an argument list (no shell): the run folders come from
    /// a file, one a line, and parallel quotes each one itself where it puts `{}`; `-q`
    /// quotes the command's own words. Folder names hold only `[A-Za-z0-9._+=,-]`.
    ///
    /// On hosts of a shared filesystem a run starts in the same folder, with this binary's
    /// path. With `--transfer`, each run gets a fresh working folder on its host (`--workdir
    /// ...`, under ~/.parallel/tmp, removed after the run by `--cleanup`); this binary, the
    /// script, the files of `--transfer-file` and the run's folder travel there with rsync
    /// before the run, and the run's folder comes back after it (`--transferfile`, `--return`).
    func schedulerCommand(pendingList: URL, joblog: URL, script: URL) throws -> [String] {
        var command = ["parallel", "--will-cite", "--joblog", joblog.path, "--jobs", String(jobCount)]
        let login: [String] = !hosts.isEmpty ? ["--sshlogin", hosts.joined(separator: ",")]
            : sshLoginFile.map { ["--sshloginfile", $0] } ?? []
        let urnn = try SweepDriver.urnnExecutable()
        guard let transfer else {
            command += login + (login.isEmpty ? [] : ["--workdir", "."])
            return command + ["--arg-file", pendingList.path, "-q", urnn, "sweep-run", "{}"]
        }
        let binary = URL(fileURLWithPath: urnn)
        command += login + ["--workdir", "...", "--cleanup",
                            "--transferfile", SweepTransfer.marked(binary), "--transferfile", SweepTransfer.marked(script)]
        for file in transfer.files { command += ["--transferfile", file] }
        return command + ["--transferfile", "{}", "--return", "{}", "--arg-file", pendingList.path, "-q",
                          "./" + binary.lastPathComponent, "sweep-run", "--script", script.lastPathComponent, "{/}"]
    }

    /// What GNU Parallel's environment adds. With `--transfer`: rsync's old argument
    /// handling (`RSYNC_OLD_ARGS=1`), which GNU Parallel's quoting of remote paths expects;
    /// rsync 3.2.4 and later otherwise keep its quotes in the name of a run's folder (such
    /// names hold `=` and `,`), and the folder would not come back.
    var schedulerEnvironment: [String: String] {
        transfer == nil ? [:] : ["RSYNC_OLD_ARGS": "1"]
    }

    /// This program's own binary, from `/proc/self/exe`: the path the runs start, whatever
    /// the current folder or PATH.
    static func urnnExecutable() throws -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        let first = CommandLine.arguments.first ?? "urnn"
        guard first.contains("/") else { throw SweepError(message: "cannot find the urnn binary's path", exitCode: 70) }
        return URL(fileURLWithPath: first).standardizedFileURL.path
    }

    /// Starts GNU Parallel and waits for it; SIGINT and SIGTERM to the sweep go on to it
    /// (parallel then ends its jobs). The sweep's exit status when interrupted is 130.
    private func runScheduler(_ command: [String]) throws -> Int32 {
        guard let parallel = SweepDriver.findOnPath(command[0]) else {
            throw SweepError(message: "GNU Parallel is not installed (Debian: apt-get install parallel; scripts/setup installs it)",
                             exitCode: 69)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: parallel)
        process.arguments = Array(command.dropFirst())
        if !schedulerEnvironment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(schedulerEnvironment) { $1 }
        }
        SchedulerSignals.install()
        do {
            try process.run()
        } catch {
            throw SweepError(message: "cannot start \(parallel): \(error)", exitCode: 69)
        }
        SchedulerSignals.child.store(process.processIdentifier, ordering: .relaxed)
        process.waitUntilExit()
        SchedulerSignals.child.store(0, ordering: .relaxed)
        if SchedulerSignals.received.load(ordering: .relaxed) { return 130 }
        return process.terminationStatus
    }

    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Prints how the runs stand and lists the failed ones with their last lines of stderr.
    /// 0 only when every run succeeded.
    private func report(_ progress: SweepProgress, in dir: URL, schedulerStatus: Int32) -> Int32 {
        let total = progress.succeeded.count + progress.failed.count + progress.missing.count
        console.err("sweep: \(progress.succeeded.count) of \(total) runs succeeded, \(progress.failed.count) failed, "
                     + "\(progress.missing.count) did not finish")
        for run in progress.failed {
            let folder = dir.appendingPathComponent(run.folderName)
            console.err("failed: \(folder.path)")
            let log = (try? String(contentsOf: folder.appendingPathComponent("stderr.txt"), encoding: .utf8)) ?? ""
            for line in log.split(separator: "\n").suffix(5) { console.err("  \(line)") }
        }
        if schedulerStatus == 130 { return 130 }
        return progress.pending.isEmpty ? 0 : 1
    }
}

/// Text as one word for a POSIX shell, for showing a command a user can paste.
func shellQuoted(_ word: String) -> String {
    if !word.isEmpty, word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=,:+@%{}".contains($0)) }) {
        return word
    }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// SIGINT and SIGTERM while the scheduler runs: noted, and passed on to it.
enum SchedulerSignals {
    static let child = Atomic<Int32>(0)
    static let received = Atomic<Bool>(false)

    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = forwardSignal
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
    }
}

/// Only an atomic store and `kill`, both async-signal-safe.
private func forwardSignal(_ signal: Int32) {
    SchedulerSignals.received.store(true, ordering: .relaxed)
    let pid = SchedulerSignals.child.load(ordering: .relaxed)
    // SIGINT makes GNU Parallel end its running jobs (its SIGTERM only stops new ones).
    if pid > 0 { kill(pid, SIGINT) }
}
