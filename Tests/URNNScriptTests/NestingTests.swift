import Foundation
import XCTest
@testable import URNNScript

/// Long chains and deep nesting: every construct the parser builds a tree from is bounded,
/// so no script can exhaust the stack of the checker, the interpreter or the tree's own
/// release. Each chain past a limit is one "too deeply nested" error at its place.
final class NestingTests: XCTestCase {
    /// `count` copies of `item` joined by `separator`.
    func chain(_ item: String, _ separator: String, _ count: Int) -> String {
        Array(repeating: item, count: count).joined(separator: separator)
    }

    /// The scripts of one chain kind with `n` links.
    func chains(_ n: Int) -> [(kind: String, text: String)] {
        [
            ("+", "print " + chain("1", "+", n)),
            ("*", "print " + chain("1", " * ", n)),
            (".T", "x = [[1, 2]]\nprint x" + String(repeating: ".T", count: n)),
            ("[0]", "x = [1]\nprint x" + String(repeating: "[0]", count: n)),
            ("and", "print " + chain("true", " and ", n)),
            ("or", "print " + chain("false", " or ", n)),
            ("==", "print " + chain("1", " == ", n)),
            ("<", "print " + chain("1", " < ", n)),
            ("else if", "x = 1\nif x == 0 {}" + String(repeating: " else if x == 0 {}", count: n) + " else { print 1 }"),
            ("-", "print " + String(repeating: "-", count: n) + "1"),
            ("not", "print " + String(repeating: "not ", count: n) + "true"),
            ("(", "print " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)),
            ("[", "print " + String(repeating: "[", count: n) + "1" + String(repeating: "]", count: n)),
            ("call", "print " + String(repeating: "abs(", count: n) + "1" + String(repeating: ")", count: n)),
            ("{", String(repeating: "if true {\n", count: n) + "print 1\n" + String(repeating: "}\n", count: n)),
            ("string", "print \"{" + chain("1", "+", n) + "}\""),
        ]
    }

    func testChainsOf7000And200000LinksAreErrorsNotCrashes() {
        for n in [7_000, 200_000] {
            // At 200,000 links, the chains the parser reads by loops (the others stop at
            // `maxDepth` after a few levels either way), and only checked: they stop in the
            // parser as the 7,000-link ones do.
            for (kind, text) in chains(n) where n == 7_000 || ["+", ".T", "[0]", "and", "==", "else if"].contains(kind) {
                for checkOnly in n > 7_000 ? [true] : [false, true] {
                    let (runner, output) = makeTestRunner()
                    let errors = checkOnly ? runner.check(SourceFile(name: "deep.urnn", text: text)).1
                        : runner.run(SourceFile(name: "deep.urnn", text: text)).errors
                    XCTAssertEqual(output.lines, [], "\(kind) x \(n): nothing runs")
                    XCTAssertFalse(errors.isEmpty, "\(kind) x \(n)")
                    XCTAssertTrue(errors.contains { $0.message.contains("too deeply nested (limit ") },
                                  "\(kind) x \(n): \(errors.first?.message ?? "no error")")
                    XCTAssertLessThanOrEqual(errors.count, 3, "\(kind) x \(n): one error for the chain, not one a link")
                    XCTAssertNotNil(errors.first?.location, "\(kind) x \(n): the error names its place")
                }
            }
        }
    }

    func testTheErrorPointsAtTheLinkPastTheLimit() {
        let (runner, _) = makeTestRunner()
        let errors = runner.run(text: "print " + chain("1", "+", 2000)).errors
        XCTAssertEqual(errors.count, 1)
        let error = errors[0]
        // "print " is 6 columns; the limit-th "+" follows the first `maxHeight` terms.
        XCTAssertEqual(error.location?.column, 7 + 2 * (Parser.maxHeight - 1) + 1, error.rendered)
        XCTAssertTrue(error.message.hasPrefix("expression too deeply nested (limit \(Parser.maxHeight) levels"), error.message)
    }

    func testLongButSaneChainsStillRun() {
        let (runner, output) = makeTestRunner()
        let n = Parser.maxHeight
        let text = """
            print \(chain("1", "+", n))
            x = [[1, 2]]
            print (x\(String(repeating: ".T", count: n - 2))).rows
            print \(chain("true", " and ", n))
            print \(chain("false", " or ", n / 2)) or true
            y = 3
            if y == 0 { print 0 }\(String(repeating: " else if y == 0 { print 0 }", count: n - 2)) else { print "last" }
            for i in range(1) { if true { print \(chain("2", " * ", 10)) } }
            """
        let outcome = runner.run(SourceFile(name: "long.urnn", text: text))
        XCTAssertTrue(outcome.succeeded, outcome.diagnostics)
        XCTAssertEqual(output.lines, ["\(n)", "1", "true", "true", "last", "1024"])
    }

    /// The tallest trees the parser allows, run on a thread with a small stack: the limits
    /// keep every walk within it, whatever thread runs a script.
    func testTheTallestAllowedTreesFitInASmallStack() {
        let n = Parser.maxHeight
        // Inside the blocks, `[[1]]` takes four levels of `maxDepth` (two brackets, each
        // with its expression).
        let blocks = Parser.maxDepth - 5
        let deepest = String(repeating: "if true {\n", count: blocks)
            + "print " + chain("1", "+", n) + "\n"
            + "x = [[1]]\nprint x" + String(repeating: ".T", count: n - 1) + "\n"
            + "print " + chain("true", " and ", n) + "\n"
            + String(repeating: "}\n", count: blocks)
            + "y = 1\nif y == 0 { }" + String(repeating: " else if y == 0 { }", count: n - 1) + "\n"
        let result = ThreadResult()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let (runner, output) = makeTestRunner()
            let outcome = runner.run(SourceFile(name: "tall.urnn", text: deepest))
            result.diagnostics = outcome.succeeded ? nil : outcome.diagnostics
            result.lines = output.lines
            done.signal()
        }
        thread.stackSize = Self.smallStack
        thread.start()
        done.wait()
        XCTAssertNil(result.diagnostics)
        XCTAssertEqual(result.lines.count, 3)
    }

    /// What the thread of `testTheTallestAllowedTreesFitInASmallStack` saw; read only after
    /// the thread signalled.
    final class ThreadResult: @unchecked Sendable {
        var diagnostics: String?
        var lines: [String] = []
    }

    /// Twice the stack the tallest allowed trees were measured to need (see
    /// `Parser.maxStatementHeight`), half the main thread's.
    static let smallStack = 4 << 20
}
