/// The three fixed example sets of a synthetic task: training draws from `train`,
/// model selection during training (`patience`, `eval_every`) reads `valid`, and
/// `eval` reads `test`, which nothing in training ever sees.
public enum TaskSet: String, Sendable, Codable, CaseIterable {
    case train
    case valid
    case test
}

/// Errors from configuring or reading a synthetic task.
public enum SyntheticTaskError: Error, Equatable, CustomStringConvertible {
    /// A task parameter (delay or length `T`, set size, batch size) out of its range.
    case invalidParameter(task: String, name: String, value: Int, minimum: Int)
    /// A probability outside [0, 1].
    case invalidProbability(task: String, name: String, value: Double)
    /// An example index outside its set.
    case indexOutOfRange(task: String, set: TaskSet, index: Int, size: Int)
    /// Generation stopped because the caller's cancellation flag was set.
    case cancelled(task: String)

    public var description: String {
        switch self {
        case let .invalidParameter(task, name, value, minimum):
            return "\(task): \(name)=\(value) must be at least \(minimum)"
        case let .invalidProbability(task, name, value):
            return "\(task): \(name)=\(value) must be a probability in [0, 1]"
        case let .indexOutOfRange(task, set, index, size):
            return "\(task): example \(index) is outside the \(set.rawValue) set of \(size) examples"
        case .cancelled(let task):
            return "\(task): data generation interrupted"
        }
    }
}

/// Example k of a set is generated from its own seed, derived from (task seed, set,
/// k): the sets are fixed by the seed, need no memory, and any example can be read
/// in any order.
func exampleGenerator(seed: UInt64, set: TaskSet, index: Int) -> SeededGenerator {
    // Streams 11 and 12 date from before the validation set, which took 13, so that
    // the train and test examples of a seed stay what they were.
    let stream: UInt64
    switch set {
    case .train: stream = 11
    case .test: stream = 12
    case .valid: stream = 13
    }
    return SeededGenerator(seed: DerivedSeed.make(seed, stream: stream, index: UInt64(index)))
}

/// Checks that every index is inside a set of `size` examples.
func checkIndices(_ indices: [Int], task: String, set: TaskSet, size: Int) throws {
    if let bad = indices.first(where: { $0 < 0 || $0 >= size }) {
        throw SyntheticTaskError.indexOutOfRange(task: task, set: set, index: bad, size: size)
    }
}

/// The batches covering a whole set in order: full batches of `batchSize` and a
/// smaller last one for the remainder.
func batchIndices(size: Int, batchSize: Int, task: String) throws -> [[Int]] {
    guard batchSize >= 1 else {
        throw SyntheticTaskError.invalidParameter(task: task, name: "batch", value: batchSize, minimum: 1)
    }
    return stride(from: 0, to: size, by: batchSize).map { Array($0..<min($0 + batchSize, size)) }
}

/// Examples generated between two polls of a cancellation flag: one example of T = 1000
/// takes a few microseconds, so a poll every 256 answers a Ctrl-C within milliseconds.
let cancellationInterval = 256

/// Bytes of `examples` sequences of `steps` steps as the tasks build them (inputs and
/// targets, 8 bytes each per step) with their index list; nil when that overflows.
func syntheticBatchBytes(steps: Int, examples: Int) -> Int? {
    ByteCount.sum(ByteCount.product(16, steps, examples), ByteCount.product(8, examples))
}
