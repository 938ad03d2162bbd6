import Foundation
import XCTest
@testable import URNNFuzz

/// Replays every seed input (`Fuzz/corpus/TARGET/`) and every input a fuzzer once failed on
/// (`Fuzz/regressions/TARGET/`) through the same entry function the libFuzzer driver calls:
/// none may crash, break a promise, or run long. (`Fuzz/findings/` holds inputs that still
/// fail; they move to `regressions/` with the fix.)
final class FuzzReplayTests: XCTestCase {
    /// A bound far above a normal run (milliseconds), well under the time a hang would take:
    /// the fuzzer's own limit is 2 s, and a replay here runs without its sanitizer overhead.
    static let secondsPerInput = 5.0

    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// The files under `Fuzz/<folder>/<target>/`, by target name.
    static func inputs(in folder: String) throws -> [(target: String, file: URL)] {
        let root = fuzzDirectory.appendingPathComponent(folder)
        guard FileManager.default.fileExists(atPath: root.path) else { return [] }
        var found: [(String, URL)] = []
        for target in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let dir = root.appendingPathComponent(target)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where !name.hasPrefix(".") {
                found.append((target, dir.appendingPathComponent(name)))
            }
        }
        return found
    }

    func replay(_ folder: String) throws -> Int {
        let inputs = try Self.inputs(in: folder)
        for (targetName, file) in inputs {
            guard let target = FuzzTarget.named(targetName) else {
                XCTFail("Fuzz/\(folder)/\(targetName): no fuzz target of that name (targets: \(FuzzTarget.all.map(\.name)))")
                continue
            }
            let bytes = [UInt8](try Data(contentsOf: file))
            let start = Date()
            let problems = target.run(bytes)
            let seconds = Date().timeIntervalSince(start)
            XCTAssertEqual(problems, [], "Fuzz/\(folder)/\(targetName)/\(file.lastPathComponent)")
            XCTAssertLessThan(seconds, Self.secondsPerInput,
                              "Fuzz/\(folder)/\(targetName)/\(file.lastPathComponent) ran \(seconds) s")
        }
        return inputs.count
    }

    func testSeedCorpusReplays() throws {
        let count = try replay("corpus")
        // Every target has seeds, so a fuzzing run starts from inputs that reach deep.
        for target in FuzzTarget.all {
            XCTAssertFalse(try Self.inputs(in: "corpus").filter { $0.target == target.name }.isEmpty,
                           "Fuzz/corpus/\(target.name) has no seed inputs")
        }
        XCTAssertGreaterThan(count, 0)
    }

    func testRegressionInputsReplay() throws {
        _ = try replay("regressions")
    }

    /// Open findings are not replayed (they still fail), but each must name a target, so
    /// that it replays once it moves to `regressions/`.
    func testFindingsNameATarget() throws {
        for (target, file) in try Self.inputs(in: "findings") {
            XCTAssertNotNil(FuzzTarget.named(target), "Fuzz/findings/\(target)/\(file.lastPathComponent): no such target")
        }
    }
}
