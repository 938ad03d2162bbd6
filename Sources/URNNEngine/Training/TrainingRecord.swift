/// What a model was last trained on, kept with its learner and in its checkpoint
/// (format version 2), so that a loaded model evaluates, inspects and generates
/// exactly as it did before it was saved: the window length of a corpus training, the
/// corpus's vocabulary and tokenizer options, and a task's sizes.
public struct TrainingRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case corpus, copy, adding, images
    }

    public var kind: Kind
    /// The data's name in the session that trained the model (`kjv`), for messages.
    public var name: String
    /// The corpus's source, or nil for a task.
    public var source: String?
    /// The window length T of a corpus training; eval and gradflow default to it.
    public var sequenceLength: Int?
    /// The corpus's tokenizer, vocabulary size and split.
    public var corpusOptions: CorpusOptions?
    /// The corpus's vocabulary: generation reads and writes text through it, and a corpus
    /// the model meets later must have the same one.
    public var vocabulary: Vocabulary?
    /// The copy task's delay T or the adding task's length.
    public var taskLength: Int?
    /// A task's training and held-out sequence counts.
    public var trainSize: Int?
    public var testSize: Int?

    /// The record of a training on `dataset` (named `name` in the session) with windows of `length`.
    public init(dataset: Dataset, name: String, length: Int) {
        self.name = name
        switch dataset {
        case .corpus(let c):
            kind = .corpus
            source = c.source
            sequenceLength = length
            corpusOptions = c.options
            vocabulary = c.vocabulary
        case .copy(let t):
            kind = .copy
            taskLength = t.delay
            trainSize = t.trainSize
            testSize = t.testSize
        case .adding(let t):
            kind = .adding
            taskLength = t.length
            trainSize = t.trainSize
            testSize = t.testSize
        case .images(let t):
            kind = .images
            source = t.data.directory
            taskLength = t.steps
            trainSize = t.size(of: .train)
            testSize = t.size(of: .test)
        }
    }

    /// One line for summaries: "corpus kjv (word units, vocabulary 10001, seq 50)".
    public var summary: String {
        switch kind {
        case .corpus:
            let unit = corpusOptions.map { "\($0.tokenizer.unit) units, " } ?? ""
            return "corpus \(name) (\(unit)vocabulary \(vocabulary?.count ?? 0), seq \(sequenceLength ?? 0))"
        case .copy: return "copy task \(name) (delay \(taskLength ?? 0), \(trainSize ?? 0) train / \(testSize ?? 0) test)"
        case .adding: return "adding task \(name) (length \(taskLength ?? 0), \(trainSize ?? 0) train / \(testSize ?? 0) test)"
        case .images: return "images \(name) (\(taskLength ?? 0) steps, \(trainSize ?? 0) train / \(testSize ?? 0) test)"
        }
    }

    /// Refuses a corpus whose vocabulary or tokenizer is not the one the model was trained
    /// with: the same number of ids with other spellings would be read without complaint
    /// and give meaningless numbers. Tasks pass (a task of another length is a test of
    /// generalisation, and its sizes are checked against the model's elsewhere).
    public func check(_ dataset: Dataset, dataName: String) throws {
        guard case .corpus(let c) = dataset, kind == .corpus, let vocabulary else { return }
        if let options = corpusOptions, options.tokenizer != c.options.tokenizer {
            throw TrainingError.incompatibleData(
                "the model was trained on corpus '\(name)' read with \(options.tokenizer.summary), "
                + "but '\(dataName)' is read with \(c.options.tokenizer.summary)")
        }
        guard vocabulary.tokens != c.vocabulary.tokens else { return }
        let mine = vocabulary.tokens, theirs = c.vocabulary.tokens
        var detail = "it has \(theirs.count) tokens, the model's has \(mine.count)"
        if let k = (0..<min(mine.count, theirs.count)).first(where: { mine[$0] != theirs[$0] }) {
            detail += "; id \(k) is '\(theirs[k])' there and '\(mine[k])' in the model's"
        }
        throw TrainingError.incompatibleData(
            "the vocabulary of '\(dataName)' does not match the one the model was trained on (corpus '\(name)'): \(detail)")
    }
}

extension Tokenizer {
    /// "word units, lowercase, line ends kept".
    public var summary: String {
        "\(unit) units" + (lowercase ? ", lowercase" : "") + (endOfLine ? ", line ends kept" : ", line ends dropped")
    }
}
