import Foundation

/// How many threads a forward/backward pass may split its batch over. Each part
/// runs single-threaded BLAS on its own columns and the gradients are summed: on
/// the small H x H x B products of a training step this gains far more than
/// OpenBLAS's own threading (docs/performance.md).
///
/// The number of threads is a value a model holds (`RecurrentModel.threads`), which the
/// session sets from its own setting; this type holds no setting of its own.
public enum Parallelism {
    /// The threads a model starts with: the cores this machine has, at most 2.
    public static let defaultThreads = Swift.min(2, Swift.max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// Contiguous column ranges of a batch of `b`, one per thread (at most `threads`),
    /// each at least `minimum` wide (a single range when the batch is small).
    static func partitions(_ b: Int, threads: Int, minimum: Int = 8) -> [Range<Int>] {
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

    /// A batch's forward and backward split over `threads` threads: `pass` runs on each part's
    /// sequences (with their range in the batch; one part when outputs are kept, so that
    /// they stay in order), concurrently. Each part computes its own gradients, which the
    /// caller sums; the loss is normalised by the whole batch's positions. Returns the
    /// parts' results and their summed losses.
    static func runParts<P>(_ batch: SequenceBatch, threads: Int, keepOutputs: Bool, summary: (P) -> LossSummary,
                            _ pass: (SequenceBatch, Range<Int>) throws -> P) throws -> (passes: [P], summary: LossSummary) {
        let parts = keepOutputs ? [0..<batch.batchSize] : partitions(batch.batchSize, threads: threads)
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
