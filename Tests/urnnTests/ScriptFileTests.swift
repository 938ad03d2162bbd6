import Foundation
import XCTest

/// Runs every `.urnn` file of the language's script tests through the real binary and
/// checks its `# expect:` lines against standard output and its `# expect error:`
/// fragments against the diagnostics on standard error, as the in-process runner does.
final class ScriptFileTests: XCTestCase {
    static let scriptsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("URNNScriptTests/Scripts")

    /// Scripts written for the in-process runner's stand-in handlers (`TestSupport.swift`
    /// in URNNScriptTests gives `model`, `corpus` and `task` fake objects with a `W` and a
    /// `hidden`), or about commands missing from a build: with the real engine installed
    /// their output differs by design.
    static let inProcessOnly: [String: String] = [
        "commands.urnn": "reads m.W and m.hidden of the stand-in model",
        "not_available.urnn": "expects 'train' to be missing from the build",
        "member_error.urnn": "reads members of the stand-in model",
        "type_error.urnn": "loads a corpus from a file that is not there, which only the stand-in allows",
    ]

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

    func testEveryScriptThroughTheBinary() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.scriptsFolder.path)
            .filter { $0.hasSuffix(".urnn") }.sorted()
        XCTAssertGreaterThan(names.count, 5, "scripts not found at \(Self.scriptsFolder.path)")
        var ran = 0
        for name in names where Self.inProcessOnly[name] == nil {
            // Run from the scripts folder under the bare name, so diagnostics read `name:line:col`
            // as the expectations (written for the in-process runner) spell them.
            let result = try urnn(["run", name], directory: Self.scriptsFolder)
            ran += 1
            let expected = Self.expectations(in: try String(contentsOf: Self.scriptsFolder.appendingPathComponent(name),
                                                            encoding: .utf8))
            let observed = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let trimmed = observed.last == "" ? Array(observed.dropLast()) : observed
            XCTAssertEqual(trimmed, expected.output, "\(name): output; stderr:\n\(result.stderr)")
            // Headers only: the quoted source lines (indented) may contain `# expect error:` too.
            let diagnostics = result.stderr.components(separatedBy: "\n")
                .filter { !$0.hasPrefix(" ") && ($0.hasPrefix("error: ") || $0.contains(": error: ")) }
            XCTAssertEqual(diagnostics.count, expected.errors.count, "\(name): diagnostics\n\(result.stderr)")
            for fragment in expected.errors where !result.stderr.contains(fragment) {
                XCTFail("\(name): no diagnostic contains '\(fragment)'; stderr:\n\(result.stderr)")
            }
            XCTAssertEqual(result.status, expected.errors.isEmpty ? 0 : 65, "\(name): exit status\n\(result.stderr)")
        }
        XCTAssertGreaterThan(ran, 5)
    }
}
