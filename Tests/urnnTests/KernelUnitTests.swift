import Foundation
import URNNScript
import XCTest
@testable import urnn

/// The kernel's pieces that need no process: completion over a whole cell at a cursor
/// counted in Unicode scalars, the word under the cursor, and the plots' MIME types.
final class KernelUnitTests: XCTestCase {
    func testCompletionOfACellAtACursor() {
        let runner = ScriptRunner(output: CapturedOutput())
        let completer = Completer(interpreter: runner.interpreter, metaCommands: MetaCommand.words)
        let first = completer.complete(code: "trai", cursor: 4)
        XCTAssertEqual(first.matches, ["train"])
        XCTAssertEqual([first.start, first.end], [0, 4])
        // The statement is the cell's last line: the first line's command does not count.
        let cell = "model u = urnn hidden=4\ntask c = copy de"
        let second = completer.complete(code: cell, cursor: cell.unicodeScalars.count)
        XCTAssertEqual(second.matches, ["delay="])
        // Scalars, not UTF-16 units or bytes: "é" and "ψ" are one each.
        let accented = "x = \"é\"; ψ = 1\nmod"
        let third = completer.complete(code: accented, cursor: accented.unicodeScalars.count)
        XCTAssertEqual(third.matches, ["model"])
        XCTAssertEqual(third.start, accented.unicodeScalars.count - 3)
        // In the middle of a cell, only the text before the cursor counts.
        let middle = completer.complete(code: "trai\nprint 1", cursor: 4)
        XCTAssertEqual(middle.matches, ["train"])
        // A cursor outside the cell is clamped, never a trap.
        XCTAssertEqual(completer.complete(code: "trai", cursor: 99).end, 4)
        XCTAssertEqual(completer.complete(code: "trai", cursor: -3).end, 0)
    }

    func testTheWordUnderTheCursor() {
        XCTAssertEqual(KernelServer.word(in: "train u on copy", at: 2), "train")
        XCTAssertEqual(KernelServer.word(in: "train u on copy", at: 5), "train")
        XCTAssertEqual(KernelServer.word(in: "print expm(x)", at: 8), "expm")
        XCTAssertEqual(KernelServer.word(in: "   ", at: 1), "")
        XCTAssertEqual(KernelServer.word(in: "", at: 0), "")
        XCTAssertEqual(KernelServer.word(in: "ab", at: 40), "ab")
    }

    func testPlotMIMETypes() {
        XCTAssertEqual(KernelServer.mimeType(of: URL(fileURLWithPath: "/a/loss.png")), "image/png")
        XCTAssertEqual(KernelServer.mimeType(of: URL(fileURLWithPath: "/a/eig.SVG")), "image/svg+xml")
        XCTAssertEqual(KernelServer.mimeType(of: URL(fileURLWithPath: "/a/x.pdf")), "application/pdf")
    }
}
