import Foundation
import XCTest
@testable import URNNScript

/// Scripts that drive the real engine (`EngineScripts/*.urnn`), checked like `ScriptTests`
/// with one addition: an expected line ending in `...` matches any line with that prefix,
/// since trained losses depend on the machine's floating-point reductions.
final class EngineScriptTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("EngineScripts")

    static func matches(_ observed: String, _ expected: String) -> Bool {
        expected.hasSuffix("...") ? observed.hasPrefix(String(expected.dropLast(3))) : observed == expected
    }

    func testEngineScripts() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".urnn") }.sorted()
        XCTAssertFalse(names.isEmpty)
        let cwd = FileManager.default.currentDirectoryPath
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-engine-scripts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        FileManager.default.changeCurrentDirectoryPath(scratch.path)
        defer {
            FileManager.default.changeCurrentDirectoryPath(cwd)
            try? FileManager.default.removeItem(at: scratch)
        }
        // The scripts' text corpora (`*.txt`) beside them in the scratch folder.
        for corpus in try FileManager.default.contentsOfDirectory(atPath: Self.directory.path) where corpus.hasSuffix(".txt") {
            try FileManager.default.copyItem(at: Self.directory.appendingPathComponent(corpus),
                                             to: scratch.appendingPathComponent(corpus))
        }
        for name in names {
            let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
            let expected = ScriptTests.expectations(in: text)
            let output = CapturedOutput()
            let runner = ScriptRunner(output: output)
            let session = EngineSession()
            EngineCommands.install(on: runner.interpreter, session: session)
            let outcome = runner.run(SourceFile(name: name, text: text))
            session.close()
            let observed = output.lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if ProcessInfo.processInfo.environment["URNN_SHOW_OUTPUT"] != nil {
                print(observed.joined(separator: "\n") + "\n" + output.notes.joined(separator: "\n") + outcome.diagnostics)
            }
            let ok = observed.count == expected.output.count && zip(observed, expected.output).allSatisfy(Self.matches)
            XCTAssertTrue(ok, "\(name): output\n--- observed:\n\(observed.joined(separator: "\n"))\n--- expected:\n"
                          + expected.output.joined(separator: "\n") + "\n--- diagnostics:\n\(outcome.diagnostics)")
            let rendered = outcome.errors.map(\.rendered)
            XCTAssertEqual(rendered.count, expected.errors.count, "\(name): errors:\n\(outcome.diagnostics)")
            for fragment in expected.errors where !rendered.contains(where: { $0.contains(fragment) }) {
                XCTFail("\(name): no error contains '\(fragment)'; errors:\n\(outcome.diagnostics)")
            }
        }
    }
}
