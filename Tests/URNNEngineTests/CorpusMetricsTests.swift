import Foundation
import XCTest
@testable import URNNEngine

/// Next-token metrics and sampling against values computed by hand.
final class CorpusMetricsTests: XCTestCase {
    let tolerance = 1e-12

    func testCrossEntropyAccuracyPerplexityByHand() throws {
        // Column 0: logits 1, 2, 3, target 2: -log(e^3 / (e + e^2 + e^3)) = log(1 + e^-1 + e^-2).
        // Column 1: all zero, target 1: log 3; a three-way tie ranks the target second (miss).
        let logits = try Matrix(rowMajor: [[1, 0], [2, 0], [3, 0]])
        let expected = (log(1 + exp(-1.0) + exp(-2.0)) + log(3.0)) / 2
        var s = NextTokenScore()
        try s.add(logits: logits, targets: [2, 1])
        XCTAssertEqual(s.crossEntropy, expected, accuracy: tolerance)
        XCTAssertEqual(expected, 0.7531091, accuracy: 1e-7)
        XCTAssertEqual(s.accuracy, 0.5)
        XCTAssertEqual(s.top5Accuracy, 1.0)
        XCTAssertEqual(s.perplexity, exp(expected), accuracy: tolerance)
        XCTAssertEqual(s.bitsPerToken, expected / log(2.0), accuracy: tolerance)
        XCTAssertEqual(try Metrics.crossEntropy(logits: logits, targets: [2, 1]), expected, accuracy: tolerance)
        XCTAssertEqual(try Metrics.accuracy(logits: logits, targets: [2, 1]), 0.5)
        XCTAssertEqual(Metrics.bitsPerCharacter(crossEntropy: log(2.0)), 1, accuracy: tolerance)
    }

    func testLargeLogitsStayFinite() throws {
        let logits = try Matrix(rowMajor: [[1000, 1000], [0, 0]])
        XCTAssertEqual(try Metrics.crossEntropy(logits: logits.columns(0..<1), targets: [0]), 0, accuracy: tolerance)
        XCTAssertEqual(try Metrics.crossEntropy(logits: logits.columns(1..<2), targets: [1]), 1000, accuracy: 1e-9)
    }

    func testTopFiveAndTies() throws {
        let logits = Matrix(rows: 7, cols: 1) { i, _ in Double(7 - i) }
        XCTAssertEqual(try Metrics.top5Accuracy(logits: logits, targets: [4]), 1)
        XCTAssertEqual(try Metrics.top5Accuracy(logits: logits, targets: [5]), 0)
        // Constant logits: only class 0 ranks first, so accuracy over all classes is 1/V, not 1.
        let flat = Matrix(rows: 10, cols: 10)
        XCTAssertEqual(try Metrics.accuracy(logits: flat, targets: Array(0..<10)), 0.1)
        XCTAssertEqual(try Metrics.top5Accuracy(logits: flat, targets: Array(0..<10)), 0.5)
    }

    func testScoresAccumulate() throws {
        var g = SeededGenerator(seed: 5)
        let logits = Matrix.randomNormal(rows: 6, cols: 8, std: 3, using: &g)
        let targets = (0..<8).map { _ in g.int(below: 6) }
        var whole = NextTokenScore(), parts = NextTokenScore(), other = NextTokenScore()
        try whole.add(logits: logits, targets: targets)
        try parts.add(logits: logits.columns(0..<3), targets: Array(targets[0..<3]))
        try other.add(logits: logits.columns(3..<8), targets: Array(targets[3..<8]))
        parts.add(other)
        XCTAssertEqual(parts.count, 8)
        XCTAssertEqual(parts.top1Hits, whole.top1Hits)
        XCTAssertEqual(parts.crossEntropy, whole.crossEntropy, accuracy: 1e-12)
        XCTAssertTrue(NextTokenScore().crossEntropy.isNaN)
    }

    func testMetricErrors() throws {
        let logits = Matrix(rows: 3, cols: 2)
        XCTAssertThrowsError(try Metrics.crossEntropy(logits: logits, targets: [0])) {
            XCTAssertEqual($0 as? MetricsError, .countMismatch(columns: 2, targets: 1))
        }
        XCTAssertThrowsError(try Metrics.crossEntropy(logits: logits, targets: [0, 3])) {
            XCTAssertEqual($0 as? MetricsError, .targetOutOfRange(target: 3, position: 1, classes: 3))
        }
        var nan = logits
        nan[1, 1] = .nan
        XCTAssertThrowsError(try Metrics.crossEntropy(logits: nan, targets: [0, 0])) {
            XCTAssertEqual($0 as? MetricsError, .nonFinite(position: 1))
        }
    }

    func testSamplingDistributions() throws {
        let z = [0, log(2.0)]
        let p1 = try Sampler().distribution(z)
        XCTAssertEqual(p1[0], 1.0 / 3, accuracy: tolerance)
        let p2 = try Sampler(temperature: 0.5).distribution(z)
        XCTAssertEqual(p2[1], 0.8, accuracy: tolerance, "p ∝ (1, 4) at temperature 1/2")
        XCTAssertEqual(try Sampler(topK: 2).distribution([1, 3, 2]).map { $0 > 0 }, [false, true, true])
        XCTAssertEqual(try Sampler(topK: 1).distribution([1, 3, 3]), [0, 1, 0], "ties at the boundary: smaller id")
        var g = SeededGenerator(seed: 1)
        XCTAssertEqual(try Sampler(greedy: true).sample([0.5, 2, 2, -1], using: &g), 1)
        XCTAssertEqual(try Sampler(temperature: 0).sample([0.5, 2, 3, -1], using: &g), 2)
    }

    func testSamplingFrequenciesAndDeterminism() throws {
        let sampler = Sampler(temperature: 1)
        let z = [0, log(2.0), -30]
        var g = SeededGenerator(seed: 11)
        var counts = [0, 0, 0]
        let n = 20_000
        for _ in 0..<n { counts[try sampler.sample(z, using: &g)] += 1 }
        // Binomial standard deviation sqrt(n p (1-p)) ≈ 67 draws: 5 sigma is about 0.017 of n.
        XCTAssertEqual(Double(counts[1]) / Double(n), 2.0 / 3, accuracy: 0.017)
        XCTAssertEqual(counts[2], 0)
        var a = SeededGenerator(seed: 3), b = SeededGenerator(seed: 3)
        let sa = try (0..<50).map { _ in try sampler.sample(z, using: &a) }
        let sb = try (0..<50).map { _ in try sampler.sample(z, using: &b) }
        XCTAssertEqual(sa, sb)
    }

    func testSamplingErrors() {
        var g = SeededGenerator(seed: 1)
        XCTAssertThrowsError(try Sampler().sample([], using: &g)) { XCTAssertEqual($0 as? SamplingError, .emptyLogits) }
        XCTAssertThrowsError(try Sampler(temperature: -1).sample([1], using: &g)) {
            XCTAssertEqual($0 as? SamplingError, .invalidTemperature(-1))
        }
        XCTAssertThrowsError(try Sampler(topK: 0).sample([1], using: &g)) { XCTAssertEqual($0 as? SamplingError, .invalidTopK(0)) }
        XCTAssertThrowsError(try Sampler().sample([1, .infinity], using: &g)) {
            XCTAssertEqual($0 as? SamplingError, .nonFinite(index: 1))
        }
    }
}
