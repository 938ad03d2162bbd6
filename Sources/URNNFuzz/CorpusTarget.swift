import URNNEngine

/// The corpus loader on arbitrary bytes, as `corpus NAME = load FILE` reads a file: the
/// first byte picks the options (unit, lower case, line ends, vocabulary size, split),
/// the rest is the file. What loads is tokenized, counted, batched, encoded and decoded.
enum CorpusTarget {
    static let splits: [SplitFractions] = [
        .standard, SplitFractions(train: 0.5, valid: 0.25, test: 0.25),
        SplitFractions(train: 0.98, valid: 0.01, test: 0.01), SplitFractions(train: 1, valid: 0, test: 0),
    ]

    static func run(_ bytes: [UInt8]) -> [String] {
        var input = FuzzInput(Array(bytes.prefix(1)))
        let options = CorpusOptions(
            tokenizer: Tokenizer(unit: input.chance(50) ? .word : .char, lowercase: input.chance(50),
                                 endOfLine: input.chance(75)),
            vocabularySize: input.chance(50) ? nil : input.below(6) - 1,
            split: input.pick(splits))
        guard let url = FuzzScratch.write(Array(bytes.dropFirst()), as: "corpus.txt"),
              let corpus = try? Corpus.load(path: url.path, options: options) else { return [] }
        return brokenPromises(corpus)
    }

    static func brokenPromises(_ corpus: Corpus) -> [String] {
        var problems: [String] = []
        let vocabulary = corpus.vocabulary
        for split in CorpusSplit.allCases {
            let ids = corpus.tokens(split)
            if ids.isEmpty { problems.append("the \(split.rawValue) split is empty") }
            if ids.contains(where: { $0 < 0 || Int($0) >= vocabulary.count }) {
                problems.append("the \(split.rawValue) split has an id outside the vocabulary")
            }
        }
        if vocabulary.counts.reduce(0, +) != corpus.tokens(.train).count {
            problems.append("the vocabulary's counts do not add up to the training tokens")
        }
        if corpus.options.vocabularySize == nil, corpus.tokens(.train).contains(Int32(Vocabulary.unknownID)) {
            problems.append("with every token kept, the training split still has <unk>")
        }
        _ = corpus.statistics(mostFrequent: 3).description
        let train = corpus.tokens(.train).prefix(64).map(Int.init)
        let text = corpus.decode(train)
        _ = corpus.encode(prompt: text)
        for batchSize in [1, 3] {
            guard let batcher = try? corpus.batcher(.train, batchSize: batchSize, length: 4) else { continue }
            for window in batcher.windows(epoch: 0).prefix(4) {
                let flat = Array(window.inputs.joined()) + Array(window.targets.joined())
                if flat.contains(where: { $0 < 0 || $0 >= vocabulary.count }) {
                    problems.append("a batch holds an id outside the vocabulary")
                }
            }
        }
        return problems
    }
}
