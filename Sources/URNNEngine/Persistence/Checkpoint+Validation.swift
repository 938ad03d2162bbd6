/// The checks a checkpoint's header passes before anything is built from it.
///
/// A checkpoint may come from anyone, and its CRC-32 only proves that it was not
/// damaged by accident: a crafted file has a valid one. So every field that later sizes
/// an allocation, feeds a counter or seeds the generator is checked here, and a file
/// that fails is a "corrupted checkpoint" (docs/formats.md lists the rules).
extension Checkpoint {
    /// The largest step, epoch or update count a checkpoint may hold: 2^53, far beyond
    /// any training, and low enough that counting on (a step budget is at most 2^40)
    /// can never overflow an Int.
    public static let maxCounter = 1 << 53

    static func validate(_ header: Header, path: String) throws {
        func corrupted(_ why: String) -> CheckpointError { .corrupted(path, why) }
        let config = header.config
        guard (1...ModelConfig.maxHidden).contains(config.hidden) else {
            throw corrupted("hidden=\(config.hidden) is out of range (1 to \(ModelConfig.maxHidden))")
        }
        guard (1...ModelConfig.maxClasses).contains(config.inputSize), (1...ModelConfig.maxClasses).contains(config.outputSize) else {
            throw corrupted("input size \(config.inputSize) or output size \(config.outputSize) is out of range "
                            + "(1 to \(ModelConfig.maxClasses))")
        }
        guard !header.tensors.isEmpty else { throw corrupted("it holds no tensors") }
        guard header.generatorState.count == 4 else { throw corrupted("the random generator's state is not four words") }
        // xoshiro256** stays at zero for ever from the all-zero state.
        guard header.generatorState.contains(where: { $0 != 0 }) else {
            throw corrupted("the random generator's state is all zeros, which cannot generate")
        }
        let counter = 0...maxCounter
        guard counter.contains(header.epochsCompleted) else {
            throw corrupted("epochs completed (\(header.epochsCompleted)) is out of range (0 to 2^53)")
        }
        for record in header.history.steps where !counter.contains(record.step) || !counter.contains(record.epoch) {
            throw corrupted("history step \(record.step) (epoch \(record.epoch)) is out of range (0 to 2^53)")
        }
        for record in header.history.evaluations where !counter.contains(record.step) {
            throw corrupted("evaluation step \(record.step) is out of range (0 to 2^53)")
        }
        if let o = header.optimizer {
            guard counter.contains(o.stepCount) else {
                throw corrupted("the optimizer's step count (\(o.stepCount)) is out of range (0 to 2^53)")
            }
            let fraction = 0.0..<1.0
            guard fraction.contains(o.momentum), fraction.contains(o.alpha), fraction.contains(o.beta1),
                  fraction.contains(o.beta2), o.epsilon > 0, o.epsilon.isFinite else {
                throw corrupted("the optimizer's settings are out of range (momentum, alpha and betas in [0, 1), epsilon > 0)")
            }
        }
        if let record = header.trainedOn { try validate(record, config: config, corrupted: corrupted) }
    }

    /// What the model was trained on (format version 2): a corpus's vocabulary must be the
    /// model's input and output classes, spelled once each; lengths and sizes are counts.
    static func validate(_ record: TrainingRecord, config: ModelConfig, corrupted: (String) -> CheckpointError) throws {
        let counter = 1...maxCounter
        switch record.kind {
        case .corpus:
            guard let vocabulary = record.vocabulary, let options = record.corpusOptions else {
                throw corrupted("it was trained on a corpus but holds no vocabulary or tokenizer options")
            }
            guard config.symbolInputs, vocabulary.count == config.inputSize, vocabulary.count == config.outputSize else {
                throw corrupted("its vocabulary of \(vocabulary.count) tokens does not fit a model with \(config.inputSize) "
                                + "inputs and \(config.outputSize) outputs")
            }
            guard Set(vocabulary.tokens).count == vocabulary.count else { throw corrupted("its vocabulary spells a token twice") }
            guard vocabulary.counts.allSatisfy({ (0...maxCounter).contains($0) }) else {
                throw corrupted("its vocabulary's counts are out of range (0 to 2^53)")
            }
            guard let length = record.sequenceLength, counter.contains(length) else {
                throw corrupted("its training sequence length is missing or out of range (1 to 2^53)")
            }
            if let n = options.vocabularySize, !counter.contains(n) {
                throw corrupted("its corpus vocabulary size \(n) is out of range (1 to 2^53)")
            }
        case .copy, .adding, .images:
            guard record.vocabulary == nil, record.sequenceLength == nil else {
                throw corrupted("it was trained on a task but holds a corpus's vocabulary or sequence length")
            }
            guard let length = record.taskLength, counter.contains(length), let train = record.trainSize, counter.contains(train),
                  let test = record.testSize, counter.contains(test) else {
                throw corrupted("its task's length or sizes are missing or out of range (1 to 2^53)")
            }
        }
    }
}
