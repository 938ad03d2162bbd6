import Foundation
import XCTest
@testable import URNNScript

/// `export results where COL=V to FILE` writes the rows `show results where` shows.
final class ExportWhereTests: XCTestCase {
    static let setup = """
        seed 1
        task a = copy delay=3 train=32 test=8
        task b = copy delay=4 train=32 test=8
        model u = urnn hidden=4
        train u on a steps=1 batch=4
        eval u on a
        eval u on b
        eval u on b split=valid

        """

    func testTheFilteredRowsAreWritten() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-export-where-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try runWithEngine(Self.setup + "export results where data=b split=test to \"\(file.path)\"")
        defer { try? FileManager.default.removeItem(at: r.folder) }
        XCTAssertEqual(r.diagnostics, "")
        XCTAssertTrue(r.lines.last?.hasPrefix("export: wrote ") == true && r.lines.last?.contains("(results, 1 row, ") == true,
                      r.lines.joined(separator: "\n"))
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, lines.joined(separator: "\n"))
        let header = lines[0].split(separator: ",").map(String.init)
        let row = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(header.prefix(3), ["model", "data", "split"])
        XCTAssertEqual(row.prefix(3), ["u", "b", "test"])
    }

    func testAFilterThatKeepsNothingOrIsNotOnResultsIsAnError() throws {
        let none = try runWithEngine(Self.setup + "export results where data=nobody to \"never.csv\"")
        defer { try? FileManager.default.removeItem(at: none.folder) }
        XCTAssertTrue(none.diagnostics.contains("the results table has no rows where data=nobody (of 3)"), none.diagnostics)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "never.csv"))
        let matrix = try runWithEngine("export eye(2) where data=a to \"never.csv\"")
        defer { try? FileManager.default.removeItem(at: matrix.folder) }
        XCTAssertTrue(matrix.diagnostics.contains("'where data=a' selects rows of the results table; VALUE is 2x2 matrix"),
                      matrix.diagnostics)
    }
}
