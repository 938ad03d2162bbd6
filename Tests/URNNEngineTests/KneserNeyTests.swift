import XCTest
@testable import URNNEngine

/// Interpolated Kneser–Ney against probabilities computed by hand on a 10-token corpus, and
/// its identities (a distribution over the vocabulary for every context and order, every
/// word possible), and its evaluation against the recurrent models' windows and metrics.
final class KneserNeyTests: XCTestCase {
    /// Exact fractions go through a few divisions and sums: a few ulps.
    static let tolerance = 1e-14

    /// The hand-computed corpus, ids a = 0, b = 1, c = 2, d = 3, e = 4 (e never occurs), V = 5:
    ///
    ///     a b a c a b b a c d
    ///
    /// Unigrams (raw): a 4, b 3, c 2, d 1; total 10; n1 = 1 (d), n2 = 1 (c):
    ///     D1 = 1 / (1 + 2) = 1/3; 4 types, so the uniform weight is (1/3)(4/10) = 2/15 and
    ///     P1(w) = (c(w) − 1/3)/10 + (2/15)(1/5):
    ///     a 59/150, b 44/150, c 29/150, d 14/150, e 4/150 (sum 150/150).
    /// Bigrams (raw): ab 2, ba 2, ac 2, ca 1, bb 1, cd 1; n1 = 3, n2 = 3: D2 = 3/9 = 1/3.
    /// Continuation unigrams N1+(• w): a 2 (b, c before it), b 2 (a, b), c 1 (a), d 1 (c),
    ///     e 0; total 6; n1 = 2, n2 = 2: D = 2/6 = 1/3; uniform weight (1/3)(4/6) = 2/9:
    ///     P1c(w) = (N(w) − 1/3)/6 + (2/9)(1/5): a 29/90, b 29/90, c 14/90, d 14/90, e 4/90.
    /// Bigram model, context a (followers b 2, c 2; total 4; 2 distinct; γ = (1/3)(2/4) = 1/6):
    ///     P2(b|a) = (2 − 1/3)/4 + (1/6)(29/90) = 225/540 + 29/540 = 254/540
    ///     P2(c|a) = 225/540 + (1/6)(14/90) = 239/540
    ///     P2(a|a) = (1/6)(29/90) = 29/540,  P2(e|a) = (1/6)(4/90) = 4/540
    /// context b (followers a 2, b 1; total 3; γ = (1/3)(2/3) = 2/9):
    ///     P2(a|b) = (5/3)/3 + (2/9)(29/90) = 450/810 + 58/810 = 508/810
    ///     P2(b|b) = (2/3)/3 + (2/9)(29/90) = 238/810,  P2(e|b) = (2/9)(4/90) = 8/810
    /// context d (never followed by anything): γ = 1, P2(a|d) = P1c(a) = 29/90.
    /// Trigrams (raw): aba, bac 2, aca, cab, abb, bba, acd; 7 types; n1 = 6, n2 = 1: D3 = 6/8 = 3/4.
    /// Continuation bigrams N1+(• v w), from the trigram types: ba 2 (a, b), ac 1, ca 1, ab 1,
    ///     bb 1, cd 1; n1 = 5, n2 = 1: D = 5/7. Context b (ba 2, bb 1; total 3; γ = (5/7)(2/3) = 10/21):
    ///     P2c(a|b) = (2 − 5/7)/3 + (10/21)(29/90) = 810/1890 + 290/1890 = 1100/1890
    ///     P2c(b|b) = (1 − 5/7)/3 + (10/21)(29/90) = 470/1890,  P2c(c|b) = (10/21)(14/90) = 140/1890
    /// Trigram model, context a b (followers a 1, b 1; total 2; γ = (3/4)(2/2) = 3/4):
    ///     P3(a|ab) = (1 − 3/4)/2 + (3/4)(1100/1890) = 1/8 + 55/126 = 283/504
    ///     P3(b|ab) = 1/8 + (3/4)(470/1890) = 157/504
    ///     P3(c|ab) = (3/4)(140/1890) = 1/18,  P3(e|ab) = (3/4)(10/21)(4/90) = 1/63
    ///     (with d, also 1/18: 283 + 157 + 28 + 28 + 8 = 504.)
    /// context c d (never seen as a trigram context, and d never as a bigram one): P3(a|cd) = P1c(a) = 29/90.
    static let a = 0, b = 1, c = 2, d = 3, e = 4
    static let corpus: [Int32] = [0, 1, 0, 2, 0, 1, 1, 0, 2, 3]

    func model(_ order: Int) throws -> KneserNeyModel {
        try KneserNeyModel(order: order, tokens: Self.corpus, vocabularySize: 5)
    }

