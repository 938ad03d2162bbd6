/// Cuts a token stream into windows for next-token training, the classic
/// language-model layout (Zaremba et al. 2014):
///
/// - the n tokens are cut into B contiguous streams of S = n / B tokens each (the
///   last n mod B tokens are dropped); stream b is `tokens[b*S ..< (b+1)*S]`;
/// - each stream is read in W = (S - 1) / L windows of L steps; window k gives
///   `inputs[t][b] = stream_b[k*L + t]` and `targets[t][b] = stream_b[k*L + t + 1]`,
///   so every target is the token after its input (a window needs L + 1 tokens of
///   each stream, and the remainder at the end of each stream is dropped);
/// - `carry = true` (stateful): windows are visited in text order and every window
///   but the first of an epoch continues the previous one, so the model keeps its
///   hidden state across windows; the order never changes, since shuffling would
///   break the streams;
/// - `carry = false`: every window starts from a fresh state, and the window order
///   of each epoch is a permutation drawn from (`seed`, epoch).
///
/// A seed fixes everything; the order of any epoch can be produced directly, so a
/// run resumed at epoch e sees the same windows as one that never stopped.
public struct LanguageModelBatcher: Sendable {
    /// B, the number of parallel streams.
    public let batchSize: Int
    /// L, the steps per window (the input length).
    public let length: Int
    /// Whether hidden state is carried from one window to the next.
    public let carry: Bool
    /// Whether window order is shuffled per epoch (only without `carry`).
    public let shuffled: Bool
    public let seed: UInt64
    /// What the tokens are, for messages ("kjv.txt (train split)").
    public let source: String
    /// S, the tokens of each stream.
    public let streamLength: Int
    /// W, the windows in one epoch.
    public let windowCount: Int
    private let tokens: [Int32]

    /// A training batcher: stateful and in order with `carry`, else shuffled by `seed`.
    public init(tokens: [Int32], batchSize: Int, length: Int, carry: Bool = true, seed: UInt64 = 0,
                source: String = "token stream") throws {
        try self.init(tokens: tokens, batchSize: batchSize, length: length, carry: carry,
                      shuffled: !carry, seed: seed, source: source)
    }

    /// An evaluation batcher: windows of `length` steps in text order, never
    /// shuffled. With `carry = false` (the default) each window starts from a fresh
    /// state, so the model sees at most `length` tokens of context: this is the
    /// "accuracy at input length L" of the seed's table.
    public static func evaluation(tokens: [Int32], batchSize: Int, length: Int, carry: Bool = false,
                                  source: String = "token stream") throws -> LanguageModelBatcher {
        try LanguageModelBatcher(tokens: tokens, batchSize: batchSize, length: length, carry: carry,
                                 shuffled: false, seed: 0, source: source)
    }

    private init(tokens: [Int32], batchSize: Int, length: Int, carry: Bool, shuffled: Bool, seed: UInt64,
                 source: String) throws {
        guard batchSize >= 1, length >= 1 else {
            throw CorpusError.invalidBatchShape(batchSize: batchSize, length: length)
        }
        let (needed, overflow) = batchSize.multipliedReportingOverflow(by: length + 1)
        guard !overflow, tokens.count >= needed else {
            throw CorpusError.sequenceTooLong(length: length, batchSize: batchSize,
                                              needed: overflow ? Int.max : needed,
                                              available: tokens.count, source: source)
        }
        self.tokens = tokens
        self.batchSize = batchSize
        self.length = length
        self.carry = carry
        self.shuffled = shuffled
        self.seed = seed
        self.source = source
        self.streamLength = tokens.count / batchSize
        self.windowCount = (streamLength - 1) / length
    }

    /// Predictions per epoch: W x L x B.
    public var targetsPerEpoch: Int { windowCount * length * batchSize }

    /// The window indices of epoch `epoch` in visiting order.
    public func order(epoch: Int) -> [Int] {
        guard shuffled else { return Array(0..<windowCount) }
        var g = SeededGenerator(seed: DerivedSeed.make(seed, stream: 1, index: UInt64(truncatingIfNeeded: epoch)))
        return g.permutation(windowCount)
    }

    /// Window `k` (0 ..< W, in text order). It carries state when `carry` is on and
    /// it is not the first window.
    public func window(_ k: Int) -> TokenWindow {
        precondition(k >= 0 && k < windowCount, "window index out of range")
        var inputs = [[Int]](repeating: [], count: length)
        var targets = [[Int]](repeating: [], count: length)
        tokens.withUnsafeBufferPointer { p in
            for t in 0..<length {
                var x = [Int](repeating: 0, count: batchSize)
                var y = [Int](repeating: 0, count: batchSize)
                let offset = k * length + t
                for b in 0..<batchSize {
                    let i = b * streamLength + offset
                    x[b] = Int(p[i])
                    y[b] = Int(p[i + 1])
                }
                inputs[t] = x
                targets[t] = y
            }
        }
        return TokenWindow(inputs: inputs, targets: targets, carriesState: carry && k > 0)
    }

    /// The windows of epoch `epoch`, produced one at a time in visiting order.
    public func windows(epoch: Int) -> LazyMapSequence<[Int], TokenWindow> {
        order(epoch: epoch).lazy.map { window($0) }
    }
}
