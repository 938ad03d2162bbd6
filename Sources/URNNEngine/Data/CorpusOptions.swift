/// The three contiguous parts of a corpus, in text order.
public enum CorpusSplit: String, Sendable, Codable, CaseIterable {
    case train
    case valid
    case test
}

/// One value per split.
public struct PerSplit<Value: Sendable>: Sendable {
    public var train: Value
    public var valid: Value
    public var test: Value

    public init(train: Value, valid: Value, test: Value) {
        self.train = train
        self.valid = valid
        self.test = test
    }

    public subscript(split: CorpusSplit) -> Value {
        get {
            switch split {
            case .train: return train
            case .valid: return valid
            case .test: return test
            }
        }
        set {
            switch split {
            case .train: train = newValue
            case .valid: valid = newValue
            case .test: test = newValue
            }
        }
    }
}

extension PerSplit: Equatable where Value: Equatable {}
extension PerSplit: Codable where Value: Codable {}

/// The fractions of the token stream given to train, valid and test (contiguous,
/// in that order). Each must be positive and they must add up to 1.
public struct SplitFractions: Sendable, Equatable, Codable {
    public var train: Double
    public var valid: Double
    public var test: Double

    /// 0.9 / 0.05 / 0.05.
    public static let standard = SplitFractions(train: 0.9, valid: 0.05, test: 0.05)

    public init(train: Double, valid: Double, test: Double) {
        self.train = train
        self.valid = valid
        self.test = test
    }

    /// The split sizes for `total` tokens: train and valid are rounded down, test takes
    /// the rest (so the three always add up to `total`).
    func sizes(total: Int) throws -> PerSplit<Int> {
        let all = [train, valid, test]
        guard all.allSatisfy({ $0.isFinite && $0 > 0 }), abs(all.reduce(0, +) - 1) <= 1e-9 else {
            throw CorpusError.invalidSplitFractions(train: train, valid: valid, test: test)
        }
        let nTrain = Int((Double(total) * train).rounded(.down))
        let nValid = Int((Double(total) * valid).rounded(.down))
        return PerSplit(train: nTrain, valid: nValid, test: total - nTrain - nValid)
    }
}

/// How to read a corpus: the tokenizer, the vocabulary size and the split.
public struct CorpusOptions: Sendable, Equatable, Codable {
    public var tokenizer: Tokenizer
    /// Keep this many of the most frequent training tokens (plus `<unk>`); nil keeps all.
    public var vocabularySize: Int?
    public var split: SplitFractions

    public init(tokenizer: Tokenizer = Tokenizer(), vocabularySize: Int? = nil,
                split: SplitFractions = .standard) {
        self.tokenizer = tokenizer
        self.vocabularySize = vocabularySize
        self.split = split
    }
}
