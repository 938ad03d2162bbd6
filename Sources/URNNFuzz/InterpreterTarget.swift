import Foundation
import URNNScript

/// The interpreter with the engine commands on programs made by `ProgramGenerator`. Each
/// run has a deadline through the interpreter's cancellation flag (the same flag Ctrl-C
/// sets), so a program that loops stops; a run that ignores the flag is a timeout finding.
/// Nothing is written: `save`, `export` and `plot` are replaced by handlers that accept
/// their evaluated arguments and do nothing (their writers have their own tests).
enum InterpreterTarget {
    static let deadline: TimeInterval = 0.5

    /// A small text for `corpus NAME = load FILE`: enough tokens for three splits.
    static let corpusPath: String = {
        let verse = "In the beginning God created the heaven and the earth.\nAnd the earth was without form, and void.\n"
        return FuzzScratch.write(Array(String(repeating: verse, count: 8).utf8), as: "corpus.txt")?.path ?? "corpus.txt"
    }()

    static func run(_ bytes: [UInt8]) -> [String] {
        var generator = ProgramGenerator(bytes, corpusPath: corpusPath)
        return run(program: generator.program())
    }

    /// Runs one program text the way the fuzzer does; the problems found.
    static func run(program text: String) -> [String] {
        let end = Date().addingTimeInterval(deadline)
        let runner = ScriptRunner(output: CapturedOutput(), isCancelled: { Date() > end })
        EngineCommands.install(on: runner.interpreter, session: EngineSession())
        for command in ["save", "export", "plot"] {
            runner.interpreter.register(command) { _, _ in .none }
        }
        let outcome = runner.run(SourceFile(name: "generated.urnn", text: text))
        return outcome.errors.flatMap(ScriptErrorPromises.broken)
    }

    /// The program `bytes` decode to (for `scripts/fuzz`'s reports and for tests).
    static func program(for bytes: [UInt8]) -> String {
        var generator = ProgramGenerator(bytes, corpusPath: corpusPath)
        return generator.program()
    }
}
