import XCTest
@testable import URNNScript

/// `plot ... inline` draws at the terminal's size, as readline reports it in COLUMNS and LINES.
final class InlinePlotSizeTests: XCTestCase {
    func testInlineChartsUseTheTerminalSizeWithinBounds() {
        XCTAssertTrue(EngineCommands.inlineSize([:]) == (80, 24))
        XCTAssertTrue(EngineCommands.inlineSize(["COLUMNS": "132", "LINES": "50"]) == (132, 49), "one line for the prompt")
        XCTAssertTrue(EngineCommands.inlineSize(["COLUMNS": "40", "LINES": "10"]) == (80, 24), "at least 80 x 24")
        XCTAssertTrue(EngineCommands.inlineSize(["COLUMNS": "5000", "LINES": "900"]) == (300, 120), "at most 300 x 120")
        XCTAssertTrue(EngineCommands.inlineSize(["COLUMNS": "wide", "LINES": ""]) == (80, 24))
    }
}
