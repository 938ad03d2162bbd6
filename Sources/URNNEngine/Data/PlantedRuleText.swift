/// A synthetic text with one planted long-range rule, for testing that a language
/// model learns long memory: the word right after the marker `mark` always repeats
/// the word `distance` tokens before it (tokens[t] == tokens[t − distance] for every
/// t in `rulePositions`). Everything else is drawn uniformly from the words
/// `w0 ... w(V−1)`, so those positions can only be guessed (accuracy about 1/V),
/// while a model with `distance` steps of memory can reach 100% on the rule positions.
///
/// At each position t with t + 1 − distance >= 0 and room for two tokens, a marker
/// is planted with probability `markerRate` unless the word it would copy is itself
/// a marker; the text is one line of words separated by single spaces.
public struct PlantedRuleText: Sendable, Equatable {
    /// The marker word.
    public static let marker = "mark"

    /// The tokens, in order.
    public let tokens: [String]
    /// The positions (indices into `tokens`) whose word is fixed by the rule.
    public let rulePositions: [Int]
    /// How far back the repeated word is.
    public let distance: Int

    /// The tokens joined by spaces (the word tokenizer gives `tokens` back, plus `<eol>`).
    public var text: String { tokens.joined(separator: " ") }

    /// A text of `tokenCount` tokens over `vocabularySize` random words, fixed by `seed`.
    public static func generate(tokenCount: Int, distance: Int, vocabularySize: Int = 20,
                                markerRate: Double = 0.05, seed: UInt64) throws -> PlantedRuleText {
        let task = "planted-rule text"
        for (name, value, minimum) in [("tokens", tokenCount, 2), ("distance", distance, 2), ("vocab", vocabularySize, 1)]
        where value < minimum {
            throw SyntheticTaskError.invalidParameter(task: task, name: name, value: value, minimum: minimum)
        }
        guard markerRate.isFinite, markerRate >= 0, markerRate <= 1 else {
            throw SyntheticTaskError.invalidProbability(task: task, name: "marker rate", value: markerRate)
        }
        var g = SeededGenerator(seed: DerivedSeed.make(seed, stream: 21, index: 0))
        let words = (0..<vocabularySize).map { "w\($0)" }
        var tokens: [String] = []
        var rule: [Int] = []
        tokens.reserveCapacity(tokenCount)
        while tokens.count < tokenCount {
            let t = tokens.count
            let source = t + 1 - distance
            if t + 1 < tokenCount, source >= 0, g.uniform() < markerRate, tokens[source] != marker {
                tokens.append(marker)
                tokens.append(tokens[source])
                rule.append(t + 1)
            } else {
                tokens.append(words[g.int(below: vocabularySize)])
            }
        }
        return PlantedRuleText(tokens: tokens, rulePositions: rule, distance: distance)
    }
}
