/// What a loaded corpus holds, for `stats` output and for the report of a run.
public struct CorpusStatistics: Sendable, Equatable, CustomStringConvertible {
    public let source: String
    public let files: Int
    public let bytes: Int
    public let unit: TokenUnit
    /// Tokens in each split.
    public let tokens: PerSplit<Int>
    /// Distinct tokens in the training split, before the vocabulary cut.
    public let distinctTrainingTokens: Int
    /// The number of ids, `<unk>` included.
    public let vocabularySize: Int
    /// The fraction of each split's tokens that map to `<unk>`.
    public let outOfVocabularyRate: PerSplit<Double>
    /// The most frequent training tokens, most frequent first.
    public let mostFrequent: [TokenCount]

    /// All tokens of the three splits.
    public var totalTokens: Int { tokens.train + tokens.valid + tokens.test }

    public var description: String {
        func percent(_ x: Double) -> String {
            let p = (x * 10_000).rounded() / 100
            return "\(p)%"
        }
        var lines = [
            "corpus \(source): \(files) file\(files == 1 ? "" : "s"), \(bytes) bytes, unit=\(unit.rawValue)",
            "tokens: train \(tokens.train), valid \(tokens.valid), test \(tokens.test) (total \(totalTokens))",
            "vocabulary: \(vocabularySize) ids (<unk> included) from \(distinctTrainingTokens) distinct training tokens",
            "out of vocabulary: train \(percent(outOfVocabularyRate.train)), valid \(percent(outOfVocabularyRate.valid)), "
                + "test \(percent(outOfVocabularyRate.test))",
        ]
        if !mostFrequent.isEmpty {
            let shown = mostFrequent.map { "\(visible($0.token)) \($0.count)" }.joined(separator: ", ")
            lines.append("most frequent: \(shown)")
        }
        return lines.joined(separator: "\n")
    }

    /// A token as printed in a one-line list: spaces, tabs and line feeds of char
    /// corpora shown as escapes so the list stays readable.
    private func visible(_ token: String) -> String {
        switch token {
        case " ": return "' '"
        case "\t": return "'\\t'"
        case "\n": return "'\\n'"
        default: return token
        }
    }
}
