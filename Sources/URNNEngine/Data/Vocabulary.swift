/// The tokens a model can read and predict, each with an integer id.
///
/// Id 0 is always `<unk>`, the stand-in for every token outside the vocabulary;
/// ids 1, 2, ... are the kept tokens from the most to the least frequent in the
/// training split, ties broken by first occurrence in the text (the training split
/// is the start of the text, so this is first occurrence in the corpus).
public struct Vocabulary: Sendable, Equatable {
    /// The token standing for every out-of-vocabulary token.
    public static let unknown = "<unk>"
    /// The id of `<unk>`.
    public static let unknownID = 0

    /// Spelling of each id; `tokens[0] == "<unk>"`.
    public let tokens: [String]
    /// How often each id occurs in the training split (`counts[0]`: tokens mapped to `<unk>`).
    public let counts: [Int]
    private let index: [String: Int]

    /// A vocabulary over `tokens` (which must start with `<unk>`, as saved by a
    /// checkpoint) with their training `counts`.
    public init(tokens: [String], counts: [Int]) {
        precondition(tokens.first == Vocabulary.unknown && tokens.count == counts.count,
                     "a vocabulary starts with <unk> and has one count per token")
        self.tokens = tokens
        self.counts = counts
        var index: [String: Int] = [:]
        index.reserveCapacity(tokens.count)
        for (id, t) in tokens.enumerated() { index[t] = id }
        self.index = index
    }

    /// The number of ids, `<unk>` included (the model's V).
    public var count: Int { tokens.count }

    /// The id of `token`, or nil when it is not in the vocabulary.
    public func id(of token: String) -> Int? { index[token] }

    /// The spelling of `id` (`<unk>` for an id outside the vocabulary).
    public func token(_ id: Int) -> String { tokens.indices.contains(id) ? tokens[id] : Vocabulary.unknown }

    /// The id of `<eol>`, when line ends are in the vocabulary.
    public var endOfLineID: Int? { index[Tokenizer.endOfLine] }

    /// The `k` most frequent tokens of the training split (`<unk>` left out), with counts.
    public func mostFrequent(_ k: Int) -> [TokenCount] {
        // Ids are already ranked by frequency.
        (1..<min(count, k + 1)).map { TokenCount(token: tokens[$0], count: counts[$0]) }
    }

    /// Tokenizes `text` with `tokenizer` (the one the corpus used) and maps each token
    /// to its id; unknown tokens become `<unk>` and are listed. The last line gets no
    /// `<eol>`, since a prompt is continued, not ended.
    public func encode(_ text: String, tokenizer: Tokenizer) -> PromptEncoding {
        let spelled = tokenizer.tokens(in: text, terminateLastLine: false)
        var ids: [Int] = []
        var unknown: [String] = []
        for t in spelled {
            if let id = index[t], id != Vocabulary.unknownID {
                ids.append(id)
            } else {
                ids.append(Vocabulary.unknownID)
                if !unknown.contains(t) { unknown.append(t) }
            }
        }
        return PromptEncoding(tokens: spelled, ids: ids, unknown: unknown)
    }

    /// Text for a run of ids. Word units: tokens joined by single spaces, except no
    /// space before `. , ; : ! ? )` and after `(`, and `<eol>` as a line feed. Char
    /// units: tokens concatenated, `<eol>` as a line feed.
    public func decode(_ ids: [Int], unit: TokenUnit) -> String {
        var out = ""
        var atLineStart = true
        var noSpaceNext = false
        for id in ids {
            let t = token(id)
            if t == Tokenizer.endOfLine {
                out += "\n"
                atLineStart = true
                continue
            }
            if unit == .word {
                let closing = t.count == 1 && ".,;:!?)".contains(t)
                if !atLineStart && !closing && !noSpaceNext { out += " " }
                noSpaceNext = t == "("
            }
            out += t
            atLineStart = false
        }
        return out
    }
}

extension Vocabulary: Codable {
    private enum CodingKeys: String, CodingKey { case tokens, counts }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let tokens = try c.decode([String].self, forKey: .tokens)
        let counts = try c.decode([Int].self, forKey: .counts)
        guard tokens.first == Vocabulary.unknown, tokens.count == counts.count else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath,
                debugDescription: "a vocabulary must start with <unk> and have one count per token"))
        }
        self.init(tokens: tokens, counts: counts)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tokens, forKey: .tokens)
        try c.encode(counts, forKey: .counts)
    }
}

/// A token and how often it occurs.
public struct TokenCount: Sendable, Equatable, Codable {
    public let token: String
    public let count: Int

    public init(token: String, count: Int) {
        self.token = token
        self.count = count
    }
}

/// A prompt cut into tokens and ids, with the tokens the vocabulary did not know.
public struct PromptEncoding: Sendable, Equatable {
    /// The tokens as the tokenizer produced them.
    public let tokens: [String]
    /// One id per token; unknown tokens are `Vocabulary.unknownID`.
    public let ids: [Int]
    /// The distinct unknown tokens, in order of appearance (empty when all were known).
    public let unknown: [String]
}
