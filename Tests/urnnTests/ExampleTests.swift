import Foundation
import XCTest

/// The examples in scripts/examples never rot: every one passes `urnn check`, and the
/// quick start runs end to end with a small step budget through its parameters.
final class ExampleTests: XCTestCase {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/examples")

    func examplePaths() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter { $0.hasSuffix(".urnn") }.sorted()
            .map { Self.examples.appendingPathComponent($0).path }
    }

    func testEveryExampleChecks() throws {
        let paths = try examplePaths()
        XCTAssertGreaterThanOrEqual(paths.count, 3)
        for path in paths {
            let result = try urnn(["check", path])
            XCTAssertEqual(result.status, 0, "\(path):\n\(result.stderr)")
        }
    }

    func testQuickstartRunsWithASmallBudget() throws {
        let folder = try temporaryFolder("quickstart")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try urnn(["run", Self.examples.appendingPathComponent("quickstart.urnn").path, "--set", "steps=50"],
                              directory: folder, timeout: 300)
        XCTAssertEqual(result.status, 0, result.stderr)
        for line in ["train orth on copy: 50 steps", "train vanilla on copy: 50 steps", "eval orth on copy (test split): loss",
                     "eig orth: W is 64x64 real", "gradflow vanilla on copy"] {
            XCTAssertTrue(result.stdout.contains(line), "missing '\(line)' in:\n\(result.stdout)")
        }
        for plot in ["quickstart-loss", "quickstart-eig", "quickstart-gradflow"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("plots/\(plot).png.gp").path), plot)
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("plots/\(plot).png.dat").path), plot)
        }
    }
}
