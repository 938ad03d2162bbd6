/// A model with everything its training needs to resume exactly: the optimizer's
/// state, the history, and the random generator that draws its batches. This is
/// what a checkpoint saves.
public final class Learner {
    public let model: RecurrentModel
    public var optimizer: Optimizer?
    public var history: TrainingHistory
    public var generator: SeededGenerator
    /// The hidden state carried between windows of a stateful corpus epoch.
    public var carriedState: HiddenState?
    /// Epochs completed over stateful data.
    public var epochsCompleted: Int
    /// What the model was last trained on (nil before its first training, and for a
    /// model loaded from a format-1 checkpoint, which did not record it).
    public var trainedOn: TrainingRecord?

    public init(model: RecurrentModel, optimizer: Optimizer? = nil, history: TrainingHistory = TrainingHistory(),
                generator: SeededGenerator? = nil, epochsCompleted: Int = 0, trainedOn: TrainingRecord? = nil) {
        self.model = model
        self.optimizer = optimizer
        self.history = history
        self.generator = generator ?? SeededGenerator(seed: model.config.seed &+ 0x5EED)
        self.epochsCompleted = epochsCompleted
        self.trainedOn = trainedOn
    }

    public var config: ModelConfig { model.config }
    public var stepsTaken: Int { history.steps.last?.step ?? 0 }
}
