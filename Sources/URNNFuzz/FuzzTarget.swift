/// One fuzz target: a name, what it exercises, and the function a fuzzer calls with each
/// input. The libFuzzer driver (`Fuzz/`, built by `scripts/fuzz`) and the regression replay
/// test call the same function, so an input that once failed under the fuzzer is replayed
/// by `scripts/test` without a sanitizer.
///
/// A target never traps on its own: every error the code under test throws is an expected
/// outcome. What it returns is the list of broken promises it saw (an error without a
/// message, an internal error, a round trip that changed a value); the driver turns a
/// non-empty list into a crash, the replay test into a failure.
public struct FuzzTarget: Sendable {
    /// The name `scripts/fuzz` takes, and the folder of its inputs under `Fuzz/`.
    public let name: String
    /// One line for `scripts/fuzz --list`.
    public let summary: String
    /// Runs one input; returns the problems found (empty when all is well).
    public let run: @Sendable ([UInt8]) -> [String]

    /// A target; `run` must not trap on any input it can handle as an error.
    public init(name: String, summary: String, run: @escaping @Sendable ([UInt8]) -> [String]) {
        self.name = name
        self.summary = summary
        self.run = run
    }

    /// Every target, in the order `scripts/fuzz --list` shows them.
    public static let all: [FuzzTarget] = [
        FuzzTarget(name: "parser", summary: "lexer, parser and checker on arbitrary bytes",
                   run: ParserTarget.run),
        FuzzTarget(name: "interpreter", summary: "generated well-formed programs, run with a deadline, no file writes",
                   run: InterpreterTarget.run),
        FuzzTarget(name: "checkpoint", summary: "checkpoint loader (checksum fixed up), then one training step",
                   run: CheckpointTarget.run),
        FuzzTarget(name: "npy", summary: ".npy reader, and a write/read round trip of what it accepts",
                   run: NPYTarget.run),
        FuzzTarget(name: "corpus", summary: "corpus loader: text file -> tokens -> vocabulary -> batches",
                   run: CorpusTarget.run),
    ]

    /// The target called `name`, if there is one.
    public static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}
