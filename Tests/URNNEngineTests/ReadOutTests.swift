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
