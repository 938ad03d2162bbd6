/// A continuation sampled from a language model.
public struct Generation: Sendable {
    /// The prompt as tokens after the vocabulary mapped it (unknown words are `<unk>`).
    public var promptTokens: [String]
    /// Prompt words the vocabulary does not know.
    public var unknownWords: [String]
    /// The sampled token ids and their text.
    public var ids: [Int]
    public var text: String
}

extension RecurrentModel {
    /// Reads `prompt` and samples `count` tokens, one step at a time, feeding each
    /// sample back as the next input. `sampler` sets temperature, top-k or greedy;
    /// `generator` makes the draw reproducible.
    public func generate(from prompt: String, in corpus: Corpus, count: Int, sampler: Sampler,
                         using generator: inout SeededGenerator) throws -> Generation {
        try generate(from: prompt, vocabulary: corpus.vocabulary, tokenizer: corpus.options.tokenizer, count: count,
                     sampler: sampler, using: &generator)
    }

    /// As above, through the `vocabulary` and `tokenizer` a model was trained with (a
    /// checkpoint keeps both, so a loaded model generates without its corpus).
    public func generate(from prompt: String, vocabulary: Vocabulary, tokenizer: Tokenizer, count: Int, sampler: Sampler,
                         using generator: inout SeededGenerator) throws -> Generation {
        guard config.symbolInputs, config.inputSize == vocabulary.count else {
            throw TrainingError.incompatibleData("generate needs a model trained on this corpus (vocabulary \(vocabulary.count))")
        }
        guard count >= 0 else { throw ModelError.invalidOption("the number of words must be non-negative") }
        let encoding = vocabulary.encode(prompt, tokenizer: tokenizer)
        var ids = encoding.ids
        if ids.isEmpty { ids = [vocabulary.endOfLineID ?? Vocabulary.unknownID] }
        // Read the prompt in one pass; the last step's outputs give the first sample.
        let noTarget = SequenceTarget.symbols(ids.map { _ in [-1] })
        var r = try run(SequenceBatch(input: .symbols(ids.map { [$0] }), target: noTarget), state: nil,
                        options: RunOptions(backward: false, keepOutputs: true))
        var produced: [Int] = []
        for _ in 0..<count {
            guard let logits = r.outputs else { break }
            let last = logits.column(logits.cols - 1)
            let next = try sampler.sample(last, using: &generator)
            produced.append(next)
            r = try run(SequenceBatch(input: .symbols([[next]]), target: .symbols([[-1]])), state: r.finalState,
                        options: RunOptions(backward: false, keepOutputs: true))
        }
        return Generation(promptTokens: encoding.tokens, unknownWords: encoding.unknown, ids: produced,
                          text: vocabulary.decode(produced, unit: tokenizer.unit))
    }
}
