/// An n-gram language model (n = 1, 2 or 3) with interpolated Kneser–Ney smoothing: the
/// count baseline of a corpus, "trained" by counting its training split.
///
/// The smoothing is the interpolated Kneser–Ney of Chen & Goodman (1998, "An empirical
/// study of smoothing techniques for language modeling", TR-10-98, section 3 and eq. 17),
/// with one absolute discount per order, D = n1 / (n1 + 2 n2) (Ney, Essen & Kneser 1994;
/// n_r is the number of k-grams counted exactly r times at that order), not the modified
/// variant's three discounts. For a word w after the context h = w_{i−k+1} … w_{i−1}:
///
///     P_k(w | h) = max(c(h w) − D_k, 0) / c(h •)  +  D_k N1+(h •) / c(h •) · P_{k−1}(w | h')
///
/// where h' drops the oldest token of h, c(h •) = Σ_w c(h w) and N1+(h •) counts the
/// distinct words seen after h. The highest order uses raw counts c; every lower order uses
/// continuation counts c(h w) := N1+(• h w), the number of distinct tokens seen before h w
/// (a word that follows many contexts is a likely novel continuation). A context never
/// seen at an order gives that order no mass: P_k = P_{k−1}. The unigram order interpolates
/// with the uniform distribution over the vocabulary V,
///
///     P_1(w) = max(c(w) − D_1, 0) / c(•)  +  D_1 N1+(•) / c(•) · 1/V,
///
/// so every word of the vocabulary, seen or not, has a positive probability, and the
/// probabilities over the vocabulary sum to 1 for every context.
///
/// Short contexts: when fewer than n − 1 tokens are known (the first positions of a window
/// read from a fresh state), the model of order n uses its order m + 1 as the highest, with
/// raw counts, where m is the number of tokens known: it is then exactly the model of order
/// m + 1 on that context.
public struct KneserNeyModel: Sendable {
    /// The largest order this model counts.
    public static let maxOrder = 3

    /// n: the order (1 unigram, 2 bigram, 3 trigram).
    public let order: Int
    /// V: the vocabulary size; token ids are 0 ..< V.
    public let vocabularySize: Int
    /// Tokens counted.
    public let tokenCount: Int
    /// raw[k − 1]: the raw k-gram counts, k = 1 … n.
    let raw: [NGramCounts]
    /// continuation[k − 1]: the continuation counts of order k, k = 1 … n − 1.
    let continuation: [NGramCounts]
    /// P_1 over the vocabulary as the highest order (raw counts) and as a lower one.
    let unigramRaw: [Double]
    let unigramContinuation: [Double]

    /// Counts `tokens` (a corpus's training split, in text order) for a model of `order`
    /// over `vocabularySize` token ids.
    public init(order: Int, tokens: [Int32], vocabularySize: Int) throws {
        guard order >= 1 && order <= Self.maxOrder else {
            throw ModelError.invalidOption("order=\(order) is out of range (1 to \(Self.maxOrder))")
        }
        guard vocabularySize >= 1 && vocabularySize <= ModelConfig.maxClasses else {
            throw ModelError.invalidOption("an n-gram model needs a vocabulary of 1 to \(ModelConfig.maxClasses) tokens, "
                                           + "got \(vocabularySize)")
        }
        guard !tokens.isEmpty else { throw ModelError.invalidOption("an n-gram model needs at least one token to count") }
        if let bad = tokens.first(where: { $0 < 0 || Int($0) >= vocabularySize }) {
            throw ModelError.invalidOption("token id \(bad) is outside the vocabulary 0..<\(vocabularySize)")
        }
        self.order = order
        self.vocabularySize = vocabularySize
        self.tokenCount = tokens.count
        let raw = (1...order).map { NGramCounts.raw(tokens, length: $0) }
        let continuation = (0..<(order - 1)).map { NGramCounts.continuation(from: raw[$0 + 1]) }
        let unigramRaw = Self.unigram(raw[0], vocabularySize: vocabularySize)
        self.raw = raw
        self.continuation = continuation
        self.unigramRaw = unigramRaw
        unigramContinuation = order > 1 ? Self.unigram(continuation[0], vocabularySize: vocabularySize) : unigramRaw
    }

