/// A copy of a learner's trainable state at one step, which `restore` puts back:
/// the value of every parameter (`RecurrentModel.parameters`, what a checkpoint
/// stores) and the optimizer's state (moments and step count). What the model derives
/// from its parameters (W = exp(A), a rule's cached matrices) is recomputed by
/// `parametersDidChange`, as after loading a checkpoint, so the restored model
/// computes exactly what it computed when the snapshot was taken.
///
/// The learner's counters (steps, epochs), its history and the generator that draws
/// its batches are not part of it: they go on, so a later `train` continues from the
/// restored parameters with fresh batches and step numbers after the last one taken.
public struct ParameterSnapshot {
    /// The step the snapshot was taken after (`Learner.stepsTaken`).
    public let step: Int
    let values: [[Double]]
    let optimizer: Optimizer?

    /// Copies `learner`'s parameters and optimizer state.
    public init(of learner: Learner) {
        step = learner.stepsTaken
        values = learner.model.parameters.map(\.value)
        optimizer = learner.optimizer
    }

    /// Puts the copied parameters and optimizer state back into `learner` (the learner
    /// the snapshot was taken of), recomputes what the model derives from them, and
    /// drops the hidden state carried between windows (it belongs to later parameters).
    public func restore(into learner: Learner) throws {
        let parameters = learner.model.parameters
        guard parameters.count == values.count,
              zip(parameters, values).allSatisfy({ $0.value.count == $1.count }) else {
            throw TrainingError.incompatibleData("internal error: a parameter snapshot restored into a different model")
        }
        for (p, v) in zip(parameters, values) { p.value = v }
        learner.optimizer = optimizer
        learner.carriedState = nil
        try learner.model.parametersDidChange()
    }
}