    func check(_ m: KneserNeyModel, _ word: Int, _ history: [Int], _ expected: Double, _ what: String,
               file: StaticString = #filePath, line: UInt = #line) {
        let p = m.probability(of: word, after: history)
        assertWithin(abs(p - expected) / expected, Self.tolerance, "\(what): P = \(p), expected \(expected)",
                     file: file, line: line)
        let dense = m.distribution(after: history)[word]
        assertWithin(abs(dense - expected) / expected, Self.tolerance, "\(what) (distribution): \(dense), expected \(expected)",
                     file: file, line: line)
    }

    func testDiscountsFromCountOfCounts() throws {
        let m = try model(3)
        XCTAssertEqual(m.rawDiscounts, [1.0 / 3, 1.0 / 3, 3.0 / 4])
        XCTAssertEqual(m.continuationDiscounts[0], 1.0 / 3, accuracy: 1e-16)
        XCTAssertEqual(m.continuationDiscounts[1], 5.0 / 7, accuracy: 1e-16)
        XCTAssertEqual(m.types, [4, 6, 7])
    }

    func testUnigramIsTheSmoothedUnigram() throws {
        let (a, b, c, d, e) = (Self.a, Self.b, Self.c, Self.d, Self.e)
        let m = try model(1)
        for history in [[], [a], [b, c]] {
            check(m, a, history, 59.0 / 150, "P1(a)")
            check(m, b, history, 44.0 / 150, "P1(b)")
            check(m, c, history, 29.0 / 150, "P1(c)")
            check(m, d, history, 14.0 / 150, "P1(d)")
            check(m, e, history, 4.0 / 150, "P1(e), never seen")
        }
        // Close to the relative frequencies c(w)/N it smooths.
        XCTAssertEqual(m.probability(of: a, after: []), 0.4, accuracy: 0.01)
    }

    func testBigramByHand() throws {
        let (a, b, c, d, e) = (Self.a, Self.b, Self.c, Self.d, Self.e)
        let m = try model(2)
        check(m, b, [a], 254.0 / 540, "P2(b|a)")
        check(m, c, [a], 239.0 / 540, "P2(c|a)")
        check(m, a, [a], 29.0 / 540, "P2(a|a)")
        check(m, e, [a], 4.0 / 540, "P2(e|a)")
        check(m, a, [b], 508.0 / 810, "P2(a|b)")
        check(m, b, [b], 238.0 / 810, "P2(b|b)")
        check(m, e, [b], 8.0 / 810, "P2(e|b)")
        check(m, a, [d], 29.0 / 90, "P2(a|d), d never followed")
        check(m, a, [c, b], 508.0 / 810, "a bigram reads the last token only")
        // No history (a window's first position from a fresh state): the raw unigram.
        check(m, a, [], 59.0 / 150, "P2(a) without context")
    }

    func testTrigramByHand() throws {
        let (a, b, c, d, e) = (Self.a, Self.b, Self.c, Self.d, Self.e)
        let m = try model(3)
        check(m, a, [a, b], 283.0 / 504, "P3(a|ab)")
        check(m, b, [a, b], 157.0 / 504, "P3(b|ab)")
        check(m, c, [a, b], 1.0 / 18, "P3(c|ab)")
        check(m, d, [a, b], 1.0 / 18, "P3(d|ab)")
        check(m, e, [a, b], 1.0 / 63, "P3(e|ab)")
        check(m, a, [c, d], 29.0 / 90, "P3(a|cd), unseen contexts")
        // One token known: exactly the bigram model (raw bigram counts as the highest order).
        check(m, b, [a], 254.0 / 540, "P3(b|a) with one token of context")
        check(m, a, [], 59.0 / 150, "P3(a) without context")
    }

    /// A longer random text over V = 30 with a skewed distribution, some ids never drawn.
    func randomCorpus(_ n: Int, vocabulary v: Int, seed: UInt64) -> [Int32] {
        var g = SeededGenerator(seed: seed)
        var tokens: [Int32] = []
        var previous = 0
        for _ in 0..<n {
            // Mostly a small step from the previous token, so bigrams carry information.
            let r = Int(g.next() % 100)
            previous = r < 60 ? (previous + 1) % (v - 5) : r < 90 ? Int(g.next() % 6) : Int(g.next() % UInt64(v - 5))
            tokens.append(Int32(previous))
        }
        return tokens
    }

