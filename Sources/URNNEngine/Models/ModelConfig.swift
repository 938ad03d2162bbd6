/// Everything that defines a model, as given by the user plus the sizes taken from
/// the data it is first trained on. Saved in checkpoints.
public struct ModelConfig: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case rnn, lstm, urnn }
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
        case .urnn:
            if structure == .arjovsky { return "urnn(H=\(hidden), arjovsky)" }
            return "urnn(H=\(hidden), \(field.rawValue), rule=\(rule.rawValue), \(activation.rawValue))"
        }
    }
}

/// Builds the model a configuration describes, with fresh parameters drawn from its seed.
public func makeModel(_ config: ModelConfig) throws -> RecurrentModel {
    guard config.hidden >= 1 && config.hidden <= 16384 else {
        throw ModelError.invalidOption("hidden=\(config.hidden) is out of range (1...16384)")
    }
    guard config.inputSize >= 1, config.outputSize >= 1 else {
        throw ModelError.invalidOption("a model needs at least one input and one output")
    }
    switch (config.kind, config.field, config.structure) {
    case (.rnn, _, _), (.urnn, .real, .dense):
        return try ElmanRNN(config)
    case (.lstm, _, _):
        return try LSTM(config)
    case (.urnn, .complex, .dense), (.urnn, _, .arjovsky):
        // The structured product is complex whatever `field` says.
        return try ComplexUnitaryRNN(config)
    }
}
