import XCTest
@testable import URNNScript

/// How diagnostics read: long lines clipped around the caret, floods of errors cut short,
/// Windows text and byte-order marks counted as a reader counts them.
final class DiagnosticsTests: XCTestCase {
    func testALongLineIsClippedAroundTheCaret() {
        let source = SourceFile(name: "t", text: String(repeating: "a", count: 300) + "%" + String(repeating: "b", count: 300))
        let error = ScriptError("unexpected character '%'", at: SourceLocation(source: source, line: 1, column: 301))
        let lines = error.rendered(width: 40).split(separator: "\n").map(String.init)
        // 36 columns after the indent: an ellipsis each side and 34 characters, the caret
        // a third of the way in.
        XCTAssertEqual(lines[1], "    …" + String(repeating: "a", count: 11) + "%" + String(repeating: "b", count: 22) + "…")
        XCTAssertEqual(lines[2], "    " + String(repeating: " ", count: 12) + "^")
        XCTAssertEqual(error.rendered.split(separator: "\n")[1].count, ScriptError.defaultWidth)
    }

    func testAShortLineIsQuotedWhole() {
        let source = SourceFile(name: "t", text: "print\t1 +")
        let error = ScriptError("expected an expression", at: SourceLocation(source: source, line: 1, column: 10))
        XCTAssertEqual(error.rendered(width: 20), "t:1:10: error: expected an expression\n    print\t1 +\n         \t   ^")
    }

    func testAtMostTwentyErrorsAreShown() {
        let source = SourceFile(name: "t", text: String(repeating: "%", count: 50))
        let (_, errors) = Parser.parse(source)
        XCTAssertEqual(errors.count, 50)
        let shown = ScriptError.render(errors)
        XCTAssertEqual(shown.count, ScriptError.maxShown + 1)
        XCTAssertEqual(shown.last, "and 30 more errors")
        XCTAssertEqual(ScriptError.render(Array(errors.prefix(21))).last, "and 1 more error")
        XCTAssertEqual(ScriptError.render(Array(errors.prefix(20))).count, 20)
        XCTAssertEqual(ScriptErrors(errors).description.split(separator: "\n").last, "and 30 more errors")
    }

    func testWindowsLineEndsAndAByteOrderMark() {
        let (runner, output) = makeTestRunner()
        XCTAssertTrue(runner.run(text: "\u{FEFF}x = 1\r\nif x == 1 {\r\n  print \"one\"\r\n}\r\n").succeeded)
        XCTAssertEqual(output.lines, ["one"])
        let errors = runner.run(text: "\u{FEFF}y = 1\r\nprint y + qq\r\n").errors
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors.first?.rendered, "<command line>:2:11: error: undefined name 'qq'\n    print y + qq\n              ^~")
    }

    func testTheCaretOfABadOptionValueIsUnderTheValue() {
        let (_, errors) = Parser.parse(SourceFile(name: "t", text: "train u on c lr=-1\nmodel v = urnn rule=exat"))
        let rendered = errors.map(\.rendered)
        XCTAssertEqual(rendered.count, 2, "\(rendered)")
        XCTAssertEqual(rendered.first?.split(separator: "\n").last, "    " + String(repeating: " ", count: 16) + "^~")
        XCTAssertTrue(rendered.first?.hasPrefix("t:1:17: error: option 'lr'") == true, "\(rendered)")
        XCTAssertEqual(rendered.last?.split(separator: "\n").last, "    " + String(repeating: " ", count: 20) + "^~~~")
        XCTAssertTrue(rendered.last?.hasPrefix("t:2:21: error: value 'exat' not allowed for rule") == true, "\(rendered)")
    }
}
