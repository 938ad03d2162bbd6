import XCTest
import URNNEngine
@testable import URNNScript

/// How merged results print: a unitarity error of 1e-15 must not read as 0.0000 beside one
/// of 0.3, so `unitarity` and `flow` print with an exponent; the rest with fixed decimals.
final class ResultsReportFormatTests: XCTestCase {
    func testUnitarityPrintsWithAnExponentAndLossWithDecimals() throws {
        let table = ResultTable(columns: ["rule", "seed", "model", "loss", "unitarity"],
                                rows: [["exact", "1", "m", "0.5", "1e-15"], ["exact", "2", "m", "0.7", "3e-15"],
                                       ["free", "1", "m", "0.5", "0.25"], ["free", "2", "m", "0.7", "0.35"]],
                                parameterColumns: ["rule"], seedsAsked: 2)
        let lines = try ResultsReport.lines(table, format: .table)
        let exact = try XCTUnwrap(lines.first { $0.hasPrefix("exact") })
        XCTAssertTrue(exact.contains("0.6000 ± 0.1414"), exact)
        XCTAssertTrue(exact.contains("2.00e-15 ± 1.41e-15"), exact)
        let free = try XCTUnwrap(lines.first { $0.hasPrefix("free") })
        XCTAssertTrue(free.contains("3.00e-01 ± 7.07e-02"), free)
    }
}
