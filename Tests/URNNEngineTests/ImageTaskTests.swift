import Foundation
import XCTest
@testable import URNNEngine

/// Image sequences: the three orders, the fixed permutation, the splits, the epoch
/// source, and the gradient of the last-step classification loss.
final class ImageTaskTests: XCTestCase {
    private func task(_ order: ImageTask.Order, train: Int = 12, valid: Int = 4, seed: UInt64 = ImageTask.defaultPermutationSeed,
                      rows: Int = 3, columns: Int = 4) throws -> (ImageTask, URL) {
        let dir = try IDXFixture.directory(train: train, test: 6, rows: rows, columns: columns)
        return (try ImageTask(data: try IDXDataSet.load(directory: dir.path), order: order, permutationSeed: seed,
                              validCount: valid), dir)
    }

    /// Pixel (k, p) of the fixture is (7k + 3p) mod 256, its label k mod 10.
    private func pixel(_ k: Int, _ p: Int) -> Double { Double((7 * k + 3 * p) % 256) / 255 }

    func testOrdersReadTheImageAsDocumented() throws {
        for order in ImageTask.Order.allCases {
            let (t, dir) = try task(order)
            defer { try? FileManager.default.removeItem(at: dir) }
            let b = try t.batch(.train, indices: [2, 5])
            guard case .dense(let x) = b.input, case .lastStepClasses(let y) = b.target else {
                return XCTFail("\(order): an image batch is dense inputs with last-step classes")
            }
            XCTAssertEqual(y, [2, 5])
            switch order {
            case .row:
                XCTAssertEqual([t.steps, t.inputSize, x.count], [3, 4, 3])
                XCTAssertEqual(x[1][2, 1], pixel(5, 1 * 4 + 2))
            case .pixel:
                XCTAssertEqual([t.steps, t.inputSize, x.count], [12, 1, 12])
                XCTAssertEqual(t.permutation, Array(0..<12))
                XCTAssertEqual(x[7][0, 0], pixel(2, 7))
            case .permuted:
                XCTAssertEqual([t.steps, t.inputSize], [12, 1])
                for step in 0..<12 { XCTAssertEqual(x[step][0, 1], pixel(5, t.permutation[step])) }
            }
            XCTAssertTrue(x.allSatisfy { $0.elements.allSatisfy { (0...1).contains($0) } })
        }
    }

    func testPermutationIsFixedByItsSeed() throws {
        let a = ImageTask.permutation(pixels: 784, seed: 2015)
        XCTAssertEqual(a.sorted(), Array(0..<784), "a permutation of the pixels")
        XCTAssertEqual(a, ImageTask.permutation(pixels: 784, seed: 2015), "the same seed gives the same order")
        XCTAssertNotEqual(a, ImageTask.permutation(pixels: 784, seed: 2016), "another seed gives another order")
        XCTAssertGreaterThan(zip(a, 0..<784).filter { $0 != $1 }.count, 700, "far from the identity")
        let (t, dir) = try task(.permuted, seed: 7)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(t.permutation, ImageTask.permutation(pixels: 12, seed: 7))
    }

    func testSplitsHoldOutTheLastTrainingImages() throws {
        let (t, dir) = try task(.row, train: 12, valid: 4)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual([t.size(of: .train), t.size(of: .valid), t.size(of: .test)], [8, 4, 6])
        let valid = try t.batches(.valid, batchSize: 3)
        XCTAssertEqual(valid.map(\.batchSize), [3, 1])
        guard case .lastStepClasses(let y) = valid[0].target, case .dense(let x) = valid[0].input else { return XCTFail() }
        XCTAssertEqual(y, [8, 9, 0], "valid image k is training image 8 + k")
        XCTAssertEqual(x[0][0, 0], pixel(8, 0))
        XCTAssertThrowsError(try t.batch(.train, indices: [8]))
        XCTAssertThrowsError(try ImageTask(data: t.data, order: .row, validCount: 12)) { error in
            XCTAssertTrue("\(error)".contains("valid=12 leaves no training image"), "\(error)")
        }
        // test=N scores the first N test images; outside 1...6 is refused.
        let firstTwo = try ImageTask(data: t.data, order: .row, validCount: 4, testCount: 2)
        XCTAssertEqual(firstTwo.size(of: .test), 2)
        XCTAssertEqual(try firstTwo.batches(.test, batchSize: 5).map(\.batchSize), [2])
        XCTAssertThrowsError(try firstTwo.batch(.test, indices: [2]))
        for n in [0, 7] {
            XCTAssertThrowsError(try ImageTask(data: t.data, order: .row, validCount: 4, testCount: n)) { error in
                XCTAssertTrue("\(error)".contains("test=\(n) is outside 1..6"), "\(error)")
            }
        }
        // The fixture's 8 training labels 0..7 are balanced: the baseline is log 8.
        XCTAssertEqual(t.baseline, Foundation.log(8.0), accuracy: 1e-12)
    }

