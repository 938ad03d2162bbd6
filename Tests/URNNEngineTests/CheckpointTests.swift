import Foundation
import XCTest
@testable import URNNEngine

/// A tiny task: echo the symbol seen two steps earlier, drawn from the learner's generator.
struct EchoSource: BatchSource {
    var steps = 8, batch = 4, symbols = 3
    mutating func next(using g: inout SeededGenerator) throws -> (batch: SequenceBatch, carry: Bool)? {
        let x = (0..<steps).map { _ in (0..<batch).map { _ in g.int(below: symbols) } }
        let y = (0..<steps).map { t in (0..<batch).map { b in t >= 2 ? x[t - 2][b] : -1 } }
        return (SequenceBatch(input: .symbols(x), target: .symbols(y)), false)
    }
    mutating func rewind() {}
}

final class CheckpointTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func learner(_ kind: ModelConfig.Kind, rule: UpdateRule = .exact) throws -> Learner {
        Learner(model: try makeModel(ModelConfig(kind: kind, hidden: 6, inputSize: 3, symbolInputs: true, outputSize: 3,
                                                 rule: rule, seed: 4)))
    }

    func train(_ l: Learner, steps: Int) throws {
        var source = EchoSource()
        _ = try Trainer.train(l, on: &source, settings: TrainingSettings(budget: .steps(steps), learningRate: 0.01,
                                                                         optimizer: .adam, clip: 1))
    }

    func testResumedTrainingEqualsUninterruptedBitForBit() throws {
        for (kind, rule) in [(ModelConfig.Kind.urnn, UpdateRule.exact), (.urnn, .cayley), (.rnn, .exact), (.lstm, .exact)] {
            let straight = try learner(kind, rule: rule)
            try train(straight, steps: 30)
            let first = try learner(kind, rule: rule)
            try train(first, steps: 12)
            let url = dir.appendingPathComponent("m.urnnm")
            try Checkpoint.save(first, to: url)
            let resumed = try Checkpoint.load(from: url)
            try train(resumed, steps: 18)
            XCTAssertEqual(resumed.history.withoutTimes, straight.history.withoutTimes, "\(kind) \(rule)")
            for (a, b) in zip(resumed.model.parameters, straight.model.parameters) {
                XCTAssertEqual(a.value, b.value, "\(kind) \(rule) parameter \(a.name)")
            }
        }
    }

    func testBadFilesSayWhatIsWrong() throws {
        let l = try learner(.urnn)
        try train(l, steps: 3)
        let url = dir.appendingPathComponent("m.urnnm")
        try Checkpoint.save(l, to: url)
        let good = try Data(contentsOf: url)

        func expectError(_ data: Data, _ fragment: String, line: UInt = #line) {
            let bad = dir.appendingPathComponent("bad.urnnm")
            try? data.write(to: bad)
            XCTAssertThrowsError(try Checkpoint.load(from: bad), line: line) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(error) should mention '\(fragment)'", line: line)
            }
        }
        expectError(good.prefix(good.count - 100), "truncated")
        var flipped = good
        flipped[good.count - 20] ^= 0x01
        expectError(flipped, "checksum")
        var future = good
        future[8] = 9
        expectError(future, "newer")
        expectError(Data("hello world, not a checkpoint".utf8), "bad magic")
        XCTAssertThrowsError(try Checkpoint.load(from: dir.appendingPathComponent("none.urnnm"))) { error in
            XCTAssertTrue("\(error)".contains("no such file"))
        }
    }

    func testSaveLeavesNoTemporaryFiles() throws {
        let l = try learner(.rnn)
        let url = dir.appendingPathComponent("sub/m.urnnm")
        try Checkpoint.save(l, to: url)
        try Checkpoint.save(l, to: url)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sub").path)
        XCTAssertEqual(names, ["m.urnnm"])
    }
}
