/// Memory estimates of training and evaluation, checked before the first batch is
/// generated: `batch=1e9` or `delay=1e9` must end in an error, not in an allocation
/// the machine cannot serve.
///
/// Shape letters: T steps, B batch, H hidden, K outputs. The estimate counts the
/// main arrays only, in bytes of 8 per value:
/// - a batch as the data builds it: inputs and targets, 2·T·B values;
/// - a pass with its backward: per step the states, pre-activations, their gradients
///   and the input projection, 4·H·T·B values (times 4 for the LSTM's gates, times 2
///   when complex), and the logits with their gradient, 2·K·T·B;
/// - for a task, its whole held-out set (test for `eval`, valid for training's
///   evaluations), generated up front (for images, the split read);
/// - with `patience`, the snapshot of the best parameters and optimizer moments, counted
///   as the model's whole estimate (`ModelConfig.estimatedBytes`, which is more).
extension Dataset {
    /// T for one sequence: copy T + 20, adding its length, images their steps, a corpus `length`.
    public func sequenceSteps(length: Int) -> Int {
        switch self {
        case .copy(let t): return t.steps
        case .adding(let t): return t.length
        case .images(let t): return t.steps
        case .corpus: return length
        }
    }

    /// Bytes of one pass (forward and backward) of `config` over B sequences of T steps.
    static func passBytes(_ config: ModelConfig, steps: Int, batch: Int) -> Int? {
        let scalars = config.field == .complex || config.structure == .arjovsky ? 2 : 1
        let gates = config.kind.gates ?? 1
        guard let perStep = ByteCount.sum(ByteCount.product(4, gates, scalars, config.hidden),
                                          ByteCount.product(2, config.outputSize)) else { return nil }
        return ByteCount.product(8, steps, batch, perStep)
    }

    /// Bytes of the held-out data an evaluation generates: a task's test set, or its
    /// validation set with `valid: true`.
    func heldOutBytes(valid: Bool) -> Int? {
        let set: TaskSet = valid ? .valid : .test
        switch self {
        case .copy(let t): return syntheticBatchBytes(steps: t.steps, examples: t.size(of: set))
        case .adding(let t): return syntheticBatchBytes(steps: t.length, examples: t.size(of: set))
        case .images(let t): return t.batchBytes(examples: t.size(of: valid ? .valid : .test))
        case .corpus: return 0
        }
    }

    /// Checks that training `config` on this data in batches of `batchSize` (held-out
    /// passes in batches of `evaluationBatchSize`, a snapshot of the best parameters
    /// with `keepsSnapshot`) fits `budget`; throws `MemoryError.tooLarge` with the
    /// estimate otherwise.
    public func checkTrainingMemory(_ config: ModelConfig, batchSize: Int, length: Int, evaluationBatchSize: Int,
                                    keepsSnapshot: Bool = false, budget: MemoryBudget = .system) throws {
        let t = sequenceSteps(length: length)
        let needed = ByteCount.sum(ByteCount.product(16, t, batchSize), Dataset.passBytes(config, steps: t, batch: batchSize),
                                   heldOutBytes(valid: true), Dataset.passBytes(config, steps: t, batch: evaluationBatchSize),
                                   keepsSnapshot ? config.estimatedBytes : 0)
        try budget.check(needed, for: "training with T = \(t), B = \(batchSize), H = \(config.hidden)")
    }

    /// Checks that evaluating `config` on the held-out data in batches of `batchSize` fits `budget`.
    public func checkEvaluationMemory(_ config: ModelConfig, batchSize: Int, length: Int,
                                      budget: MemoryBudget = .system) throws {
        let t = sequenceSteps(length: length)
        let needed = ByteCount.sum(heldOutBytes(valid: false), Dataset.passBytes(config, steps: t, batch: batchSize))
        try budget.check(needed, for: "evaluation with T = \(t), B = \(batchSize), H = \(config.hidden)")
    }
}
