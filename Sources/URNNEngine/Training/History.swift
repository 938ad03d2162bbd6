/// One optimizer step as recorded by the trainer.
public struct StepRecord: Codable, Sendable, Equatable {
    public var step: Int
    public var epoch: Int
    public var loss: Double
    /// Top-1 accuracy for symbol targets, nil for regression.
    public var accuracy: Double?
    /// Global gradient norm before clipping.
    public var gradientNorm: Double
    /// ‖W Wᴴ − I‖_F after the step.
    public var unitarityError: Double
    /// Seconds since training began (not part of determinism).
    public var wallTime: Double
}

/// One held-out evaluation during training.
public struct EvaluationRecord: Codable, Sendable, Equatable {
    public var step: Int
    public var loss: Double
    public var accuracy: Double?

    public init(step: Int, loss: Double, accuracy: Double?) {
        self.step = step
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// Everything a model's training recorded, across `train` commands.
public struct TrainingHistory: Codable, Sendable, Equatable {
    public var steps: [StepRecord] = []
    public var evaluations: [EvaluationRecord] = []
    /// The data's no-learning baseline loss when it has one (copy: 10 ln 8 / (T+20)).
    public var baseline: Double?
    public init() {}

    /// The history without wall times, for comparing runs bit for bit.
    public var withoutTimes: TrainingHistory {
        var h = self
        h.steps = h.steps.map { var s = $0; s.wallTime = 0; return s }
        return h
    }
}
