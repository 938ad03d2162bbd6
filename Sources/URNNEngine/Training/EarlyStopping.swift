/// Model selection by validation loss (early stopping): the trainer hands it each
/// evaluation on the validation data; it keeps the lowest loss seen and counts the
/// evaluations since. An evaluation improves when its loss is strictly below the best
/// so far (a NaN loss never improves; the first finite loss always does). After
/// `patience` evaluations in a row without improvement, training stops.
public struct EarlyStopping: Sendable, Equatable {
    /// What one evaluation means for training.
    public enum Verdict: Sendable, Equatable {
        /// A new best: keep these parameters.
        case improved
        /// No improvement, fewer than `patience` times in a row: go on.
        case noImprovement
        /// The `patience`-th evaluation in a row without improvement: stop.
        case exhausted
    }

    /// Evaluations in a row without improvement that stop training (at least 1).
    public let patience: Int
    /// The best evaluation so far.
    public private(set) var best: EvaluationRecord?
    /// Epochs completed at the best evaluation.
    public private(set) var bestEpoch = 0
    /// Evaluations since the best one.
    public private(set) var sinceBest = 0
    /// Evaluations seen.
    public private(set) var evaluations = 0

    public init(patience: Int) {
        self.patience = Swift.max(1, patience)
    }

    /// Records an evaluation taken after `epoch` completed epochs.
    public mutating func record(_ evaluation: EvaluationRecord, epoch: Int) -> Verdict {
        evaluations += 1
        if evaluation.loss.isFinite, best.map({ evaluation.loss < $0.loss }) ?? true {
            best = evaluation
            bestEpoch = epoch
            sinceBest = 0
            return .improved
        }
        sinceBest += 1
        return sinceBest >= patience ? .exhausted : .noImprovement
    }
}
