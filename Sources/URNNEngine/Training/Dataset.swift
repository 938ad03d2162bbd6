/// Anything a model trains and is evaluated on: a synthetic long-memory task or a
/// text corpus. It tells the sizes a model needs and makes batch sources.
public enum Dataset: Sendable {
    case copy(CopyTask)
    case adding(AddingTask)
    case corpus(Corpus)

    /// I: input symbols or channels.
    public var inputSize: Int {
        switch self {
        case .copy: return CopyTask.inputClasses
        case .adding: return AddingTask.inputSize
        case .corpus(let c): return c.vocabulary.count
        }
    }

    /// K: output classes or regression outputs.
    public var outputSize: Int {
        switch self {
        case .copy: return CopyTask.outputClasses
        case .adding: return 1
        case .corpus(let c): return c.vocabulary.count
        }
    }

    public var symbolInputs: Bool {
        if case .adding = self { return false }
        return true
    }

    /// The no-learning baseline loss, when the data has one.
    public var baseline: Double? {
        switch self {
        case .copy(let t): return t.baseline
        case .adding(let t): return t.baseline
        case .corpus: return nil
        }
    }

    public var isCorpus: Bool {
        if case .corpus = self { return true }
        return false
    }

    /// Whether training passes over the data in epochs (a corpus's training split);
    /// a task's batches are drawn at random, without end, so it counts steps only.
    public var hasEpochs: Bool { isCorpus }

    /// A source of training batches: random draws from a task's training set, or the
    /// windows of the corpus's training split, epoch by epoch.
    /// A task's batches are generated as they are drawn; `isCancelled` is polled while
    /// one is generated (a cancelled draw throws `SyntheticTaskError.cancelled`).
    public func trainingSource(batchSize: Int, length: Int, carry: Bool, seed: UInt64,
                               isCancelled: @escaping () -> Bool = { false }) throws -> DatasetSource {
        switch self {
        case .copy, .adding:
            return DatasetSource(dataset: self, batchSize: batchSize, batcher: nil, isCancelled: isCancelled)
        case .corpus(let c):
            let batcher = try c.batcher(.train, batchSize: batchSize, length: length, carry: carry, seed: seed)
            return DatasetSource(dataset: self, batchSize: batchSize, batcher: batcher, isCancelled: isCancelled)
        }
    }

    /// The held-out batches: a task's test set, or the corpus's test split in windows
    /// of `length`; with `valid: true` the validation set or split instead, which is
    /// what training evaluates on (model selection never reads the test data). A task's
    /// set is generated here: its size is checked first, and `isCancelled` polled as it goes.
    public func evaluationBatches(batchSize: Int, length: Int, valid: Bool = false,
                                  isCancelled: () -> Bool = { false }) throws -> [SequenceBatch] {
        let set: TaskSet = valid ? .valid : .test
        switch self {
        case .copy(let t): return try t.batches(of: set, batchSize: batchSize, isCancelled: isCancelled).map(\.sequenceBatch)
        case .adding(let t): return try t.batches(of: set, batchSize: batchSize, isCancelled: isCancelled).map(\.sequenceBatch)
        case .corpus(let c):
            let b = try c.evaluationBatcher(valid ? .valid : .test, batchSize: batchSize, length: length)
            return b.windows(epoch: 0).map(\.sequenceBatch)
        }
    }

    /// One batch for inspection (gradient flow): the first test batch.
    public func inspectionBatch(batchSize: Int, length: Int, isCancelled: () -> Bool = { false }) throws -> SequenceBatch {
        guard let b = try evaluationBatches(batchSize: batchSize, length: length, isCancelled: isCancelled).first else {
            throw TrainingError.incompatibleData("the data has no held-out batch of size \(batchSize)")
        }
        return b
    }

    /// Checks that a model fits this data.
    public func check(_ config: ModelConfig) throws {
        guard config.inputSize == inputSize, config.outputSize == outputSize, config.symbolInputs == symbolInputs else {
            throw TrainingError.incompatibleData(
                "the model was built for \(config.inputSize) inputs and \(config.outputSize) outputs, the data has \(inputSize) and \(outputSize)")
        }
    }
}

/// The `BatchSource` of a `Dataset`.
public struct DatasetSource: BatchSource {
    let dataset: Dataset
    let batchSize: Int
    let batcher: LanguageModelBatcher?
    let isCancelled: () -> Bool
    var epoch = 0
    var position = 0
    var order: [Int] = []

    init(dataset: Dataset, batchSize: Int, batcher: LanguageModelBatcher?, isCancelled: @escaping () -> Bool) {
        self.dataset = dataset
        self.batchSize = batchSize
        self.batcher = batcher
        self.isCancelled = isCancelled
        if let batcher { order = batcher.order(epoch: 0) }
    }

    /// Windows per epoch for a corpus; nil for tasks (sampled without end).
    public var windowsPerEpoch: Int? { batcher?.windowCount }
    public var batchesPerEpoch: Int? { windowsPerEpoch }

    public mutating func next(using g: inout SeededGenerator) throws -> (batch: SequenceBatch, carry: Bool)? {
        switch dataset {
        case .copy(let t):
            return (try t.randomTrainBatch(size: batchSize, using: &g, isCancelled: isCancelled).sequenceBatch, false)
        case .adding(let t):
            return (try t.randomTrainBatch(size: batchSize, using: &g, isCancelled: isCancelled).sequenceBatch, false)
        case .corpus:
            guard let batcher, position < order.count else { return nil }
            let w = batcher.window(order[position])
            position += 1
            return (w.sequenceBatch, w.carriesState)
        }
    }

    public mutating func rewind() {
        epoch += 1
        position = 0
        if let batcher { order = batcher.order(epoch: epoch) }
    }

    /// Starts at `epoch` (a learner resuming after completed epochs).
    public mutating func start(atEpoch e: Int) {
        epoch = e
        position = 0
        if let batcher { order = batcher.order(epoch: e) }
    }
}

extension TokenWindow {
    public var sequenceBatch: SequenceBatch { SequenceBatch(input: .symbols(inputs), target: .symbols(targets)) }
}

extension DenseWindow {
    public var sequenceBatch: SequenceBatch { SequenceBatch(input: .dense(inputs), target: .lastStep(targets)) }
}
