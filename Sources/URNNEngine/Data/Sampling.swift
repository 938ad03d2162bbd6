import Foundation

/// Errors from drawing a token out of logits.
public enum SamplingError: Error, Equatable, CustomStringConvertible {
    case emptyLogits
    case invalidTemperature(Double)
    case invalidTopK(Int)
    case nonFinite(index: Int)

    public var description: String {
        switch self {
        case .emptyLogits: return "sample: the logits vector is empty"
        case let .invalidTemperature(t): return "sample: temperature=\(t) must be a finite number >= 0 (0 is greedy)"
        case let .invalidTopK(k): return "sample: top_k=\(k) must be at least 1"
        case let .nonFinite(i): return "sample: logit \(i) is NaN or infinite"
        }
    }
}

/// How the next token is chosen from the logits z over V classes.
///
/// - greedy (or temperature 0): the arg-max, ties to the smaller id;
/// - otherwise p_v ∝ exp((z_v − max z) / temperature), restricted to the `topK`
///   largest logits when `topK` is set (ties at the boundary to the smaller id),
///   and one draw u ~ U(0,1) from the `SeededGenerator` picks the first class whose
///   cumulative probability exceeds u: one draw per token, so a seed fixes the text.
public struct Sampler: Sendable, Equatable, Codable {
    public var temperature: Double
    public var topK: Int?
    public var greedy: Bool

    /// A sampler; the defaults draw from the model's distribution unchanged.
    public init(temperature: Double = 1, topK: Int? = nil, greedy: Bool = false) {
        self.temperature = temperature
        self.topK = topK
        self.greedy = greedy
    }

    /// The probabilities this sampler draws from (zero outside the top k).
    public func distribution(_ logits: [Double]) throws -> [Double] {
        try validate(logits)
        var p = [Double](repeating: 0, count: logits.count)
        if isGreedy {
            p[argmax(logits)] = 1
            return p
        }
        let m = logits.max() ?? 0
        var total = 0.0
        for i in candidates(logits) {
            p[i] = Foundation.exp((logits[i] - m) / temperature)
            total += p[i]
        }
        for i in p.indices { p[i] /= total }
        return p
    }

    /// One token id drawn from `logits`.
    public func sample(_ logits: [Double], using g: inout SeededGenerator) throws -> Int {
        let p = try distribution(logits)
        if isGreedy { return argmax(logits) }
        let u = g.uniform()
        var cumulative = 0.0
        var last = 0
        for (i, pi) in p.enumerated() where pi > 0 {
            cumulative += pi
            last = i
            if u < cumulative { return i }
        }
        // Rounding can leave the cumulative sum a hair below u: the last class with
        // non-zero probability is the one the draw fell in.
        return last
    }

    private var isGreedy: Bool { greedy || temperature == 0 }

    private func validate(_ logits: [Double]) throws {
        guard !logits.isEmpty else { throw SamplingError.emptyLogits }
        guard temperature.isFinite && temperature >= 0 else { throw SamplingError.invalidTemperature(temperature) }
        if let k = topK, k < 1 { throw SamplingError.invalidTopK(k) }
        if let bad = logits.firstIndex(where: { !$0.isFinite }) { throw SamplingError.nonFinite(index: bad) }
    }

    private func argmax(_ z: [Double]) -> Int {
        var best = 0
        for i in z.indices where z[i] > z[best] { best = i }
        return best
    }

    /// The ids allowed to be drawn: all, or the top k by (logit descending, id ascending).
    private func candidates(_ z: [Double]) -> [Int] {
        guard let k = topK, k < z.count else { return Array(z.indices) }
        let order = z.indices.sorted { z[$0] != z[$1] ? z[$0] > z[$1] : $0 < $1 }
        return Array(order.prefix(k))
    }
}
