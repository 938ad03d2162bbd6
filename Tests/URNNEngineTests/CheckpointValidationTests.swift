import Foundation
import XCTest
@testable import URNNEngine

/// Crafted checkpoints: a valid file is taken apart, one field is changed, and the file
/// is put together again with a checksum computed as `Checkpoint.save` computes it, so
/// the loader's validation (not the CRC) has to refuse it. Each case once crashed,
/// hung or silently loaded.
final class CheckpointValidationTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-ckpt-craft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// A small trained learner's checkpoint bytes.
    func goodCheckpoint() throws -> Data {
        let l = Learner(model: try makeModel(ModelConfig(kind: .urnn, hidden: 6, inputSize: 3, symbolInputs: true,
                                                         outputSize: 3, seed: 4)))
        var source = EchoSource()
        _ = try Trainer.train(l, on: &source, settings: TrainingSettings(budget: .steps(3), learningRate: 0.01,
                                                                         optimizer: .adam, clip: 1))
        let url = dir.appendingPathComponent("good.urnnm")
        try Checkpoint.save(l, to: url)
        return try Data(contentsOf: url)
    }

    /// The file's parts: header and tensor payload (the bytes between header and CRC).
    func parts(_ data: Data) throws -> (header: Checkpoint.Header, payload: [UInt8]) {
        let bytes = [UInt8](data)
        let length = Int(readLittleEndian(bytes, at: 12) as UInt64)
        let header = try JSONDecoder().decode(Checkpoint.Header.self, from: Data(bytes[20..<(20 + length)]))
        return (header, Array(bytes[(20 + length)..<(bytes.count - 4)]))
    }

    /// A checkpoint with `header` and `payload`, laid out and checksummed as the writer does.
    func assemble(_ header: Checkpoint.Header, _ payload: [UInt8]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var data = Data(Checkpoint.magic)
        appendLittleEndian(&data, Checkpoint.version)
        appendLittleEndian(&data, UInt64(json.count))
        data.append(json)
        data.append(contentsOf: payload)
        appendLittleEndian(&data, CRC32.checksum(data))
        return data
    }

    /// Loads `data` and expects a corrupted-checkpoint error that mentions `fragment`.
    func expectCorrupted(_ data: Data, _ fragment: String, line: UInt = #line) {
        let url = dir.appendingPathComponent("crafted.urnnm")
        XCTAssertNoThrow(try data.write(to: url), line: line)
        XCTAssertThrowsError(try Checkpoint.load(from: url), line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("corrupted checkpoint") && text.contains(fragment),
                          "\(text) should say corrupted checkpoint and mention '\(fragment)'", line: line)
        }
    }

    func craft(_ good: Data, _ patch: (inout Checkpoint.Header, inout [UInt8]) -> Void) throws -> Data {
        var (header, payload) = try parts(good)
        patch(&header, &payload)
        return try assemble(header, payload)
    }

    func testTheCraftingKeepsAValidFileValid() throws {
        let good = try goodCheckpoint()
        let same = try craft(good) { _, _ in }
        XCTAssertEqual(same, good)
    }

    func testSizesThatOverflowOrCannotBeHeldAreRefusedBeforeAllocating() throws {
        let good = try goodCheckpoint()
        // 8 x 2^62 overflows an Int: the sum of tensor sizes once trapped.
        expectCorrupted(try craft(good) { h, _ in h.tensors[0].count = 1 << 62 }, "impossible size")
        expectCorrupted(try craft(good) { h, _ in h.tensors[0].count = 0 }, "impossible size")
        // inputSize 1e12 once tried to allocate 32 TB.
        expectCorrupted(try craft(good) { h, _ in h.config.inputSize = 1_000_000_000_000 }, "out of range")
        // Within the class cap, but the file cannot hold the H x I input map it implies.
        expectCorrupted(try craft(good) { h, _ in h.config.inputSize = ModelConfig.maxClasses }, "more parameters than the file holds")
        // hidden 16384 once loaded (the model command capped at 4096).
        expectCorrupted(try craft(good) { h, _ in h.config.hidden = 16384 }, "hidden=16384 is out of range (1 to 4096)")
        expectCorrupted(try craft(good) { h, _ in h.config.hidden = 0 }, "hidden=0 is out of range")
    }

    func testCountersThatWouldOverflowWhenTrainingGoesOnAreRefused() throws {
        let good = try goodCheckpoint()
        expectCorrupted(try craft(good) { h, _ in h.optimizer?.stepCount = Int.max }, "step count")
        expectCorrupted(try craft(good) { h, _ in h.epochsCompleted = Int.max }, "epochs completed")
        expectCorrupted(try craft(good) { h, _ in h.history.steps[0].step = Int.max }, "history step")
        expectCorrupted(try craft(good) { h, _ in h.history.steps[0].epoch = -1 }, "history step")
        expectCorrupted(try craft(good) { h, _ in h.optimizer?.beta2 = 1 }, "optimizer's settings")
    }

    func testAnAllZeroGeneratorStateIsRefused() throws {
        let good = try goodCheckpoint()
        // xoshiro256** never leaves the all-zero state: sampling from it hung for good.
        expectCorrupted(try craft(good) { h, _ in h.generatorState = [0, 0, 0, 0] }, "all zeros")
        expectCorrupted(try craft(good) { h, _ in h.generatorState = [1, 2, 3] }, "four words")
    }

    func testNoTensorsMissingTensorsAndForeignTensorsAreRefused() throws {
        let good = try goodCheckpoint()
        expectCorrupted(try craft(good) { h, p in h.tensors = []; p = [] }, "no tensors")
        // Drop the last tensor and its values: a parameter or moment goes missing.
        expectCorrupted(try craft(good) { h, p in
            let last = h.tensors.removeLast()
            p.removeLast(8 * last.count)
            if last.section == "parameter" { return }
            // Make the file lack a parameter: remove the first one too.
            let first = h.tensors.removeFirst()
            p.removeFirst(8 * first.count)
        }, "is missing")
        expectCorrupted(try craft(good) { h, _ in h.tensors[0].name = "no such tensor" }, "does not fit")
        // An optimizer moment whose length differs from its parameter's would be indexed out of range.
        expectCorrupted(try craft(good) { h, _ in
            guard let k = h.tensors.firstIndex(where: { $0.section == "optimizer.first" }),
                  let other = h.tensors.first(where: { $0.section == "parameter" && $0.count != h.tensors[k].count })
            else { return XCTFail("the checkpoint should hold an optimizer moment") }
            h.tensors[k].name = other.name
        }, "does not fit")
    }

    func testAFileLargerThanTheBudgetIsNotRead() throws {
        let url = dir.appendingPathComponent("big.urnnm")
        try goodCheckpoint().write(to: url)
        XCTAssertThrowsError(try Checkpoint.load(from: url, budget: MemoryBudget(limitBytes: 1000))) { error in
            XCTAssertTrue("\(error)".contains("too large: needs"), "\(error)")
        }
        XCTAssertNoThrow(try Checkpoint.load(from: url, budget: MemoryBudget(limitBytes: 1 << 30)))
    }

    func testNonFiniteTensorValuesAreRefused() throws {
        let good = try goodCheckpoint()
        for bad in [Double.nan, .infinity, -.infinity] {
            expectCorrupted(try craft(good) { _, p in
                withUnsafeBytes(of: bad.bitPattern.littleEndian) { p.replaceSubrange(0..<8, with: $0) }
            }, "not finite")
        }
    }
}
