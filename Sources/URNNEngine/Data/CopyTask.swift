import Foundation

/// The copying-memory task (Arjovsky, Shah & Bengio 2016): remember 10 symbols over
/// a delay of T steps and write them back after a marker.
///
/// One example has T + 20 steps. Input: 10 symbols drawn uniformly from {1, ..., 8},
/// then T − 1 blanks (0), the marker (9), then 10 blanks. Target: T + 10 blanks,
/// then the 10 symbols in order. 10 input classes (0...9), 9 output classes (0...8);
/// the loss is the cross-entropy over all T + 20 steps. A model without memory does
/// best by writing blanks and then guessing uniformly among the 8 symbols:
/// `baseline = 10 ln 8 / (T + 20)` nats per step.
public struct CopyTask: Sendable, Equatable {
    public static let blank = 0
    public static let marker = 9
    /// Symbols to copy.
    public static let copyLength = 10
    /// Distinct symbols, {1, ..., 8}.
    public static let symbolCount = 8
    /// Input classes: blank, 8 symbols, marker.
    public static let inputClasses = 10
    /// Output classes: blank and 8 symbols.
    public static let outputClasses = 9

    /// T, the delay between the last symbol and the marker's recall window.
    public let delay: Int
    public let trainSize: Int
    public let testSize: Int
    /// Examples of the validation set, which training evaluates on for model selection.
    public let validSize: Int
    public let seed: UInt64

    public init(delay: Int, trainSize: Int = 10_000, testSize: Int = 1_000, validSize: Int = 1_000,
                seed: UInt64) throws {
        for (name, value) in [("T", delay), ("train", trainSize), ("test", testSize), ("valid", validSize)] where value < 1 {
            throw SyntheticTaskError.invalidParameter(task: "copy task", name: name, value: value, minimum: 1)
        }
        self.delay = delay
        self.trainSize = trainSize
        self.testSize = testSize
        self.validSize = validSize
        self.seed = seed
    }

    /// T + 20, the steps of one example.
    public var steps: Int { delay + 20 }

    /// The no-memory baseline, 10 ln 8 / (T + 20) nats per step.
    public var baseline: Double { Double(CopyTask.copyLength) * Foundation.log(8.0) / Double(steps) }

    public func size(of set: TaskSet) -> Int {
        switch set {
        case .train: return trainSize
        case .valid: return validSize
        case .test: return testSize
        }
    }

    /// The 10 symbols of example `index` of `set`.
    public func symbols(_ set: TaskSet, _ index: Int) throws -> [Int] {
        try checkIndices([index], task: "copy task", set: set, size: size(of: set))
        var g = exampleGenerator(seed: seed, set: set, index: index)
        return (0..<CopyTask.copyLength).map { _ in 1 + g.int(below: CopyTask.symbolCount) }
    }

    /// Example `index` of `set` as (input, target) sequences of T + 20 symbols.
    public func example(_ set: TaskSet, _ index: Int) throws -> (input: [Int], target: [Int]) {
        let s = try symbols(set, index)
        var input = [Int](repeating: CopyTask.blank, count: steps)
        var target = [Int](repeating: CopyTask.blank, count: steps)
        for k in 0..<CopyTask.copyLength {
            input[k] = s[k]
            target[delay + 10 + k] = s[k]
        }
        input[delay + 9] = CopyTask.marker
        return (input, target)
    }

    /// The examples `indices` of `set` as one time-major batch (T + 20 steps, B = indices.count).
    /// `isCancelled` is polled every `cancellationInterval` examples; when it returns true
    /// the generation stops with `SyntheticTaskError.cancelled`.
    public func batch(_ set: TaskSet, indices: [Int], isCancelled: () -> Bool = { false }) throws -> TokenWindow {
        try checkIndices(indices, task: "copy task", set: set, size: size(of: set))
        var inputs = [[Int]](repeating: [Int](repeating: 0, count: indices.count), count: steps)
        var targets = inputs
        for (b, index) in indices.enumerated() {
            if b % cancellationInterval == 0, isCancelled() { throw SyntheticTaskError.cancelled(task: "copy task") }
            let (x, y) = try example(set, index)
            for t in 0..<steps {
                inputs[t][b] = x[t]
                targets[t][b] = y[t]
            }
        }
        return TokenWindow(inputs: inputs, targets: targets, carriesState: false)
    }

    /// A training batch of `size` examples drawn uniformly (with replacement) by `g`.
    /// Its size is checked against `budget` before anything is allocated.
    public func randomTrainBatch(size: Int, using g: inout SeededGenerator, budget: MemoryBudget = .system,
                                 isCancelled: () -> Bool = { false }) throws -> TokenWindow {
        guard size >= 1 else {
            throw SyntheticTaskError.invalidParameter(task: "copy task", name: "batch", value: size, minimum: 1)
        }
        try budget.check(syntheticBatchBytes(steps: steps, examples: size),
                         for: "a copy task batch of \(size) sequences of \(steps) steps")
        let indices = (0..<size).map { _ in g.int(below: trainSize) }
        return try batch(.train, indices: indices, isCancelled: isCancelled)
    }

    /// The whole test set in order, in batches of `batchSize` (the last may be smaller).
    /// Its size is checked against `budget` before anything is allocated.
    public func testBatches(batchSize: Int, budget: MemoryBudget = .system,
                            isCancelled: () -> Bool = { false }) throws -> [TokenWindow] {
        try batches(of: .test, batchSize: batchSize, budget: budget, isCancelled: isCancelled)
    }

    /// The whole of `set` in order, in batches of `batchSize` (the last may be smaller).
    /// Its size is checked against `budget` before anything is allocated.
    public func batches(of set: TaskSet, batchSize: Int, budget: MemoryBudget = .system,
                        isCancelled: () -> Bool = { false }) throws -> [TokenWindow] {
        let n = size(of: set)
        try budget.check(syntheticBatchBytes(steps: steps, examples: n),
                         for: "the copy task's \(set.rawValue) set of \(n) sequences of \(steps) steps")
        return try batchIndices(size: n, batchSize: batchSize, task: "copy task").map {
            try batch(set, indices: $0, isCancelled: isCancelled)
        }
    }
}
