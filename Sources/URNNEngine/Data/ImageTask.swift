import Foundation

/// Sequence classification of images (Le et al. 2015; Arjovsky et al. 2016): an image
/// is read as a sequence, and its class is read out after the last step only.
///
/// Orders, for R x C images (28 x 28 for MNIST): `pixel`, R·C steps of one pixel in
/// row-major order; `row`, R steps of the C pixels of a row; `permuted`, R·C steps of
/// one pixel in a fixed order drawn from `permutationSeed` (the same permutation for
/// every image, every run and every machine). Pixels are scaled to [0, 1] (byte / 255).
///
/// Splits: the last `validCount` training images are held out as the validation split
/// (the training files of MNIST and Fashion-MNIST are already in random order); the
/// rest is the training split; the test files are the test split (or their first
/// `testCount` images, for a cheaper score of a short budget).
public struct ImageTask: Sendable {
    /// How an image becomes a sequence.
    public enum Order: String, Sendable, CaseIterable {
        case pixel, row, permuted
    }

    /// The three parts of the data.
    public enum Split: String, Sendable {
        case train, valid, test
    }

    /// `permute_seed` when none is given.
    public static let defaultPermutationSeed: UInt64 = 2015
    /// `valid` when none is given.
    public static let defaultValidCount = 5000

    public let data: IDXDataSet
    public let order: Order
    public let permutationSeed: UInt64
    public let validCount: Int
    /// The test images scored: the first `testCount` of the test files.
    public let testCount: Int
    /// permutation[t]: the pixel (row-major index) read at step t of `pixel` and `permuted`.
    public let permutation: [Int]

    public init(data: IDXDataSet, order: Order, permutationSeed: UInt64 = ImageTask.defaultPermutationSeed,
                validCount: Int = ImageTask.defaultValidCount, testCount: Int? = nil) throws {
        guard validCount >= 0, validCount < data.train.count else {
            throw IDXError.validTooLarge(valid: validCount, trainImages: data.train.count, path: data.train.imagePath)
        }
        let testCount = testCount ?? data.test.count
        guard testCount >= 1, testCount <= data.test.count else {
            throw IDXError.testOutOfRange(test: testCount, testImages: data.test.count, path: data.test.imagePath)
        }
        self.testCount = testCount
        self.data = data
        self.order = order
        self.permutationSeed = permutationSeed
        self.validCount = validCount
        let pixels = data.train.pixelsPerImage
        permutation = order == .permuted ? ImageTask.permutation(pixels: pixels, seed: permutationSeed) : Array(0..<pixels)
    }

    /// The fixed pixel order of `permuted`: a uniform permutation of 0 ..< pixels
    /// (Fisher-Yates on xoshiro256** seeded with `seed`).
    public static func permutation(pixels: Int, seed: UInt64) -> [Int] {
        var g = SeededGenerator(seed: seed)
        return g.permutation(pixels)
    }

    /// T, the steps of one sequence.
    public var steps: Int { order == .row ? data.train.rows : data.train.pixelsPerImage }
    /// I, the inputs of one step.
    public var inputSize: Int { order == .row ? data.train.columns : 1 }
    /// K, the classes.
    public var classes: Int { data.classes }

    /// Images in `split`.
    public func size(of split: Split) -> Int {
        switch split {
        case .train: return data.train.count - validCount
        case .valid: return validCount
        case .test: return testCount
        }
    }

    /// The cross-entropy of the best constant guess: the entropy (nats) of the training
    /// split's class frequencies (log K for balanced classes: log 10 ≈ 2.303).
    public var baseline: Double {
        var counts = [Int](repeating: 0, count: classes)
        for label in data.train.labels[0..<size(of: .train)] { counts[Int(label)] += 1 }
        let n = Double(size(of: .train))
        return counts.reduce(0.0) { $1 == 0 ? $0 : $0 - Double($1) / n * Foundation.log(Double($1) / n) }
    }

    /// The images `indices` of `split` as one batch: T matrices I x B of pixels in
    /// [0, 1], and the B classes read out after the last step.
    public func batch(_ split: Split, indices: [Int]) throws -> SequenceBatch {
        try checkIndices(indices, task: "image task", set: split == .test ? .test : .train, size: size(of: split))
        let set = split == .test ? data.test : data.train
        let first = split == .valid ? size(of: .train) : 0
        let b = indices.count, t = steps, i = inputSize, p = set.pixelsPerImage
        var inputs = [Matrix](repeating: Matrix(rows: i, cols: b), count: t)
        var labels = [Int](repeating: 0, count: b)
        set.pixels.withUnsafeBufferPointer { px in
            for (column, index) in indices.enumerated() {
                let image = (first + index) * p
                labels[column] = Int(set.labels[first + index])
                if order == .row {
                    for step in 0..<t {
                        for k in 0..<i { inputs[step][k, column] = Double(px[image + step * i + k]) / 255 }
                    }
                } else {
                    for step in 0..<t { inputs[step][0, column] = Double(px[image + permutation[step]]) / 255 }
                }
            }
        }
        return SequenceBatch(input: .dense(inputs), target: .lastStepClasses(labels))
    }

    /// The order of the training split's images in epoch `epoch` (a seeded shuffle, so a
    /// run resumed at an epoch sees the same order).
    public func trainingOrder(epoch: Int, seed: UInt64) -> [Int] {
        var g = SeededGenerator(seed: DerivedSeed.make(seed, stream: 21, index: UInt64(truncatingIfNeeded: epoch)))
        return g.permutation(size(of: .train))
    }

    /// Bytes of `examples` sequences as `batch` builds them: T·I pixels and a label each, 8 bytes a value.
    public func batchBytes(examples: Int) -> Int? {
        ByteCount.product(8, examples, ByteCount.sum(ByteCount.product(steps, inputSize), 1) ?? -1)
    }

    /// The whole of `split` in order, in batches of `batchSize` (the last may be smaller).
    /// Its size is checked against `budget` before anything is built.
    public func batches(_ split: Split, batchSize: Int, budget: MemoryBudget = .system,
                        isCancelled: () -> Bool = { false }) throws -> [SequenceBatch] {
        try budget.check(batchBytes(examples: size(of: split)),
                         for: "the \(split.rawValue) split of \(size(of: split)) images as sequences of \(steps) steps")
        return try batchIndices(size: size(of: split), batchSize: batchSize, task: "image task").map {
            if isCancelled() { throw SyntheticTaskError.cancelled(task: "image task") }
            return try batch(split, indices: $0)
        }
    }
}
