/// Next-token loss and accuracy at each position t = 1 … L of a window, summed over any
/// number of windows and streams: what `eval` keeps to show how accuracy grows with the
/// context a window has read (a window read from a fresh state sees t tokens at position t).
///
/// Index t − 1 holds position t. Positions with no scored target (a copy task's ignored
/// steps) count nothing. Summed scores may have different lengths: the shorter is read
/// as zeros past its end.
public struct PositionScores: Sendable, Equatable {
    /// Targets scored at each position.
    public private(set) var counts: [Int] = []
    /// Targets ranked first at each position.
    public private(set) var correct: [Int] = []
    /// Σ −log p(target) at each position, in nats.
    public private(set) var lossSums: [Double] = []

    public init() {}

    /// Space for `length` positions, all zero.
    public init(length: Int) {
        counts = [Int](repeating: 0, count: length)
        correct = counts
        lossSums = [Double](repeating: 0, count: length)
    }

    /// L: the positions recorded.
    public var length: Int { counts.count }

    /// Scores one target at `position` (0-based: t − 1), growing the record as needed.
    public mutating func add(position: Int, loss: Double, isCorrect: Bool) {
        if position >= counts.count { grow(to: position + 1) }
        counts[position] += 1
        lossSums[position] += loss
        if isCorrect { correct[position] += 1 }
    }

    private mutating func grow(to length: Int) {
        let extra = length - counts.count
        counts += [Int](repeating: 0, count: extra)
        correct += [Int](repeating: 0, count: extra)
        lossSums += [Double](repeating: 0, count: extra)
    }

    /// Accuracy at each position (NaN where nothing was scored).
    public var accuracy: [Double] {
        zip(correct, counts).map { c, n in n > 0 ? Double(c) / Double(n) : .nan }
    }

    /// Mean loss at each position (NaN where nothing was scored).
    public var meanLoss: [Double] {
        zip(lossSums, counts).map { s, n in n > 0 ? s / Double(n) : .nan }
    }

    public static func + (a: PositionScores, b: PositionScores) -> PositionScores {
        var r = a
        if b.length > r.length { r.grow(to: b.length) }
        for i in 0..<b.length {
            r.counts[i] += b.counts[i]
            r.correct[i] += b.correct[i]
            r.lossSums[i] += b.lossSums[i]
        }
        return r
    }
}
