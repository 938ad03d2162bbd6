import Numerics

/// One batch of symbol sequences, time-major: `inputs[t][b]` is the symbol that
/// stream `b` reads at step `t`, `targets[t][b]` the symbol it must output there.
/// Shapes: T = `inputs.count` steps, B = `inputs[0].count` streams.
public struct TokenWindow: Sendable, Equatable {
    /// T arrays of B input ids.
    public let inputs: [[Int]]
    /// T arrays of B target ids.
    public let targets: [[Int]]
    /// True when the hidden state left by the previous window must be kept (the
    /// streams continue); false when the model starts from its initial state.
    public let carriesState: Bool

    public init(inputs: [[Int]], targets: [[Int]], carriesState: Bool) {
        self.inputs = inputs
        self.targets = targets
        self.carriesState = carriesState
    }

    /// T, the number of steps.
    public var steps: Int { inputs.count }
    /// B, the number of parallel streams.
    public var batchSize: Int { inputs.first?.count ?? 0 }
}

/// One batch of real-valued sequences, time-major, with one target per sequence
/// (regression at the last step): `inputs[t]` is I x B, `targets` is K x B.
public struct DenseWindow: Sendable, Equatable {
    /// T matrices of I x B (column b is stream b's input at step t).
    public let inputs: [Matrix]
    /// K x B targets, compared with the output of the last step.
    public let targets: Matrix

    public init(inputs: [Matrix], targets: Matrix) {
        self.inputs = inputs
        self.targets = targets
    }

    /// T, the number of steps.
    public var steps: Int { inputs.count }
    /// B, the number of sequences.
    public var batchSize: Int { targets.cols }
}
