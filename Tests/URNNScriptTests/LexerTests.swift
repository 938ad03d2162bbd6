import XCTest
@testable import URNNScript

final class LexerTests: XCTestCase {
    func kinds(_ text: String) -> [TokenKind] {
        var lexer = Lexer(source: SourceFile(name: "t", text: text))
        return lexer.scan().map(\.kind)
    }

    func testPunctuationKeywordsAndLiterals() {
        XCTAssertEqual(kinds("x = [1, 2.5e-3] @ m.W # comment"),
                       [.identifier, .equal, .leftBracket, .number, .comma, .number, .rightBracket, .at,
                        .identifier, .dot, .identifier, .newline, .eof])
        XCTAssertEqual(kinds("if not a and b or c != 1 <= 2 { print true } else { }"),
                       [.kwIf, .kwNot, .identifier, .kwAnd, .identifier, .kwOr, .identifier, .bangEqual, .number,
                        .lessEqual, .number, .leftBrace, .kwPrint, .kwTrue, .rightBrace, .kwElse, .leftBrace,
                        .rightBrace, .newline, .eof])
    }

    func testNumbers() {
        var lexer = Lexer(source: SourceFile(name: "t", text: "128 1e-3 2.5E+2 7."))
        let tokens = lexer.scan()
        XCTAssertEqual(tokens.prefix(3).map(\.number), [128, 1e-3, 250])
        // "7." is the number 7 followed by a dot (member access is the only use of '.').
        XCTAssertEqual(tokens[3].kind, .number)
        XCTAssertEqual(tokens[4].kind, .dot)
    }

    func testANumberPastTheLargestDoubleIsAnError() {
        var lexer = Lexer(source: SourceFile(name: "t", text: "x = 1e308\ny = 1e400"))
        _ = lexer.scan()
        XCTAssertEqual(lexer.errors.map(\.message), ["number '1e400' is too large (the largest is about 1.8e308)"])
        XCTAssertEqual(lexer.errors.map { $0.location?.line }, [2])
    }

    func testNewlinesInsideBracketsAndAfterBackslash() {
        XCTAssertEqual(kinds("f(1,\n2)\n[3,\n4]"),
                       [.identifier, .leftParen, .number, .comma, .number, .rightParen, .newline,
                        .leftBracket, .number, .comma, .number, .rightBracket, .newline, .eof])
        XCTAssertEqual(kinds("a = 1 + \\\n 2"), [.identifier, .equal, .number, .plus, .number, .newline, .eof])
        // Braces keep newlines: they separate the statements of a block.
        XCTAssertEqual(kinds("{\nx\n}"), [.leftBrace, .newline, .identifier, .newline, .rightBrace, .newline, .eof])
    }

    func testStringPiecesAndEscapes() {
        var lexer = Lexer(source: SourceFile(name: "t", text: #""a\"b\\c\n\t\{ {x + 1}!""#))
        let token = lexer.scan()[0]
        XCTAssertTrue(lexer.errors.isEmpty)
        XCTAssertEqual(token.pieces.count, 3)
        XCTAssertEqual(token.pieces[0], .text("a\"b\\c\n\t{ "))
        guard case let .code(start, end, line, column) = token.pieces[1] else { return XCTFail("no code piece") }
        XCTAssertEqual(String(lexer.source.characters[start..<end]), "x + 1")
        XCTAssertEqual(line, 1)
        XCTAssertEqual(column, 17)
        XCTAssertEqual(token.pieces[2], .text("!"))
    }

    func testErrorsAreCollectedWithLocations() {
        var lexer = Lexer(source: SourceFile(name: "t", text: "a = $\nb = \"open\nc = \"\\q\""))
        _ = lexer.scan()
        XCTAssertEqual(lexer.errors.map(\.message), [
            "unexpected character '$'",
            "unterminated string; expected '\"' before the end of the line",
            "unknown escape '\\q'; use \\\" \\\\ \\n \\t \\{ or \\}",
        ])
        XCTAssertEqual(lexer.errors.map { $0.location?.line }, [1, 2, 3])
        XCTAssertEqual(lexer.errors.map { $0.location?.column }, [5, 5, 6])
    }

    func testIncompleteInput() {
        XCTAssertTrue(Lexer.isIncomplete("for x in [1, 2] {"))
        XCTAssertTrue(Lexer.isIncomplete("m = [[0, 1],"))
        XCTAssertTrue(Lexer.isIncomplete("train u on copy \\"))
        XCTAssertFalse(Lexer.isIncomplete("for x in [1, 2] { print x }"))
        XCTAssertFalse(Lexer.isIncomplete("print \"{ not a brace\"  # [ nor this"))
        XCTAssertFalse(Lexer.isIncomplete("print 1 }"))
    }
}