    /// P_1 over 0 ..< V from one table of unigram counts (its only context is empty).
    private static func unigram(_ counts: NGramCounts, vocabularySize v: Int) -> [Double] {
        let uniform = 1 / Double(v)
        guard let range = counts.slice(0), let total = counts.total(of: 0), total > 0 else {
            return [Double](repeating: uniform, count: v)
        }
        let d = counts.discount
        let backoff = d * Double(range.count) / total
        var p = [Double](repeating: backoff * uniform, count: v)
        for i in range { p[Int(counts.words[i])] += Swift.max(counts.counts[i] - d, 0) / total }
        return p
    }

    /// The discount D_k of each order k = 1 … n as the highest order (raw counts) uses it.
    public var rawDiscounts: [Double] { raw.map(\.discount) }
    /// The discount D_k of each lower order k = 1 … n − 1 (continuation counts).
    public var continuationDiscounts: [Double] { continuation.map(\.discount) }
    /// Distinct k-grams counted, k = 1 … n.
    public var types: [Int] { raw.map(\.types) }

    /// One order's share of the distribution after a context: its counts, the context's
    /// slice of them, total, and the weight the orders above leave it.
    struct Term {
        var counts: NGramCounts
        var slice: Range<Int>
        var total: Double
        var weight: Double
    }

    /// The orders that contribute after `history` (its last min(n − 1, count) tokens are
    /// the context), highest first, and the weight left for P_1.
    func terms(after history: ArraySlice<Int32>) -> (terms: [Term], unigramWeight: Double, unigram: [Double]) {
        let m = Swift.min(order - 1, history.count)
        var terms: [Term] = []
        var weight = 1.0
        var k = m + 1
        while k >= 2 {
            let counts = k == m + 1 ? raw[k - 1] : continuation[k - 1]
            let c = NGramCounts.context(history.suffix(k - 1), length: k)
            if let slice = counts.slice(c), let total = counts.total(of: c), total > 0 {
                terms.append(Term(counts: counts, slice: slice, total: total, weight: weight))
                weight *= counts.discount * Double(slice.count) / total
            }
            k -= 1
        }
        return (terms, weight, m == 0 ? unigramRaw : unigramContinuation)
    }

    /// P(word | history): the history's last n − 1 tokens (fewer when it is shorter) are
    /// the context.
    public func probability(of word: Int, after history: [Int]) -> Double {
        guard word >= 0 && word < vocabularySize else { return 0 }
        let (terms, weight, unigram) = self.terms(after: ArraySlice(history.map { Int32(truncatingIfNeeded: $0) }))
        var p = weight * unigram[word]
        for t in terms {
            let words = t.counts.words[t.slice]
            if let i = words.firstIndex(of: Int32(word)) {
                p += t.weight * Swift.max(t.counts.counts[i] - t.counts.discount, 0) / t.total
            }
        }
        return p
    }

    /// P(· | history) over the whole vocabulary (V values that sum to 1).
    public func distribution(after history: [Int]) -> [Double] {
        var p = [Double](repeating: 0, count: vocabularySize)
        p.withUnsafeMutableBufferPointer { fill($0, after: ArraySlice(history.map { Int32(truncatingIfNeeded: $0) })) }
        return p
    }

    /// Writes P(· | history) into `p` (V values).
    func fill(_ p: UnsafeMutableBufferPointer<Double>, after history: ArraySlice<Int32>) {
        let (terms, weight, unigram) = self.terms(after: history)
        unigram.withUnsafeBufferPointer { u in
            for w in 0..<vocabularySize { p[w] = weight * u[w] }
        }
        for t in terms {
            let d = t.counts.discount, scale = t.weight / t.total
            for i in t.slice { p[Int(t.counts.words[i])] += scale * Swift.max(t.counts.counts[i] - d, 0) }
        }
    }
}
