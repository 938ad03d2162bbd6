/// The adding problem (Hochreiter & Schmidhuber 1997, as in Arjovsky et al. 2016):
/// add the two marked numbers of a long sequence.
///
/// One example has T steps and 2 input channels: channel 0 holds values drawn from
/// U(0, 1); channel 1 is 0 except for a 1 at one position drawn uniformly from
/// [0, T/2) and one from [T/2, T) (integer division). The target is the sum of the
/// two marked values, scored by the squared error of the output at the last step. A
/// model that always answers 1 (the mean of the sum) scores the variance of a sum of
/// two U(0, 1), `baseline = 1/6 ≈ 0.167`.
public struct AddingTask: Sendable, Equatable {
    /// Input channels: value and marker.
    public static let inputSize = 2
    /// The MSE of always answering 1.
    public static let baseline = 1.0 / 6.0

    /// T, the sequence length.
    public let length: Int
    public let trainSize: Int
    public let testSize: Int
    /// Examples of the validation set, which training evaluates on for model selection.
    public let validSize: Int
    public let seed: UInt64

    public init(length: Int, trainSize: Int = 10_000, testSize: Int = 1_000, validSize: Int = 1_000,
                seed: UInt64) throws {
        for (name, value, minimum) in [("T", length, 2), ("train", trainSize, 1), ("test", testSize, 1), ("valid", validSize, 1)]
        where value < minimum {
            throw SyntheticTaskError.invalidParameter(task: "adding task", name: name, value: value, minimum: minimum)
        }
        self.length = length
        self.trainSize = trainSize
        self.testSize = testSize
        self.validSize = validSize
        self.seed = seed
    }

    public var baseline: Double { AddingTask.baseline }

    public func size(of set: TaskSet) -> Int {
        switch set {
        case .train: return trainSize
        case .valid: return validSize
        case .test: return testSize
        }
    }

    /// Example `index` of `set`: the T values, the two marked positions and the target.
    public func example(_ set: TaskSet, _ index: Int) throws -> (values: [Double], marks: (Int, Int), target: Double) {
        try checkIndices([index], task: "adding task", set: set, size: size(of: set))
        var g = exampleGenerator(seed: seed, set: set, index: index)
        let values = (0..<length).map { _ in g.uniform() }
        let half = length / 2
        let first = g.int(below: half)
        let second = half + g.int(below: length - half)
        return (values, (first, second), values[first] + values[second])
    }

    /// The examples `indices` of `set` as one batch: T input matrices 2 x B and a 1 x B target.
    /// `isCancelled` is polled every `cancellationInterval` examples; when it returns true
    /// the generation stops with `SyntheticTaskError.cancelled`.
    public func batch(_ set: TaskSet, indices: [Int], isCancelled: () -> Bool = { false }) throws -> DenseWindow {
        try checkIndices(indices, task: "adding task", set: set, size: size(of: set))
        let b = indices.count
        var inputs = [Matrix](repeating: Matrix(rows: 2, cols: b), count: length)
        var targets = Matrix(rows: 1, cols: b)
        for (column, index) in indices.enumerated() {
            if column % cancellationInterval == 0, isCancelled() { throw SyntheticTaskError.cancelled(task: "adding task") }
            let (values, marks, target) = try example(set, index)
            for t in 0..<length { inputs[t][0, column] = values[t] }
            inputs[marks.0][1, column] = 1
            inputs[marks.1][1, column] = 1
            targets[0, column] = target
        }
        return DenseWindow(inputs: inputs, targets: targets)
    }

    /// A training batch of `size` examples drawn uniformly (with replacement) by `g`.
    /// Its size is checked against `budget` before anything is allocated.
    public func randomTrainBatch(size: Int, using g: inout SeededGenerator, budget: MemoryBudget = .system,
                                 isCancelled: () -> Bool = { false }) throws -> DenseWindow {
        guard size >= 1 else {
            throw SyntheticTaskError.invalidParameter(task: "adding task", name: "batch", value: size, minimum: 1)
        }
        try budget.check(syntheticBatchBytes(steps: length, examples: size),
                         for: "an adding task batch of \(size) sequences of \(length) steps")
        let indices = (0..<size).map { _ in g.int(below: trainSize) }
        return try batch(.train, indices: indices, isCancelled: isCancelled)
    }

    /// The whole test set in order, in batches of `batchSize` (the last may be smaller).
    /// Its size is checked against `budget` before anything is allocated.
    public func testBatches(batchSize: Int, budget: MemoryBudget = .system,
                            isCancelled: () -> Bool = { false }) throws -> [DenseWindow] {
        try batches(of: .test, batchSize: batchSize, budget: budget, isCancelled: isCancelled)
    }

    /// The whole of `set` in order, in batches of `batchSize` (the last may be smaller).
    /// Its size is checked against `budget` before anything is allocated.
    public func batches(of set: TaskSet, batchSize: Int, budget: MemoryBudget = .system,
                        isCancelled: () -> Bool = { false }) throws -> [DenseWindow] {
        let n = size(of: set)
        try budget.check(syntheticBatchBytes(steps: length, examples: n),
                         for: "the adding task's \(set.rawValue) set of \(n) sequences of \(length) steps")
        return try batchIndices(size: n, batchSize: batchSize, task: "adding task").map {
            try batch(set, indices: $0, isCancelled: isCancelled)
        }
    }
}
