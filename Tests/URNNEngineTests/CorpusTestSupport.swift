import Foundation
import XCTest
@testable import URNNEngine

/// Paths and scratch directories shared by the corpus tests.
enum CorpusFixtures {
    /// The folder of the tiny test corpus (two .txt files and a README that must be skipped).
    static var folder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/corpus").path
    }

    static func file(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// A fresh empty directory, removed when the test ends.
    static func scratchDirectory(_ test: XCTestCase) throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("urnn-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// Writes `bytes` to `name` inside `directory` and returns the path.
    static func write(_ bytes: [UInt8], _ name: String, in directory: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Asserts that `body` throws exactly `expected`, and that its message mentions `mentions`.
func assertCorpusError<T>(_ expected: CorpusError, mentions: [String] = [], file: StaticString = #filePath,
                          line: UInt = #line, _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected \(expected), nothing was thrown", file: file, line: line)
    } catch let error as CorpusError {
        XCTAssertEqual(error, expected, file: file, line: line)
        for m in mentions {
            XCTAssertTrue(error.description.contains(m), "'\(error)' should mention '\(m)'", file: file, line: line)
        }
    } catch {
        XCTFail("expected \(expected), got \(error)", file: file, line: line)
    }
}
