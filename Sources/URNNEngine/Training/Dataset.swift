/// Anything a model trains and is evaluated on: a synthetic long-memory task, image
/// sequences or a text corpus. It tells the sizes a model needs and makes batch sources.
public enum Dataset: Sendable {
    case copy(CopyTask)
    case adding(AddingTask)
    case images(ImageTask)
    case corpus(Corpus)

    /// I: input symbols or channels.
    public var inputSize: Int {
        switch self {
        case .copy: return CopyTask.inputClasses
        case .adding: return AddingTask.inputSize
        case .images(let t): return t.inputSize
        case .corpus(let c): return c.vocabulary.count
        }
    }

    /// K: output classes or regression outputs.
    public var outputSize: Int {
        switch self {
        case .copy: return CopyTask.outputClasses
        case .adding: return 1
        case .images(let t): return t.classes
        case .corpus(let c): return c.vocabulary.count
        }
    }

    public var symbolInputs: Bool {
        switch self {
        case .adding, .images: return false
        case .copy, .corpus: return true
        }
    }

    /// True when the outputs are classes (cross-entropy and accuracy), false for regression.
    public var isClassification: Bool {
        if case .adding = self { return false }
        return true
    }

    /// True when training runs over a fixed training split in epochs (a corpus, images);
    /// a synthetic task draws batches at random without end.
    public var hasEpochs: Bool {
        switch self {
        case .corpus, .images: return true
        case .copy, .adding: return false
        }
    }

    /// True when the data has a validation split or set, which held-out evaluations
    /// during training read (images with `valid=0` have none: they read the test set).
    public var hasValidationSplit: Bool {
        switch self {
        case .corpus, .copy, .adding: return true
        case .images(let t): return t.validCount > 0
        }
    }

    /// The no-learning baseline loss, when the data has one.
    public var baseline: Double? {
        switch self {
        case .copy(let t): return t.baseline
        case .adding(let t): return t.baseline
        case .images(let t): return t.baseline
        case .corpus: return nil
        }
    }

    public var isCorpus: Bool {
        if case .corpus = self { return true }
        return false
    }

    /// A source of training batches: random draws from a task's training set, or the
    /// windows of the corpus's training split or the images of the training split
    /// (shuffled each epoch, full batches only), epoch by epoch.
    /// A task's batches are generated as they are drawn; `isCancelled` is polled while
    /// one is generated (a cancelled draw throws `SyntheticTaskError.cancelled`).
    public func trainingSource(batchSize: Int, length: Int, carry: Bool, seed: UInt64,
                               isCancelled: @escaping () -> Bool = { false }) throws -> DatasetSource {
        switch self {
        case .copy, .adding:
            return DatasetSource(dataset: self, batchSize: batchSize, batcher: nil, isCancelled: isCancelled)
        case .images(let t):
            guard batchSize <= t.size(of: .train) else {
                throw TrainingError.incompatibleData(
                    "batch=\(batchSize) is larger than the training split of \(t.size(of: .train)) images")
            }
            return DatasetSource(dataset: self, batchSize: batchSize, batcher: nil, seed: seed, isCancelled: isCancelled)
        case .corpus(let c):
            let batcher = try c.batcher(.train, batchSize: batchSize, length: length, carry: carry, seed: seed)
            return DatasetSource(dataset: self, batchSize: batchSize, batcher: batcher, isCancelled: isCancelled)
        }
    }

    /// The held-out batches: a task's test set, the test images, or the corpus's test
    /// split in windows of `length`; with `valid: true` the validation set or split
    /// instead, which is what training evaluates on (model selection never reads the
    /// test data). A task's set is generated here: its size is checked first, and
    /// `isCancelled` polled as it goes.
    public func evaluationBatches(batchSize: Int, length: Int, valid: Bool = false,
                                  isCancelled: () -> Bool = { false }) throws -> [SequenceBatch] {
        let set: TaskSet = valid ? .valid : .test
        switch self {
        case .copy(let t): return try t.batches(of: set, batchSize: batchSize, isCancelled: isCancelled).map(\.sequenceBatch)
        case .adding(let t): return try t.batches(of: set, batchSize: batchSize, isCancelled: isCancelled).map(\.sequenceBatch)
        case .images(let t): return try t.batches(valid ? .valid : .test, batchSize: batchSize, isCancelled: isCancelled)
        case .corpus(let c):
            let b = try c.evaluationBatcher(valid ? .valid : .test, batchSize: batchSize, length: length)
            return b.windows(epoch: 0).map(\.sequenceBatch)
        }
    }

    /// One batch for inspection (gradient flow): the first test batch.
    public func inspectionBatch(batchSize: Int, length: Int, isCancelled: () -> Bool = { false }) throws -> SequenceBatch {
        if case .images(let t) = self {
            return try t.batch(.test, indices: Array(0..<Swift.min(Swift.max(batchSize, 1), t.size(of: .test))))
        }
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
    /// The seed of the image split's epoch orders.
    let seed: UInt64
    var epoch = 0
    var position = 0
    var order: [Int] = []

    init(dataset: Dataset, batchSize: Int, batcher: LanguageModelBatcher?, seed: UInt64 = 0,
         isCancelled: @escaping () -> Bool) {
        self.dataset = dataset
        self.batchSize = batchSize
        self.batcher = batcher
        self.seed = seed
        self.isCancelled = isCancelled
        order = makeOrder(epoch: 0)
    }

    /// The epoch's order of corpus windows or training images; empty for tasks.
    private func makeOrder(epoch: Int) -> [Int] {
        if let batcher { return batcher.order(epoch: epoch) }
        if case .images(let t) = dataset { return t.trainingOrder(epoch: epoch, seed: seed) }
        return []
    }

    /// Windows per epoch for a corpus; nil for tasks (sampled without end).
    public var windowsPerEpoch: Int? { batcher?.windowCount }
    /// Batches per epoch: a corpus's windows, the full batches of the training images;
    /// nil for tasks.
    public var batchesPerEpoch: Int? {
        if case .images(let t) = dataset { return t.size(of: .train) / batchSize }
        return windowsPerEpoch
    }

    public mutating func next(using g: inout SeededGenerator) throws -> (batch: SequenceBatch, carry: Bool)? {
        switch dataset {
        case .copy(let t):
            return (try t.randomTrainBatch(size: batchSize, using: &g, isCancelled: isCancelled).sequenceBatch, false)
        case .adding(let t):
            return (try t.randomTrainBatch(size: batchSize, using: &g, isCancelled: isCancelled).sequenceBatch, false)
        case .images(let t):
            // Full batches only: the few images left over are in another place of the next epoch's order.
            let first = position * batchSize
            guard first + batchSize <= order.count else { return nil }
            if isCancelled() { throw SyntheticTaskError.cancelled(task: "image task") }
            position += 1
            return (try t.batch(.train, indices: Array(order[first..<(first + batchSize)])), false)
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
        order = makeOrder(epoch: epoch)
    }

    /// Starts at `epoch` (a learner resuming after completed epochs).
    public mutating func start(atEpoch e: Int) {
        epoch = e
        position = 0
        order = makeOrder(epoch: e)
    }
}

extension TokenWindow {
    public var sequenceBatch: SequenceBatch { SequenceBatch(input: .symbols(inputs), target: .symbols(targets)) }
}

extension DenseWindow {
    public var sequenceBatch: SequenceBatch { SequenceBatch(input: .dense(inputs), target: .lastStep(targets)) }
}
