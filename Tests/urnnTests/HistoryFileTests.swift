import Foundation
import XCTest
@testable import urnn

/// The shared history file: two sessions appending at once lose nothing in the kept window.
final class HistoryFileTests: XCTestCase {
    /// Errors from the writers, collected across threads.
    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }

    /// Issue 13, item 10: with readline's `append_history` and `history_truncate_file`, two
    /// writers of 3,000 lines each left gaps in the newest 100 lines. Here two writers (each
    /// append opens, locks and trims the file on its own descriptor, as two processes do)
    /// append 250 lines each with a limit of 50: the file ends with exactly 50 lines, and each
    /// writer's lines in it are its newest ones without a gap.
    func testTwoWritersAtOnceKeepEveryLineOfTheWindow() throws {
        let folder = try temporaryFolder("history-\(name.filter(\.isLetter))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state/history").path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let limit = 50, perWriter = 250
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            let file = HistoryFile(path: path, limit: limit)
            for i in 0..<perWriter {
                do { try file.append("w\(writer) \(i)") } catch { failures.add("\(error)") }
            }
        }
        XCTAssertEqual(failures.all, [])
        let lines = try HistoryFile(path: path, limit: limit).entries()
        XCTAssertEqual(lines.count, limit)
        for writer in 0..<2 {
            let mine = lines.filter { $0.hasPrefix("w\(writer) ") }.compactMap { Int($0.split(separator: " ")[1]) }
            XCTAssertEqual(mine, Array((perWriter - mine.count)..<perWriter), "writer \(writer) lost lines")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        XCTAssertEqual(leftovers, ["history"], "no temporary is left")
    }

    func testAHistoryPathThatIsNotARegularFileIsNotUsed() throws {
        let folder = try temporaryFolder("history-\(name.filter(\.isLetter))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // readline's read_history would block on a FIFO for good.
        XCTAssertFalse(LineEditor.prepareHistoryFile(fifo))
        XCTAssertFalse(LineEditor.prepareHistoryFile(folder.path))
        XCTAssertThrowsError(try HistoryFile(path: folder.path, limit: 10).append("x"))
        XCTAssertTrue(LineEditor.prepareHistoryFile(folder.appendingPathComponent("new/history").path))
    }

    /// A cell of several lines is one entry, and comes back as it was typed: line breaks and
    /// backslashes (a continuation `\`, an escape inside a string) included.
    func testACellOfSeveralLinesRoundTrips() throws {
        let folder = try temporaryFolder("history-\(name.filter(\.isLetter))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("history").path
        let file = HistoryFile(path: path, limit: 3)
        let cell = "for i in range(3) {\n  print \"a\\nb\\\\\", i\n}"
        let entries = ["x = 1 + \\\n  2", cell, "print \"\\\"", "y = 2"]
        for entry in entries { try file.append(entry) }
        // The newest three, each whole; the file holds one line per entry after its header.
        XCTAssertEqual(try file.entries(), Array(entries.suffix(3)))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(text.split(separator: "\n").count, 4, text)
        XCTAssertTrue(text.hasPrefix(HistoryFile.header + "\n"), text)
    }

    /// A file of the older format (each line an entry, backslashes as typed) still reads, and
    /// the first append rewrites it in the new format without changing its entries.
    func testAnOlderFileStillReadsAndIsRewrittenOnTheFirstAppend() throws {
        let folder = try temporaryFolder("history-\(name.filter(\.isLetter))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("history").path
        let old = ["print \"a\\nb\"", "x = 1 \\", "for i in range(2) { print i }"]
        try (old.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let file = HistoryFile(path: path, limit: 10)
        XCTAssertEqual(try file.entries(), old)
        try file.append("if true {\n  print 1\n}")
        XCTAssertEqual(try file.entries(), old + ["if true {\n  print 1\n}"])
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).hasPrefix(HistoryFile.header + "\n"))
    }
}
