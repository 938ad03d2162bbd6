/// Everything that defines a model, as given by the user plus the sizes taken from
/// the data it is first trained on. Saved in checkpoints.
public struct ModelConfig: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case rnn, lstm, gru, urnn }
    public enum Field: String, Codable, Sendable, CaseIterable { case real, complex }
    public enum Structure: String, Codable, Sendable, CaseIterable { case dense, arjovsky }
    /// How the dense W of a vanilla RNN starts.
    public enum DenseInit: String, Codable, Sendable, CaseIterable { case orthogonal, gaussian, identity }

    public var kind: Kind
    public var hidden: Int
    /// I: the number of input symbols (one-hot inputs) or input channels.
    public var inputSize: Int
    /// Whether inputs are symbols (one-hot) rather than dense vectors.
    public var symbolInputs: Bool
    /// K: output classes or regression outputs.
    public var outputSize: Int
    public var activation: Activation
    public var rule: UpdateRule
    public var field: Field
    public var structure: Structure
    public var denseInit: DenseInit
    public var generatorInit: GeneratorInit
    public var seed: UInt64

    public init(kind: Kind, hidden: Int, inputSize: Int, symbolInputs: Bool, outputSize: Int,
                activation: Activation? = nil, rule: UpdateRule = .exact, field: Field = .real,
                structure: Structure = .dense, denseInit: DenseInit = .orthogonal,
                generatorInit: GeneratorInit = .henaff, seed: UInt64 = 0) {
        self.kind = kind
        self.hidden = hidden
        self.inputSize = inputSize
        self.symbolInputs = symbolInputs
        self.outputSize = outputSize
        self.activation = activation ?? (kind == .urnn ? .modrelu : .tanh)
        self.rule = rule
        self.field = field
        self.structure = structure
        self.denseInit = denseInit
        self.generatorInit = generatorInit
        self.seed = seed
    }

    /// A short description with the key options: `urnn(H=128, rule=exact, modrelu)`.
    public var summary: String {
        switch kind {
        case .rnn: return "rnn(H=\(hidden), \(activation.rawValue), init=\(denseInit.rawValue))"
        case .lstm: return "lstm(H=\(hidden))"
        case .gru: return "gru(H=\(hidden))"
        case .urnn:
            if structure == .arjovsky { return "urnn(H=\(hidden), arjovsky)" }
            return "urnn(H=\(hidden), \(field.rawValue), rule=\(rule.rawValue), \(activation.rawValue))"
        }
    }
}

extension ModelConfig.Kind {
    /// The gated cells' number of H x H recurrent blocks (and of gate rows per step); nil
    /// for the cells with one recurrent matrix.
    var gates: Int? {
        switch self {
        case .lstm: return 4
        case .gru: return 3
        case .rnn, .urnn: return nil
        }
    }
}

extension ModelConfig {
    /// The largest hidden size H: the `model` command's range, `makeModel` and the
    /// checkpoint loader all use this one number. At H = 4096 one H x H matrix is
    /// 128 MiB, and the exact rule's expm and its gradient hold about twenty of them.
    public static let maxHidden = 4096
    /// The most input or output classes (a vocabulary of 2^24 tokens).
    public static let maxClasses = 1 << 24

    /// A lower bound on the number of parameter values: the input and read-out maps,
    /// H x (I + K) whatever the kind. Nil when it overflows.
    public var minimumParameterCount: Int? {
        ByteCount.product(hidden, inputSize + outputSize)
    }

    /// An estimate of the bytes the model holds: its parameters (the recurrent ones
    /// H x H, four of them for the LSTM's gates, three for the GRU's, twice that when complex) with their
    /// gradients and two optimizer moments, four copies in all. Nil when it overflows.
    public var estimatedBytes: Int? {
        let scalars = field == .complex || structure == .arjovsky ? 2 : 1
        let recurrent = kind.gates ?? (structure == .arjovsky ? 0 : 1)
        guard let maps = ByteCount.product(scalars, hidden, inputSize + outputSize + 1 + 4 * hidden),
              let square = ByteCount.product(scalars, recurrent, hidden, hidden) else { return nil }
        return ByteCount.sum(ByteCount.product(4 * 8, maps), ByteCount.product(4 * 8, square))
    }
}

/// Builds the model a configuration describes, with fresh parameters drawn from its seed.
/// Sizes are checked before anything is allocated: H against `ModelConfig.maxHidden`,
/// the classes against `ModelConfig.maxClasses`, the whole model against `budget`.
public func makeModel(_ config: ModelConfig, budget: MemoryBudget = .system) throws -> RecurrentModel {
    guard config.hidden >= 1 && config.hidden <= ModelConfig.maxHidden else {
        throw ModelError.invalidOption("hidden=\(config.hidden) is out of range (1 to \(ModelConfig.maxHidden))")
    }
    guard config.inputSize >= 1, config.outputSize >= 1 else {
        throw ModelError.invalidOption("a model needs at least one input and one output")
    }
    guard config.inputSize <= ModelConfig.maxClasses, config.outputSize <= ModelConfig.maxClasses else {
        throw ModelError.invalidOption("a model takes at most \(ModelConfig.maxClasses) inputs and outputs "
                                       + "(asked: \(config.inputSize) and \(config.outputSize))")
    }
    try budget.check(config.estimatedBytes, for: "model \(config.summary) with \(config.inputSize) inputs "
                     + "and \(config.outputSize) outputs")
    switch (config.kind, config.field, config.structure) {
    case (.rnn, _, _), (.urnn, .real, .dense):
        return try ElmanRNN(config)
    case (.lstm, _, _):
        return try LSTM(config)
    case (.gru, _, _):
        return try GRU(config)
    case (.urnn, .complex, .dense), (.urnn, _, .arjovsky):
        // The structured product is complex whatever `field` says.
        return try ComplexUnitaryRNN(config)
    }
}
