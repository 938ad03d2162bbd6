import Foundation
import XCTest
@testable import URNNScript

/// Runs every `.urnn` file under `Scripts/` in the manner of Crafting Interpreters' test
/// runner: `# expect: LINE` lists the output lines in order, `# expect error: TEXT` a
/// fragment that one of the diagnostics must contain; there must be exactly as many
/// diagnostics as `expect error` lines.
final class ScriptTests: XCTestCase {
    static let scriptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts")

    static func scriptNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scriptsDirectory.path)
            .filter { $0.hasSuffix(".urnn") }.sorted()
    }

    struct Expectations {
        var output: [String] = []
        var errors: [String] = []
    }

    static func expectations(in text: String) -> Expectations {
        var e = Expectations()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let r = line.range(of: "# expect error:") {
                e.errors.append(String(line[r.upperBound...]).trimmingCharacters(in: .whitespaces))
            } else if let r = line.range(of: "# expect:") {
                e.output.append(String(line[r.upperBound...]).trimmingCharacters(in: .whitespaces))
            }
        }
        return e
    }

    func testScripts() throws {
        let names = try Self.scriptNames()
        XCTAssertGreaterThan(names.count, 5, "scripts folder not found at \(Self.scriptsDirectory.path)")
        for name in names {
            let text = try String(contentsOf: Self.scriptsDirectory.appendingPathComponent(name), encoding: .utf8)
            let expected = Self.expectations(in: text)
            let (runner, output) = makeTestRunner()
            let outcome = runner.run(SourceFile(name: name, text: text))
            let observed = output.lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
                .map { $0.trimmingCharacters(in: .whitespaces) }
            XCTAssertEqual(observed, expected.output, "\(name): output\n--- observed:\n\(observed.joined(separator: "\n"))")
            let rendered = outcome.errors.map(\.rendered)
            XCTAssertEqual(rendered.count, expected.errors.count,
                           "\(name): \(rendered.count) errors, expected \(expected.errors.count):\n\(outcome.diagnostics)")
            for fragment in expected.errors where !rendered.contains(where: { $0.contains(fragment) }) {
                XCTFail("\(name): no error contains '\(fragment)'; errors:\n\(outcome.diagnostics)")
            }
        }
    }
}
