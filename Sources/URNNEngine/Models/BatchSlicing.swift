import Foundation

/// How many threads a forward/backward pass may split its batch over. Each part
/// runs single-threaded BLAS on its own columns and the gradients are summed: on
/// the small H x H x B products of a training step this gains far more than
/// OpenBLAS's own threading (docs/performance.md).
public enum Parallelism {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var threadsValue = Swift.min(2, Swift.max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// Threads per pass (default: up to 2, the cores this machine has).
    public static var threads: Int {
        get { lock.lock(); defer { lock.unlock() }; return threadsValue }
        set { lock.lock(); threadsValue = Swift.max(1, newValue); lock.unlock() }
    }

    /// Contiguous column ranges of a batch of `b`, one per thread, each at least
    /// `minimum` wide (a single range when the batch is small).
    static func partitions(_ b: Int, minimum: Int = 8) -> [Range<Int>] {
        let parts = Swift.max(1, Swift.min(threads, b / Swift.max(1, minimum)))
        return (0..<parts).map { p in (p * b / parts)..<((p + 1) * b / parts) }
    }

    /// Runs `body` for every index concurrently and returns the results in order.
    static func map<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
        if count == 1 { return [try body(0)] }
        let box = ResultBox<T>(count)
        // The parts touch disjoint data and the caller waits for all of them, so the
        // closure crosses threads safely although the compiler cannot prove it.
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                do { box.set(i, .success(try work.value(i))) } catch { box.set(i, .failure(error)) }
            }
        }
        return try box.values()
    }

    /// A batch's forward and backward split over the threads: `pass` runs on each part's
    /// sequences (with their range in the batch; one part when outputs are kept, so that
    /// they stay in order), concurrently. Each part computes its own gradients, which the
    /// caller sums; the loss is normalised by the whole batch's positions. Returns the
    /// parts' results and their summed losses.
    static func runParts<P>(_ batch: SequenceBatch, keepOutputs: Bool, summary: (P) -> LossSummary,
                            _ pass: (SequenceBatch, Range<Int>) throws -> P) throws -> (passes: [P], summary: LossSummary) {
        let parts = keepOutputs ? [0..<batch.batchSize] : partitions(batch.batchSize)
        let passes = try map(parts.count) { i in try pass(batch.slice(parts[i]), parts[i]) }
        return (passes, passes.reduce(LossSummary()) { $0 + summary($1) })
    }
}

/// A value handed to concurrent workers that touch disjoint data while the caller waits.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Results written by concurrent workers, each into its own slot.
private final class ResultBox<T>: @unchecked Sendable {
    private var slots: [Result<T, Error>?]
    private let lock = NSLock()
    init(_ n: Int) { slots = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ r: Result<T, Error>) { lock.lock(); slots[i] = r; lock.unlock() }
    func values() throws -> [T] { try slots.map { try $0!.get() } }
}

extension SequenceBatch {
    /// The sequences `range` of the batch.
    func slice(_ range: Range<Int>) -> SequenceBatch {
        if range.count == batchSize { return self }
        let input: SequenceInput
        switch self.input {
        case .symbols(let s): input = .symbols(s.map { Array($0[range]) })
        case .dense(let d): input = .dense(d.map { $0.columns(range) })
        }
        let target: SequenceTarget
        switch self.target {
        case .symbols(let s): target = .symbols(s.map { Array($0[range]) })
        case .lastStep(let y): target = .lastStep(y.columns(range))
        }
        return SequenceBatch(input: input, target: target)
    }

    /// The number of positions that carry a loss: the normaliser of the mean loss.
    var lossPositions: Int {
        switch target {
        case .symbols(let s): return s.reduce(0) { $0 + $1.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
        case .lastStep(let y): return y.cols
        }
    }
}

extension DenseMatrix {
    /// Matrices with the same number of rows, side by side.
    static func concatenatingColumns(_ parts: [DenseMatrix]) -> DenseMatrix {
        guard let first = parts.first else { return DenseMatrix(rows: 0, cols: 0) }
        if parts.count == 1 { return first }
        var elements: [Scalar] = []
        elements.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for p in parts { elements.append(contentsOf: p.elements) }
        return DenseMatrix(rows: first.rows, cols: parts.reduce(0) { $0 + $1.cols }, elements: elements)
    }
}

/// The element-wise sum of the parts' arrays (equal lengths), in part order: the
/// gradient of a batch from the gradients of the parts a pass split it into.
func summed(_ parts: [[Double]]) -> [Double] {
    guard var total = parts.first else { return [] }
    for p in parts.dropFirst() { add(&total, p) }
    return total
}

/// ∂L/∂h_t += the read-out's ∂L/∂f_t (`count` values), in the backward pass of a cell;
/// returns ‖∂L/∂h_t‖² when `measure` (for the gradient-flow record), else 0.
@inline(__always)
func addReadOutGradient(_ dh: UnsafeMutablePointer<Double>, _ features: UnsafePointer<Double>, count: Int,
                        measure: Bool) -> Double {
    for k in 0..<count { dh[k] += features[k] }
    guard measure else { return 0 }
    var squares = 0.0
    for k in 0..<count { squares += dh[k] * dh[k] }
    return squares
}

/// a += b elementwise (equal lengths).
func add(_ a: inout [Double], _ b: [Double]) {
    a.withUnsafeMutableBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            for k in 0..<pa.count { pa[k] += pb[k] }
        }
    }
}
