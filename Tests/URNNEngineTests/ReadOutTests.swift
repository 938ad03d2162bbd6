import Foundation
import XCTest
@testable import URNNEngine

/// The output layer over a vocabulary: blocked products equal one product, and the
/// language-model loss passes finite-difference checks.
final class ReadOutTests: XCTestCase {
    func testBlockedReadOutEqualsOneBlock() throws {
        var g = SeededGenerator(seed: 5)
        let k = 50, d = 6, steps = 8, b = 5
        let v = Parameter(name: "V", matrix: Matrix.randomNormal(rows: k, cols: d, using: &g))
        let c = Parameter(name: "c", rows: k, cols: 1, value: (0..<k).map { _ in g.normal() })
        let f = Matrix.randomNormal(rows: d, cols: steps * b, using: &g)
        let targets = (0..<steps).map { t in (0..<b).map { s in (t + s) % 7 == 0 ? -1 : g.int(below: k) } }
        var whole = ReadOut(weights: v, bias: c)
        var blocked = ReadOut(weights: v, bias: c)
        blocked.blockElements = 3 * k  // three columns a block, 14 blocks
        whole.blockElements = 1 << 22
        let a = try whole.loss(features: f, steps: steps, batch: b, target: .symbols(targets), backward: true)
        let r = try blocked.loss(features: f, steps: steps, batch: b, target: .symbols(targets), backward: true)
        XCTAssertEqual(a.summary.count, r.summary.count)
        XCTAssertEqual(a.summary.correct, r.summary.correct)
        XCTAssertEqual(a.summary.top5Correct, r.summary.top5Correct)
        XCTAssertEqual(a.summary.lossSum, r.summary.lossSum, accuracy: 1e-12 * abs(a.summary.lossSum))
        XCTAssertLessThan((a.featureGradient! - r.featureGradient!).frobeniusNorm, 1e-14)
        for (x, y) in zip(a.weightGradient + a.biasGradient, r.weightGradient + r.biasGradient) {
            XCTAssertEqual(x, y, accuracy: 1e-14)
        }
    }

    /// The loss, top-1/top-5 counts and ∂L/∂F against a plain scalar softmax, for
    /// vocabularies below, at and around the eight-lane width of the vectorised loops.
    func testCrossEntropyAgainstScalarReference() throws {
        var g = SeededGenerator(seed: 6)
        for k in [3, 8, 13, 50] {
            let d = 4, steps = 3, b = 4, n = steps * b
            let v = Matrix.randomNormal(rows: k, cols: d, std: 2, using: &g)
            let c = (0..<k).map { _ in g.normal() }
            let f = Matrix.randomNormal(rows: d, cols: n, using: &g)
            let targets = (0..<steps).map { t in (0..<b).map { s in t == 1 && s == 0 ? -1 : g.int(below: k) } }
            let readOut = ReadOut(weights: Parameter(name: "V", matrix: v), bias: Parameter(name: "c", rows: k, cols: 1, value: c))
            let r = try readOut.loss(features: f, steps: steps, batch: b, target: .symbols(targets), backward: true)

            var loss = 0.0, correct = 0, top5 = 0, counted = 0
            var dLogits = Matrix(rows: k, cols: n)
            let logits = v * f
            for j in 0..<n {
                let target = targets[j / b][j % b]
                guard target >= 0 else { continue }
                counted += 1
                let z = (0..<k).map { logits[$0, j] + c[$0] }
                let mx = z.max()!
                let e = z.map { Foundation.exp($0 - mx) }
                let sum = e.reduce(0, +)
                loss += Foundation.log(sum) + mx - z[target]
                let above = z.filter { $0 > z[target] }.count
                if above == 0 { correct += 1 }
                if above < 5 { top5 += 1 }
                for i in 0..<k { dLogits[i, j] = (e[i] / sum - (i == target ? 1 : 0)) }
            }
            dLogits = dLogits * (1 / Double(counted))
            XCTAssertEqual(r.summary.count, counted, "k=\(k)")
            XCTAssertEqual(r.summary.correct, correct, "k=\(k)")
            XCTAssertEqual(r.summary.top5Correct, top5, "k=\(k)")
            XCTAssertEqual(r.summary.lossSum, loss, accuracy: 1e-13 * abs(loss), "k=\(k)")
            let expected = DenseMatrix.product(v, .transpose, dLogits, .none)
            XCTAssertLessThan((r.featureGradient! - expected).frobeniusNorm, 1e-14 * Swift.max(1, expected.frobeniusNorm), "k=\(k)")
        }
    }

    /// Blocks chosen by the size of the features (when F is large) give the same result
    /// as one block.
    func testFeatureBlocksEqualOneBlock() throws {
        var g = SeededGenerator(seed: 7)
        let k = 9, d = 16, steps = 20, b = 8
        let v = Parameter(name: "V", matrix: Matrix.randomNormal(rows: k, cols: d, using: &g))
        let c = Parameter(name: "c", rows: k, cols: 1, value: (0..<k).map { _ in g.normal() })
        let f = Matrix.randomNormal(rows: d, cols: steps * b, using: &g)
        let targets = (0..<steps).map { _ in (0..<b).map { _ in g.int(below: k) } }
        let whole = ReadOut(weights: v, bias: c)
        var blocked = ReadOut(weights: v, bias: c)
        blocked.cachedFeatureElements = 0
        blocked.featureBlockElements = 64 * d  // 64 columns a block (the minimum), 3 blocks
        XCTAssertEqual(blocked.blockColumns(total: steps * b), 64)
        let a = try whole.loss(features: f, steps: steps, batch: b, target: .symbols(targets), backward: true)
        let r = try blocked.loss(features: f, steps: steps, batch: b, target: .symbols(targets), backward: true)
        XCTAssertEqual(a.summary.correct, r.summary.correct)
        XCTAssertEqual(a.summary.lossSum, r.summary.lossSum, accuracy: 1e-12 * abs(a.summary.lossSum))
        XCTAssertLessThan((a.featureGradient! - r.featureGradient!).frobeniusNorm, 1e-14)
        for (x, y) in zip(a.weightGradient + a.biasGradient, r.weightGradient + r.biasGradient) {
            XCTAssertEqual(x, y, accuracy: 1e-13)
        }
    }

    func testLanguageModelLossGradients() throws {
        // A tiny corpus-like window: tokens in, next tokens out, over a vocabulary of 40.
        let text = "the lord said unto moses , go in unto pharaoh and say unto him , thus saith the lord .\n"
        let corpus = try Corpus(text: String(repeating: text, count: 12), name: "t",
                                options: CorpusOptions(split: SplitFractions(train: 0.8, valid: 0.1, test: 0.1)))
        let window = try corpus.batcher(.train, batchSize: 3, length: 6, carry: true, seed: 1).window(0)
        for kind in [ModelConfig.Kind.rnn, .urnn, .lstm] {
            let config = ModelConfig(kind: kind, hidden: 5, inputSize: corpus.vocabulary.count, symbolInputs: true,
                                     outputSize: corpus.vocabulary.count, seed: 3)
            let model = try makeModel(config)
            if let p = model.parameters.first(where: { $0.name == "b_mod" }) { p.value = p.value.map { _ in 0.1 } }
            assertGradientsMatch(try finiteDifferenceErrors(model, window.sequenceBatch), "LM loss, \(kind)")
        }
    }
}
