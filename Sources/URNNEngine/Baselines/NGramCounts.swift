/// The counts of one order k of an n-gram model, grouped by context: for every context
/// (the k − 1 tokens before a word) the words seen after it with their counts, stored
/// compressed by context (one slice of `words` and `counts` per context), and what
/// Kneser–Ney smoothing reads of them: the context's total, its number of distinct
/// followers and the order's absolute discount D.
///
/// The counts are either raw (c(context w), how often the k-gram occurs) or continuation
/// counts (N1+(• context w), how many distinct tokens precede the k-gram); see
/// `KneserNeyModel` for which order uses which.
struct NGramCounts: Sendable {
    /// A context packed into 64 bits: no token for k = 1; v for k = 2; u << 32 | v for
    /// k = 3 (token ids are non-negative Int32, so each fits 32 bits).
    typealias Context = UInt64

    /// k: the length of the n-grams counted (context length k − 1).
    let length: Int
    /// Slice index of every context seen.
    private let slices: [Context: Int]
    /// Slice s is `words[starts[s] ..< starts[s + 1]]`, with `counts` alike.
    private let starts: [Int]
    let words: [Int32]
    let counts: [Double]
    /// Σ_w count(context w) of slice s.
    let totals: [Double]
    /// D = n1 / (n1 + 2 n2) from the order's count-of-counts (n_r: k-grams counted r
    /// times); 0.5 when no k-gram is counted once (only on tiny texts), so that every
    /// order keeps some mass for the lower ones.
    let discount: Double

    /// Packs the k − 1 tokens `tokens[end - (k - 1) ..< end]`.
    static func context<C: RandomAccessCollection>(_ tokens: C, length k: Int) -> Context
    where C.Element == Int32, C.Index == Int {
        var c: Context = 0
        var i = tokens.endIndex - (k - 1)
        while i < tokens.endIndex {
            c = c << 32 | Context(UInt32(bitPattern: tokens[i]))
            i += 1
        }
        return c
    }

    /// The context with its first (oldest) token dropped: the context of the same word
    /// one order down.
    static func droppingFirst(_ c: Context, length k: Int) -> Context {
        k >= 3 ? c & 0xFFFF_FFFF : 0
    }

    /// Groups (context, word) pairs, sorted by context then word, each with its count.
    init(length: Int, sorted entries: [(context: Context, word: Int32, count: Double)]) {
        self.length = length
        var slices: [Context: Int] = [:]
        var starts: [Int] = []
        var totals: [Double] = []
        var words: [Int32] = [], counts: [Double] = []
        words.reserveCapacity(entries.count)
        counts.reserveCapacity(entries.count)
        var ones = 0, twos = 0
        var previous: Context?
        for e in entries {
            if e.context != previous {
                slices[e.context] = starts.count
                starts.append(words.count)
                totals.append(0)
                previous = e.context
            }
            words.append(e.word)
            counts.append(e.count)
            totals[totals.count - 1] += e.count
            if e.count == 1 { ones += 1 } else if e.count == 2 { twos += 1 }
        }
        starts.append(words.count)
        self.slices = slices
        self.starts = starts
        self.words = words
        self.counts = counts
        self.totals = totals
        self.discount = ones > 0 ? Double(ones) / Double(ones + 2 * twos) : 0.5
    }

    /// The raw counts of the k-grams of `tokens`.
    static func raw(_ tokens: [Int32], length k: Int) -> NGramCounts {
        guard tokens.count >= k else { return NGramCounts(length: k, sorted: []) }
        var pairs: [(context: Context, word: Int32)] = []
        pairs.reserveCapacity(tokens.count - k + 1)
        for end in k...tokens.count {
            pairs.append((context(tokens[(end - k)..<(end - 1)], length: k), tokens[end - 1]))
        }
        pairs.sort { ($0.context, $0.word) < ($1.context, $1.word) }
        return NGramCounts(length: k, sorted: runLengths(pairs))
    }

    /// The continuation counts of order k from the distinct (k + 1)-grams in `higher`:
    /// N1+(• context w) = how many distinct tokens x have c(x context w) > 0.
    static func continuation(from higher: NGramCounts) -> NGramCounts {
        let k = higher.length - 1
        var pairs: [(context: Context, word: Int32)] = []
        pairs.reserveCapacity(higher.words.count)
        for (c, s) in higher.slices {
            let shorter = droppingFirst(c, length: higher.length)
            for i in higher.starts[s]..<higher.starts[s + 1] { pairs.append((shorter, higher.words[i])) }
        }
        pairs.sort { ($0.context, $0.word) < ($1.context, $1.word) }
        return NGramCounts(length: k, sorted: runLengths(pairs))
    }

    /// Equal neighbours of a sorted list counted once each, with their multiplicity.
    private static func runLengths(_ pairs: [(context: Context, word: Int32)])
    -> [(context: Context, word: Int32, count: Double)] {
        var out: [(context: Context, word: Int32, count: Double)] = []
        for p in pairs {
            if let last = out.last, last.context == p.context, last.word == p.word {
                out[out.count - 1].count += 1
            } else {
                out.append((p.context, p.word, 1))
            }
        }
        return out
    }

    /// The slice of `context`, or nil when the context was never seen at this order.
    func slice(_ context: Context) -> Range<Int>? {
        guard let s = slices[context] else { return nil }
        return starts[s]..<starts[s + 1]
    }

    /// The total of the slice that begins at `range.lowerBound`.
    func total(of context: Context) -> Double? {
        slices[context].map { totals[$0] }
    }

    /// Distinct k-grams counted.
    var types: Int { words.count }
}