    func testDistributionsSumToOneAndEveryWordIsPossible() throws {
        let v = 30
        let tokens = randomCorpus(2000, vocabulary: v, seed: 7)
        for order in 1...3 {
            let m = try KneserNeyModel(order: order, tokens: tokens, vocabularySize: v)
            let histories: [[Int]] = [[], [0], [3], [27], [29], [1, 2], [5, 0], [28, 29], [2, 27], [4, 5, 6]]
            for h in histories {
                let p = m.distribution(after: h)
                XCTAssertEqual(p.count, v)
                // V = 30 positive terms of size about 1/30: a sum exact to a few ulps.
                assertWithin(abs(p.reduce(0, +) - 1), 1e-14, "order \(order), history \(h): sum of P")
                XCTAssertTrue(p.allSatisfy { $0 > 0 }, "order \(order), history \(h): a zero probability")
                for w in [0, 7, 25, 29] {
                    XCTAssertEqual(m.probability(of: w, after: h), p[w], accuracy: 1e-15, "order \(order), \(h), w \(w)")
                }
            }
            // Ids 25 ..< 30 are never drawn: positive, and below every word seen.
            let p = m.distribution(after: [1])
            XCTAssertLessThan(p[29], p[0])
        }
    }

    func testRefusesBadInput() {
        XCTAssertThrowsError(try KneserNeyModel(order: 4, tokens: [0, 1], vocabularySize: 2))
        XCTAssertThrowsError(try KneserNeyModel(order: 0, tokens: [0, 1], vocabularySize: 2))
        XCTAssertThrowsError(try KneserNeyModel(order: 2, tokens: [], vocabularySize: 2))
        XCTAssertThrowsError(try KneserNeyModel(order: 2, tokens: [0, 2], vocabularySize: 2))
    }

    /// The evaluation scores the windows of the language-model batcher as `NextTokenScore`
    /// scores logits, with the context of a fresh window: at position t the last
    /// min(n − 1, t) inputs of the window.
    func testEvaluationMatchesAnIndependentScoreOverFreshWindows() throws {
        let v = 30
        let train = randomCorpus(3000, vocabulary: v, seed: 3), test = randomCorpus(400, vocabulary: v, seed: 4)
        let batcher = try LanguageModelBatcher.evaluation(tokens: test, batchSize: 4, length: 12)
        let windows = Array(batcher.windows(epoch: 0))
        for order in 1...3 {
            let m = try KneserNeyModel(order: order, tokens: train, vocabularySize: v)
            let summary = try m.evaluate(windows.map(\.sequenceBatch))
            var reference = NextTokenScore()
            var positionHits = [Int](repeating: 0, count: 12), positionCount = [Int](repeating: 0, count: 12)
            for w in windows {
                for t in 0..<w.steps {
                    for b in 0..<w.batchSize {
                        let history = (Swift.max(0, t - order + 2)..<(t + 1)).map { w.inputs[$0][b] }
                        let p = m.distribution(after: history)
                        // log p as logits: the softmax of log p is p itself.
                        let logits = Matrix(rows: v, cols: 1, elements: p.map { Foundation.log($0) })
                        var one = NextTokenScore()
                        try one.add(logits: logits, targets: [w.targets[t][b]])
                        reference.add(one)
                        positionHits[t] += one.top1Hits
                        positionCount[t] += 1
                    }
                }
            }
            XCTAssertEqual(summary.count, reference.count)
            XCTAssertEqual(summary.correct, reference.top1Hits, "order \(order)")
            XCTAssertEqual(summary.top5Correct, reference.top5Hits, "order \(order)")
            assertWithin(abs(summary.lossSum - reference.totalNegativeLogLikelihood) / reference.totalNegativeLogLikelihood,
                         1e-12, "order \(order): total loss")
            XCTAssertEqual(summary.positions.correct, positionHits, "order \(order)")
            XCTAssertEqual(summary.positions.counts, positionCount, "order \(order)")
        }
    }

    /// With `carry`, a window's first positions see the end of the previous window of the
    /// same stream; without, they do not: the two differ at position 1 only for a bigram.
    func testCarryGivesTheFirstPositionsThePreviousWindow() throws {
        let v = 30
        let m = try KneserNeyModel(order: 2, tokens: randomCorpus(3000, vocabulary: v, seed: 3), vocabularySize: v)
        let batcher = try LanguageModelBatcher.evaluation(tokens: randomCorpus(400, vocabulary: v, seed: 5),
                                                          batchSize: 2, length: 10)
        let batches = batcher.windows(epoch: 0).map(\.sequenceBatch)
        let fresh = try m.evaluate(Array(batches)), carried = try m.evaluate(Array(batches), carry: true)
        // A bigram's context at position t ≥ 2 (1-based) is the window's previous input either way;
        // at position 1 it is the window's own first input too: the input at t is always known.
        XCTAssertEqual(fresh.positions, carried.positions)
        let trigram = try KneserNeyModel(order: 3, tokens: randomCorpus(3000, vocabulary: v, seed: 3), vocabularySize: v)
        let f3 = try trigram.evaluate(Array(batches)), c3 = try trigram.evaluate(Array(batches), carry: true)
        XCTAssertNotEqual(f3.positions.lossSums[0], c3.positions.lossSums[0], "position 1 sees one token more")
        XCTAssertEqual(Array(f3.positions.lossSums.dropFirst()), Array(c3.positions.lossSums.dropFirst()))
    }
}