    func testEpochsVisitEveryTrainingImageOnceInFullBatches() throws {
        let (t, dir) = try task(.row, train: 12, valid: 2)
        defer { try? FileManager.default.removeItem(at: dir) }
        var source = try Dataset.images(t).trainingSource(batchSize: 3, length: 0, carry: false, seed: 5)
        XCTAssertEqual(source.batchesPerEpoch, 3)
        var g = SeededGenerator(seed: 1)
        var seen: [[Int]] = []
        for epoch in 0..<2 {
            var labels: [Int] = []
            while let (b, carry) = try source.next(using: &g) {
                XCTAssertFalse(carry)
                guard case .lastStepClasses(let y) = b.target else { return XCTFail() }
                XCTAssertEqual(y.count, 3)
                labels += y
            }
            XCTAssertEqual(labels.count, 9, "epoch \(epoch): three full batches of the 10 training images")
            XCTAssertEqual(Set(labels).count, 9, "no image twice in an epoch")
            seen.append(labels)
            source.rewind()
        }
        XCTAssertNotEqual(seen[0], seen[1], "each epoch has its own order")
        XCTAssertThrowsError(try Dataset.images(t).trainingSource(batchSize: 11, length: 0, carry: false, seed: 5)) { error in
            XCTAssertTrue("\(error)".contains("batch=11 is larger than the training split of 10 images"), "\(error)")
        }
    }

    /// The last-step cross-entropy's gradient against central differences, for every
    /// model family (the read-out's gradient reaches the recurrence through the last
    /// state only). Tolerance as the other gradient checks: 1e-6 relative.
    func testLastStepClassificationGradient() throws {
        var g = SeededGenerator(seed: 3)
        let steps = 6, batch = 3, inputs = 2, classes = 4
        let x = (0..<steps).map { _ in Matrix.randomNormal(rows: inputs, cols: batch, using: &g) }
        let b = SequenceBatch(input: .dense(x), target: .lastStepClasses([1, 3, 0]))
        let configs: [(String, ModelConfig)] = [
            ("rnn", ModelConfig(kind: .rnn, hidden: 5, inputSize: inputs, symbolInputs: false, outputSize: classes, seed: 1)),
            ("lstm", ModelConfig(kind: .lstm, hidden: 4, inputSize: inputs, symbolInputs: false, outputSize: classes, seed: 2)),
            ("gru", ModelConfig(kind: .gru, hidden: 4, inputSize: inputs, symbolInputs: false, outputSize: classes, seed: 3)),
            ("urnn", ModelConfig(kind: .urnn, hidden: 4, inputSize: inputs, symbolInputs: false, outputSize: classes,
                                 activation: .tanh, rule: .exact, generatorInit: .random, seed: 4)),
            ("urnn complex", ModelConfig(kind: .urnn, hidden: 3, inputSize: inputs, symbolInputs: false, outputSize: classes,
                                         activation: .tanh, rule: .exact, field: .complex, generatorInit: .random, seed: 5)),
            ("arjovsky", ModelConfig(kind: .urnn, hidden: 4, inputSize: inputs, symbolInputs: false, outputSize: classes,
                                     activation: .tanh, rule: .exact, field: .complex, structure: .arjovsky, seed: 6)),
        ]
        for (name, cfg) in configs {
            let model = try makeModel(cfg)
            let run = try model.run(b, state: nil, options: RunOptions(backward: false))
            XCTAssertEqual(run.summary.count, batch, "\(name): one loss per sequence")
            assertGradientsMatch(try finiteDifferenceErrors(model, b), "\(name) last-step classes")
        }
    }

    /// The loss is the cross-entropy of the last step's outputs alone: the same as a
    /// per-step target that counts only the last step.
    func testLastStepClassesEqualSymbolTargetsAtTheLastStepOnly() throws {
        var g = SeededGenerator(seed: 8)
        let x = (0..<5).map { _ in Matrix.randomNormal(rows: 2, cols: 4, using: &g) }
        let labels = [2, 0, 1, 2]
        let masked = (0..<5).map { t in t == 4 ? labels : [-1, -1, -1, -1] }
        let model = try makeModel(ModelConfig(kind: .rnn, hidden: 6, inputSize: 2, symbolInputs: false, outputSize: 3, seed: 9))
        let a = try model.run(SequenceBatch(input: .dense(x), target: .lastStepClasses(labels)), state: nil,
                              options: RunOptions(backward: true))
        let ga = model.parameters.map(\.gradient)
        let b = try model.run(SequenceBatch(input: .dense(x), target: .symbols(masked)), state: nil,
                              options: RunOptions(backward: true))
        let gb = model.parameters.map(\.gradient)
        XCTAssertEqual(a.summary.lossSum, b.summary.lossSum, accuracy: 1e-12)
        XCTAssertEqual(a.summary.correct, b.summary.correct)
        XCTAssertEqual(a.summary.count, 4)
        for (p, q) in zip(ga, gb) { for (u, v) in zip(p, q) { XCTAssertEqual(u, v, accuracy: 1e-12) } }
    }
}
