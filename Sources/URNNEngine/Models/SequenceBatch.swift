// Shapes, here and in every model: B batch, T time steps, H hidden, I input size,
// K output classes (or regression outputs). Sequences are time-major.

/// The inputs of one batch of sequences.
public enum SequenceInput: Sendable {
    /// T arrays of B symbols in 0..<I, read as one-hot vectors (the input map is a
    /// column lookup, not a product).
    case symbols([[Int]])
    /// T matrices of shape I x B.
    case dense([Matrix])

    /// T, the number of time steps.
    public var steps: Int {
        switch self {
        case .symbols(let s): return s.count
        case .dense(let d): return d.count
        }
    }

    /// B, the number of sequences.
    public var batchSize: Int {
        switch self {
        case .symbols(let s): return s.first?.count ?? 0
        case .dense(let d): return d.first?.cols ?? 0
        }
    }
}

/// What the outputs are trained to match.
public enum SequenceTarget: Sendable {
    /// T arrays of B classes in 0..<K: softmax cross-entropy at every step, averaged
    /// over the counted positions. A class of -1 marks a position without loss.
    case symbols([[Int]])
    /// A K x B matrix matched by the outputs of the last step: mean squared error.
    case lastStep(Matrix)
    /// B classes in 0..<K matched by the outputs of the last step: softmax
    /// cross-entropy of one read-out per sequence, accuracy per sequence (image
    /// classification, `ImageTask`).
    case lastStepClasses([Int])

    /// True for class targets (cross-entropy, accuracy); false for regression.
    public var isClassification: Bool {
        if case .lastStep = self { return false }
        return true
    }
}

/// One batch: inputs and targets.
public struct SequenceBatch: Sendable {
    public var input: SequenceInput
    public var target: SequenceTarget

    public init(input: SequenceInput, target: SequenceTarget) {
        self.input = input
        self.target = target
    }

    public var steps: Int { input.steps }
    public var batchSize: Int { input.batchSize }
}
