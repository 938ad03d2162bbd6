import ArgumentParser
import Foundation
import URNNEngine

extension URNNCommand {
    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a script over a grid of parameters and seeds, through GNU Parallel or Slurm.",
            discussion: """
                Every combination of the --grid values, once per seed, is one run of the script with \
                those values as --set overrides, in its own folder under --out: params.json, \
                stdout.txt, stderr.txt, results.csv (its eval rows with the parameters as columns), \
                its plots and done.json. Running the same sweep again skips the runs that succeeded \
                and runs the failed and missing ones. See docs/sweeps.md.

                With --engine slurm the runs are one Slurm job array (DIR/sweep.sbatch, submitted \
                with sbatch; --jobs is its % throttle).

                Example: urnn sweep copy.urnn --grid hidden=32,64 --grid lr=0.01,0.001 --seeds 3 --jobs 2

                Exit status: 0 every run succeeded, 1 some run failed or did not finish, 64 wrong \
                usage, 65 script error or another sweep in --out, 66 missing script, 69 GNU Parallel \
                or sbatch missing or failing, 130 interrupted.
                """)

        @Argument(help: ArgumentHelp("The script (.urnn).", valueName: "SCRIPT"))
        var script: String

        @Option(name: .customLong("grid"),
                help: ArgumentHelp("Values of a script parameter: every combination is one run (repeatable). "
                                   + "START..END gives the whole numbers from START to END.",
                                   valueName: "NAME=V1,V2,...|NAME=START..END"))
        var grid: [String] = []

        @OptionGroup var parameters: ParameterOptions

        @Option(help: ArgumentHelp("Seeds 1 to N, or a list such as 3,7,11; each reaches the script as `param seed`.",
                                   valueName: "N|S1,S2,..."))
        var seeds: String?

        @Option(help: ArgumentHelp("The sweep's folder (default: runs/<script name>).", valueName: "DIR"))
        var out: String?

        @Option(help: ArgumentHelp("Runs at once (default: cores / --threads).", valueName: "N"))
        var jobs: Int?

        @Option(help: ArgumentHelp("Threads of each run: its `set threads` before the script starts.", valueName: "N"))
        var threads: Int = 1

        @Option(help: ArgumentHelp("Run on these hosts (GNU Parallel --sshlogin); a shared filesystem must hold "
                                   + "the checkout and the sweep's folder, or give --transfer.", valueName: "H1,H2,..."))
        var hosts: String?

        @Option(name: .customLong("sshloginfile"),
                help: ArgumentHelp("Run on the hosts listed in this file (GNU Parallel --sshloginfile).", valueName: "FILE"))
        var sshLoginFile: String?

        @Flag(help: ArgumentHelp("The hosts share no filesystem: this binary, the script, the --transfer-file files and "
                                 + "each run's folder travel to a fresh folder on the run's host, and the run's folder "
                                 + "comes back (GNU Parallel --transferfile and --return; rsync on every host)."))
        var transfer = false

        @Option(name: .customLong("transfer-file"),
                help: ArgumentHelp("A file the script reads, relative to the current folder, sent with each run "
                                   + "(repeatable; --transfer).", valueName: "FILE"))
        var transferFiles: [String] = []

        @Option(help: ArgumentHelp("Who runs the runs: GNU Parallel, or a Slurm job array.", valueName: "parallel|slurm"))
        var engine: SweepEngine = .parallel

        @Option(help: ArgumentHelp("Slurm partition (--engine slurm).", valueName: "NAME"))
        var partition: String?

        @Option(help: ArgumentHelp("Slurm time limit of each run, as sbatch --time takes it (--engine slurm).", valueName: "TIME"))
        var time: String?

        @Option(help: ArgumentHelp("Slurm memory of each run, as sbatch --mem takes it (--engine slurm).", valueName: "SIZE"))
        var mem: String?

        @Option(help: ArgumentHelp("Slurm CPUs of each run (default: --threads; --engine slurm).", valueName: "N"))
        var cpusPerTask: Int?

        @Option(help: ArgumentHelp("Slurm account (--engine slurm).", valueName: "NAME"))
        var account: String?

        @Option(name: .customLong("slurm-arg"),
                help: ArgumentHelp("Another sbatch option for the job array, e.g. --qos=high (repeatable; --engine slurm).",
                                   valueName: "ARG"))
        var slurmArgs: [String] = []

        @Flag(help: "Wait until the Slurm job array ends, then report the runs (--engine slurm).")
        var wait = false

        @Flag(help: "Print the runs and the scheduler's command (and the sbatch script), and run nothing.")
        var dryRun = false

        @Flag(help: "Run every run again in a folder that holds another or the same sweep.")
        var force = false

        func validate() throws {
            do {
                _ = try grid.map(GridAxis.parse)
                _ = try seeds.map(SeedList.parse)
            } catch let error as SweepError {
                throw ValidationError(error.message)
            }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if !(1...256).contains(threads) { throw ValidationError("--threads must be from 1 to 256") }
            if hosts != nil && sshLoginFile != nil { throw ValidationError("give --hosts or --sshloginfile, not both") }
            if let hosts, hosts.split(separator: ",").isEmpty { throw ValidationError("--hosts needs one or more host names") }
            let slurmOnly = [partition != nil, time != nil, mem != nil, cpusPerTask != nil, account != nil, !slurmArgs.isEmpty, wait]
            if engine != .slurm && slurmOnly.contains(true) {
                throw ValidationError("--partition, --time, --mem, --cpus-per-task, --account, --slurm-arg and --wait need --engine slurm")
            }
            if engine == .slurm && (hosts != nil || sshLoginFile != nil || transfer) {
                throw ValidationError("--hosts, --sshloginfile and --transfer are for --engine parallel; Slurm places the runs itself")
            }
            if transfer && hosts == nil && sshLoginFile == nil {
                throw ValidationError("--transfer sends the runs to other hosts: give --hosts or --sshloginfile")
            }
            if !transferFiles.isEmpty && !transfer { throw ValidationError("--transfer-file needs --transfer") }
        }

        func run() throws {
            let plan: SweepPlan
            do {
                plan = SweepPlan(axes: try grid.map(GridAxis.parse), seeds: try seeds.map(SeedList.parse),
                                 fixed: try parameters.overrides())
            } catch let error as SweepError {
                throw ValidationError(error.message)
            }
            var transferred: SweepTransfer?
            if transfer {
                do {
                    transferred = try SweepTransfer.checked(transferFiles, binary: try SweepDriver.urnnExecutable(), script: script)
                } catch let error as SweepError {
                    Console(style: .current()).diagnostic("urnn sweep: \(error.message)")
                    throw ExitCode(error.exitCode)
                }
            }
            let driver = SweepDriver(scriptPath: script, plan: plan, out: out, jobs: jobs, threads: threads,
                                     hosts: hosts.map { $0.split(separator: ",").map(String.init) } ?? [],
                                     sshLoginFile: sshLoginFile, dryRun: dryRun, force: force,
                                     slurm: engine == .slurm
                                        ? SlurmOptions(partition: partition, time: time, mem: mem, cpusPerTask: cpusPerTask,
                                                       account: account, extra: slurmArgs, wait: wait)
                                        : nil,
                                     transfer: transferred)
            throw ExitCode(driver.run())
        }
    }

    /// Who runs a sweep's runs.
    enum SweepEngine: String, ExpressibleByArgument, CaseIterable {
        case parallel, slurm
    }

    /// One run of a sweep in its folder; GNU Parallel starts it (see `SweepRunExecution`).
    struct SweepRunCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep-run", abstract: "Run one run of a sweep in its folder (started by `urnn sweep`).",
            shouldDisplay: false)

        @Argument(help: ArgumentHelp("The run's folder, with its params.json.", valueName: "FOLDER"))
        var folder: String

        @Option(help: ArgumentHelp("The script, where it is not at the path params.json records (a run sent to "
                                   + "another host); its SHA-256 must be the recorded one.", valueName: "FILE"))
        var script: String?

        func run() throws {
            throw ExitCode(SweepRunExecution.run(folder: folder, script: script))
        }
    }
}
