import Foundation

/// Errors from scoring logits against targets.
public enum MetricsError: Error, Equatable, CustomStringConvertible {
    /// The logits have `columns` positions but `targets` ids were given.
    case countMismatch(columns: Int, targets: Int)
    /// A target id outside 0 ..< V.
    case targetOutOfRange(target: Int, position: Int, classes: Int)
    /// A logit at `position` is NaN or infinite.
    case nonFinite(position: Int)

    public var description: String {
        switch self {
        case let .countMismatch(c, t):
            return "metrics: the logits have \(c) positions (columns) but \(t) targets were given"
        case let .targetOutOfRange(t, p, v):
            return "metrics: target \(t) at position \(p) is outside 0..<\(v)"
        case let .nonFinite(p):
            return "metrics: the logits at position \(p) are NaN or infinite"
        }
    }
}

/// Next-token scores accumulated over any number of windows: the sum of the
/// negative log-likelihoods and the top-1 and top-5 hits. Logits are a V x N
/// `Matrix` whose column n scores the V classes at position n.
///
/// - Cross-entropy of one position: log Σ_v exp(z_v) − z_target, computed as
///   m + log Σ_v exp(z_v − m) with m = max_v z_v, so no exponential overflows and
///   the largest term is exactly 1 (the sum is at least 1, its log never −inf).
/// - Rank of the target: the classes ordered by logit, larger first, equal logits
///   by smaller id first; top-k is a hit when the target's rank is below k. Ties
///   are never counted in the model's favour, so constant logits score 1/V, not 1.
public struct NextTokenScore: Sendable, Equatable, Codable {
    /// Positions scored.
    public private(set) var count = 0
    /// Σ −log p(target), in nats.
    public private(set) var totalNegativeLogLikelihood = 0.0
    /// Positions whose target ranks first.
    public private(set) var top1Hits = 0
    /// Positions whose target ranks among the first five.
    public private(set) var top5Hits = 0

    public init() {}

    /// Adds every column of `logits` (V x N) against `targets` (N ids).
    public mutating func add(logits: Matrix, targets: [Int]) throws {
        let v = logits.rows
        guard logits.cols == targets.count else {
            throw MetricsError.countMismatch(columns: logits.cols, targets: targets.count)
        }
        var nll = 0.0, hits1 = 0, hits5 = 0
        try logits.elements.withUnsafeBufferPointer { z in
            for n in 0..<targets.count {
                let target = targets[n]
                guard target >= 0 && target < v else {
                    throw MetricsError.targetOutOfRange(target: target, position: n, classes: v)
                }
                let column = UnsafeBufferPointer(rebasing: z[(n * v)..<((n + 1) * v)])
                var m = -Double.infinity
                for x in column {
                    guard x.isFinite else { throw MetricsError.nonFinite(position: n) }
                    m = max(m, x)
                }
                let zt = column[target]
                var sum = 0.0, rank = 0
                for (i, x) in column.enumerated() {
                    sum += Foundation.exp(x - m)
                    if x > zt || (x == zt && i < target) { rank += 1 }
                }
                nll += m + Foundation.log(sum) - zt
                if rank < 1 { hits1 += 1 }
                if rank < 5 { hits5 += 1 }
            }
        }
        count += targets.count
        totalNegativeLogLikelihood += nll
        top1Hits += hits1
        top5Hits += hits5
    }

    /// Adds another score (e.g. from another window or thread).
    public mutating func add(_ other: NextTokenScore) {
        count += other.count
        totalNegativeLogLikelihood += other.totalNegativeLogLikelihood
        top1Hits += other.top1Hits
        top5Hits += other.top5Hits
    }

    /// Mean cross-entropy, nats per token (NaN before anything is added).
    public var crossEntropy: Double { count > 0 ? totalNegativeLogLikelihood / Double(count) : .nan }
    /// exp(cross-entropy).
    public var perplexity: Double { Metrics.perplexity(crossEntropy: crossEntropy) }
    /// Cross-entropy in bits per token; bits per character when the tokens are characters.
    public var bitsPerToken: Double { Metrics.bitsPerCharacter(crossEntropy: crossEntropy) }
    /// Fraction of positions whose target ranks first.
    public var accuracy: Double { count > 0 ? Double(top1Hits) / Double(count) : .nan }
    /// Fraction of positions whose target ranks among the first five.
    public var top5Accuracy: Double { count > 0 ? Double(top5Hits) / Double(count) : .nan }
}

/// Next-token metrics as pure functions over logits (V x N, columns are positions)
/// and target ids; see `NextTokenScore` for the exact definitions.
public enum Metrics {
    /// Mean softmax cross-entropy in nats per token.
    public static func crossEntropy(logits: Matrix, targets: [Int]) throws -> Double {
        try score(logits, targets).crossEntropy
    }

    /// Fraction of positions whose target is the arg-max (ties to the smaller id).
    public static func accuracy(logits: Matrix, targets: [Int]) throws -> Double {
        try score(logits, targets).accuracy
    }

    /// Fraction of positions whose target is among the five largest logits.
    public static func top5Accuracy(logits: Matrix, targets: [Int]) throws -> Double {
        try score(logits, targets).top5Accuracy
    }

    /// Perplexity from a cross-entropy in nats: exp(H).
    public static func perplexity(crossEntropy: Double) -> Double { Foundation.exp(crossEntropy) }

    /// Bits per character from a cross-entropy in nats per character: H / ln 2.
    /// (For word tokens, pass the total nats divided by the number of characters.)
    public static func bitsPerCharacter(crossEntropy: Double) -> Double { crossEntropy / Foundation.log(2.0) }

    private static func score(_ logits: Matrix, _ targets: [Int]) throws -> NextTokenScore {
        var s = NextTokenScore()
        try s.add(logits: logits, targets: targets)
        return s
    }
}
