import ArgumentParser
import Foundation
import Glibc
import URNNEngine
import URNNScript

/// `urnn`: with no arguments the REPL on a terminal, else the script on standard input;
/// `urnn -c 'statements'` runs a one-liner; the subcommands run, check or start the REPL.
@main
struct URNNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "urnn",
        abstract: "A workbench for recurrent networks with unitary recurrent weights.",
        discussion: """
            urnn trains and inspects RNN, LSTM, orthogonal and complex unitary RNNs on \
            long-memory tasks and text corpora, from .urnn scripts or an interactive session. \
            With no arguments it starts the interactive session on a terminal, and runs \
            standard input as a script otherwise.

            Exit status: 0 success, 64 wrong usage (an unknown option, a bad --set), 65 \
            script error, 66 missing input file, 70 internal error, 74 standard output \
            could not be written, 130 interrupted.
            """,
        version: URNNVersion.string,
        subcommands: [Run.self, Check.self, Sweep.self, Results.self, Repl.self, Kernel.self, SweepRunCommand.self])

    @Option(name: .customShort("c"), help: ArgumentHelp("Run these statements and exit.", valueName: "statements"))
    var statements: String?

    @OptionGroup var parameters: ParameterOptions

    static func main() {
        // A write to a closed pipe must come back as EPIPE, to the writer that can stop the
        // run at a safe point (see `Console`), not end the program in the middle of a line.
        signal(SIGPIPE, SIG_IGN)
        main(nil)
    }

    func run() throws {
        let overrides = try parameters.overrides()
        if let statements {
            throw ExitCode(BatchRunner().run(statements: statements, overrides: overrides))
        }
        throw ExitCode(startSessionOrRunInput(overrides: overrides))
    }
}

/// The REPL on a terminal, otherwise the standard input run as a script (no prompts).
func startSessionOrRunInput(overrides: [String: String]) -> Int32 {
    let style = TerminalStyle.current()
    guard style.inputIsTerminal else {
        return BatchRunner(console: Console(style: style)).run(paths: ["-"], overrides: overrides)
    }
    return REPL(console: Console(style: style), overrides: overrides).run()
}

/// `--set NAME=VALUE`, shared by the commands that run scripts.
struct ParameterOptions: ParsableArguments {
    @Option(name: .customLong("set"),
            help: ArgumentHelp("Override a script parameter declared with `param NAME = ...`.", valueName: "NAME=VALUE"))
    var sets: [String] = []

    func overrides() throws -> [String: String] {
        var result: [String: String] = [:]
        for text in sets {
            guard let (name, value) = ScriptRunner.parseOverride(text) else {
                throw ValidationError("--set needs NAME=VALUE, got '\(text)'")
            }
            if let earlier = result[name] {
                throw ValidationError("--set \(name) is given twice (\(name)=\(earlier) and \(name)=\(value)); "
                                      + "give each parameter once")
            }
            result[name] = value
        }
        return result
    }
}

extension URNNCommand {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run scripts, one after another in one session.",
            discussion: "`-` reads the script from standard input. Example: urnn run quickstart.urnn --set steps=50")

        @Argument(help: ArgumentHelp("Script files (.urnn); - for standard input.", valueName: "FILE"))
        var files: [String]

        @OptionGroup var parameters: ParameterOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one script file, or - for standard input") }
        }

        func run() throws {
            throw ExitCode(BatchRunner().run(paths: files, overrides: try parameters.overrides()))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse scripts and resolve names, options and --set overrides, without running them.",
            discussion: "Prints \"ok: N statements, no problems\" when there are none. Example: urnn check quickstart.urnn --set steps=50")

        @Argument(help: ArgumentHelp("Script files (.urnn); - for standard input.", valueName: "FILE"))
        var files: [String]

        @OptionGroup var parameters: ParameterOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one script file, or - for standard input") }
        }

        func run() throws {
            throw ExitCode(BatchRunner().check(paths: files, overrides: try parameters.overrides()))
        }
    }

    struct Repl: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the interactive session (on a terminal; otherwise run standard input).")

        @OptionGroup var parameters: ParameterOptions

        func run() throws {
            throw ExitCode(startSessionOrRunInput(overrides: try parameters.overrides()))
        }
    }
}

extension URNNCommand {
    struct Kernel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve one session as line-delimited JSON on standard input and output (for Jupyter).",
            discussion: "The protocol is described in docs/kernel.md; `urnn kernel install` installs the "
                + "Jupyter kernelspec that runs it.",
            subcommands: [Install.self])

        func run() throws {
            throw ExitCode(KernelServer.serve())
        }

        struct Install: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Install the Jupyter kernelspec 'urnn' (needs Python with ipykernel and jupyter_client).")

            @Flag(help: "Install for this user, in Jupyter's user data folder (the default).")
            var user = false

            @Flag(name: .customLong("sys-prefix"), help: "Install into the prefix of the Python that runs the kernel.")
            var sysPrefix = false

            func validate() throws {
                if user && sysPrefix { throw ValidationError("give --user or --sys-prefix, not both") }
            }

            func run() throws {
                throw ExitCode(KernelInstaller.install(place: sysPrefix ? ["--sys-prefix"] : ["--user"]))
            }
        }
    }
}
