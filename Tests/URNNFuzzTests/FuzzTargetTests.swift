import Foundation
import XCTest
import URNNEngine
@testable import URNNFuzz
@testable import URNNScript

/// The fuzz targets themselves: the program generator makes programs the checker accepts,
/// the interpreter target writes no file, the checkpoint target's checksum is the format's.
final class FuzzTargetTests: XCTestCase {
    /// Deterministic pseudo-random inputs of 0 to 255 bytes.
    static func inputs(_ count: Int, seed: UInt64) -> [[UInt8]] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in (0..<Int(g.next() % 256)).map { _ in UInt8(truncatingIfNeeded: g.next()) } }
    }

    func testGeneratedProgramsAreWellFormed() {
        var checked = 0
        var refusals: [String: Int] = [:]
        for bytes in Self.inputs(300, seed: 7) {
            let text = InterpreterTarget.program(for: bytes)
            let (_, errors) = Parser.parse(SourceFile(name: "generated.urnn", text: text))
            XCTAssertEqual(errors.map(\.message), [], "syntax errors in a generated program:\n\(text)")
            let runner = ScriptRunner(output: CapturedOutput())
            EngineCommands.install(on: runner.interpreter)
            let problems = runner.check(SourceFile(name: "generated.urnn", text: text)).1
            if problems.isEmpty { checked += 1 }
            for p in problems { refusals[p.message, default: 0] += 1 }
        }
        let common = refusals.sorted { $0.value > $1.value }.prefix(8).map { "\($0.value) x \($0.key)" }
        // Most programs must reach the interpreter, or the target only fuzzes the checker.
        XCTAssertGreaterThan(checked, 240, "only \(checked) of 300 generated programs pass the checker; most common errors:\n" + common.joined(separator: "\n"))
    }

    func testGeneratedProgramsReachTheEngine() {
        let programs = Self.inputs(300, seed: 8).map(InterpreterTarget.program(for:))
        for command in ["model ", "task ", "train ", "eval ", "corpus ", "generate "] {
            XCTAssertTrue(programs.contains { $0.contains(command) }, "no generated program uses '\(command)'")
        }
    }

    func testInterpreterTargetWritesNoFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-fuzz-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let program = """
            task t = copy delay=2 train=8 test=4
            model m = rnn hidden=2
            train m on t steps=1 batch=2
            export eye(2) to "\(out.path).csv"
            save m to "\(out.path).urnnm"
            plot loss m to "\(out.path).png"
            """
        XCTAssertEqual(InterpreterTarget.run(program: program), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    func testInterpreterTargetStopsALoopAtItsDeadline() {
        let start = Date()
        XCTAssertEqual(InterpreterTarget.run(program: "while true { x = 1 }"), [])
        XCTAssertLessThan(Date().timeIntervalSince(start), 10 * InterpreterTarget.deadline)
    }

    func testChecksumIsTheCheckpointFormats() {
        // The CRC-32 check value of "123456789" (IEEE 802.3).
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        let fixed = CheckpointTarget.withValidChecksum(Array("123456789".utf8) + [0, 0, 0, 0])
        XCTAssertEqual(Array(fixed.suffix(4)), [0x26, 0x39, 0xF4, 0xCB])
    }

    func testCheckpointTargetLoadsAndTrainsACheckpointTheEngineWrote() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-fuzz-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("m.urnnm")
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output)
        EngineCommands.install(on: runner.interpreter)
        let outcome = runner.run(text: """
            task c = copy delay=2 train=8 test=4
            model m = rnn hidden=2
            train m on c steps=1 batch=2
            save m to "\(file.path)"
            """)
        XCTAssertEqual(outcome.errors.map(\.message), [])
        let bytes = [UInt8](try Data(contentsOf: file))
        XCTAssertEqual(CheckpointTarget.withValidChecksum(bytes), bytes)
        XCTAssertEqual(CheckpointTarget.run(bytes), [])
    }

    func testTargetNamesAreUnique() {
        XCTAssertEqual(Set(FuzzTarget.all.map(\.name)).count, FuzzTarget.all.count)
        XCTAssertNotNil(FuzzTarget.named("parser"))
        XCTAssertNil(FuzzTarget.named("nothing"))
    }
}
