import Foundation
import XCTest
@testable import URNNEngine

final class TokenizerTests: XCTestCase {
    let psalm = "The LORD's my shepherd; I shall not want.\nPsalm 23:1 -- \"don't fear\" (café)"

    func testWordsGolden() {
        let expected = ["The", "LORD's", "my", "shepherd", ";", "I", "shall", "not", "want", ".", "<eol>",
                        "Psalm", "23", ":", "1", "-", "-", "\"", "don't", "fear", "\"", "(", "café", ")", "<eol>"]
        XCTAssertEqual(Tokenizer().tokens(in: psalm), expected)
        XCTAssertEqual(Tokenizer().tokens(in: psalm, terminateLastLine: false), Array(expected.dropLast()))
    }

    func testLowercaseTouchesASCIIOnly() {
        let t = Tokenizer(lowercase: true)
        XCTAssertEqual(t.tokens(in: "The LORD's CAFÉ Ünd"), ["the", "lord's", "cafÉ", "Ünd", "<eol>"])
    }

    func testApostrophesAndSeparators() {
        XCTAssertEqual(Tokenizer().tokens(in: "'tis rock'n'roll brethren' ''\tx\r\ny\u{7}z"),
                       ["'", "tis", "rock'n'roll", "brethren", "'", "'", "'", "x", "<eol>", "y", "z", "<eol>"])
    }

    func testLineEnds() {
        XCTAssertEqual(Tokenizer().tokens(in: "a\n\nb\n"), ["a", "<eol>", "<eol>", "b", "<eol>"])
        XCTAssertEqual(Tokenizer().tokens(in: "a\n   "), ["a", "<eol>"], "a blank last line adds nothing")
        XCTAssertEqual(Tokenizer(endOfLine: false).tokens(in: "a\nb\n"), ["a", "b"])
        XCTAssertEqual(Tokenizer().tokens(in: "  \t "), [])
    }

    func testCharactersGolden() {
        let t = Tokenizer(unit: .char)
        XCTAssertEqual(t.tokens(in: "Ab c\r\né"), ["A", "b", " ", "c", "<eol>", "é", "<eol>"])
        XCTAssertEqual(Tokenizer(unit: .char, lowercase: true).tokens(in: "Ab"), ["a", "b", "<eol>"])
        XCTAssertEqual(Tokenizer(unit: .char, endOfLine: false).tokens(in: "a\nb"), ["a", "\n", "b"])
        // Multi-byte scalars (2, 3 and 4 bytes) stay whole.
        XCTAssertEqual(t.tokens(in: "ü€𝄞", terminateLastLine: false), ["ü", "€", "𝄞"])
    }

    /// The validator against the standard library's own UTF-8 decoding, on random
    /// byte strings biased towards the tricky lead bytes.
    func testUTF8ValidationMatchesStandardLibrary() {
        var g = SeededGenerator(seed: 7)
        let interesting: [UInt8] = [0x41, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xA0, 0xED, 0x9F, 0xEF,
                                    0xF0, 0x90, 0xF4, 0x8F, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let n = g.int(below: 6)
            let bytes = (0..<n).map { _ in g.uniform() < 0.8 ? interesting[g.int(below: interesting.count)]
                                                             : UInt8(g.int(below: 256)) }
            let ours = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
            let reference = String(validating: bytes, as: UTF8.self)
            XCTAssertEqual(ours == nil, reference != nil, "bytes \(bytes.map { String($0, radix: 16) })")
        }
    }

    func testUTF8Offsets() {
        func offset(_ b: [UInt8]) -> Int? { b.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) } }
        XCTAssertNil(offset(Array("naïve €𝄞".utf8)))
        XCTAssertEqual(offset([0x61, 0x62, 0x63, 0xC3, 0x28]), 4, "bad continuation byte")
        XCTAssertEqual(offset([0x61, 0x62, 0xFF]), 2, "never a lead byte")
        XCTAssertEqual(offset([0x61, 0xE2, 0x82]), 1, "cut off by the end")
        XCTAssertEqual(offset([0xED, 0xA0, 0x80]), 1, "surrogate")
        XCTAssertEqual(offset([0xC0, 0xAF]), 0, "overlong")
        XCTAssertEqual(offset([0xF4, 0x90, 0x80, 0x80]), 1, "above U+10FFFF")
    }
}
