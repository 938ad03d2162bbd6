import Foundation
import URNNScript
import URNNEngine

/// The checkpoint loader on arbitrary bytes, as `model NAME = load FILE` reads a file,
/// then one training step and an evaluation on a tiny copy task and a tiny adding task
/// (a loaded model's counters and sizes are first used there).
///
/// The last four bytes of a checkpoint are a CRC-32 of the rest, which random mutations
/// would almost never keep right, so the target writes the right one over them: the loader
/// must hold against a crafted file with a valid checksum, not only against damage.
enum CheckpointTarget {
    static let deadline: TimeInterval = 1

    static func run(_ bytes: [UInt8]) -> [String] {
        guard let url = FuzzScratch.write(withValidChecksum(bytes), as: "fuzz.urnnm") else { return [] }
        let end = Date().addingTimeInterval(deadline)
        let runner = ScriptRunner(output: CapturedOutput(), isCancelled: { Date() > end })
        EngineCommands.install(on: runner.interpreter, session: EngineSession())
        let path = url.path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var errors: [ScriptError] = []
        let load = runner.run(text: "model m = load \"\(path)\"")
        errors += load.errors
        if load.succeeded {
            for line in ["task c = copy delay=2 train=8 test=4", "task a = adding length=4 train=8 test=4",
                         "train m on c steps=1 batch=2", "eval m on c batch=2",
                         "train m on a steps=1 batch=2", "eval m on a batch=2"] {
                errors += runner.run(text: line).errors
            }
        }
        return errors.flatMap(ScriptErrorPromises.broken)
    }

    /// `bytes` with its last four bytes replaced by the little-endian CRC-32 of the others.
    static func withValidChecksum(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 4 else { return bytes }
        let body = bytes.dropLast(4)
        let crc = CRC32.checksum(body)
        return Array(body) + (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) }
    }
}
