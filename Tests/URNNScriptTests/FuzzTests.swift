import Foundation
import XCTest
import URNNEngine
@testable import URNNScript

/// Feeds random token soup and mutated copies of the test scripts to the whole pipeline for
/// a bounded time. Passing means: no crash, no hang (each run has a deadline through the
/// cancellation flag), and every error has a message.
final class FuzzTests: XCTestCase {
    static let fragments = [
        "x", "m", "u", "=", "==", "+", "-", "*", "/", "@", "(", ")", "[", "]", "{", "}", ",", ".", "\n", " ",
        "1", "0", "-1", "1e308", "1e-3", "2.5", "\"s{x}\"", "\"{\"", "\\", "#", "not", "and", "or", "true",
        "if", "else", "for", "in", "while", "print", "model", "train", "on", "seed", "param", "help", "plot",
        "loss", "to", "export", "set", "show", "settings", "rnn", "urnn", "hidden=", "rule=", "exact", "expm(",
        "eig(", "svd(", "eye(", "zeros(", "range(", "len(", "is_unitary(", "sigmoid(", "skew(", "complex(",
        "[[0, 1], [1, 0]]", "[[1, 2]]", "[]", "[[]]", ".W", ".T", "[0]", "[0, 0]", ";", "=>", "$", "\t",
    ]

    func testRandomAndMutatedScriptsNeverCrash() throws {
        var g = SeededGenerator(seed: 2024)
        let scripts = try ScriptTests.scriptNames().map {
            Array(try String(contentsOf: ScriptTests.scriptsDirectory.appendingPathComponent($0), encoding: .utf8))
        }
        let end = Date().addingTimeInterval(2)
        var runs = 0
        while Date() < end {
            let text: String
            if runs % 2 == 0 {
                text = (0..<(1 + g.int(below: 40))).map { _ in Self.fragments[g.int(below: Self.fragments.count)] }
                    .joined(separator: g.int(below: 3) == 0 ? "" : " ")
            } else {
                var chars = scripts[g.int(below: scripts.count)]
                for _ in 0..<(1 + g.int(below: 6)) where !chars.isEmpty {
                    let i = g.int(below: chars.count)
                    switch g.int(below: 4) {
                    case 0: chars.remove(at: i)
                    case 1: chars.insert(Array("{}[]()\"\\=,.#\n-x1")[g.int(below: 16)], at: i)
                    case 2: chars[i] = chars[g.int(below: chars.count)]
                    default:
                        let j = min(chars.count, i + g.int(below: 30))
                        chars.insert(contentsOf: chars[i..<j], at: g.int(below: chars.count))
                    }
                }
                text = String(chars)
            }
            let deadline = Date().addingTimeInterval(0.05)
            let (runner, _) = makeTestRunner(isCancelled: { Date() > deadline })
            // Files are not written while fuzzing: export still validates its value.
            runner.interpreter.register("export") { inv, _ in
                _ = try Export.csv(inv.argument("VALUE") ?? .none, invocation: inv)
                return .none
            }
            let outcome = runner.run(SourceFile(name: "fuzz", text: text))
            for error in outcome.errors {
                XCTAssertFalse(error.message.isEmpty, "empty message for:\n\(text)")
                XCTAssertFalse(error.rendered.isEmpty)
                XCTAssertNotEqual(error.category, .internal, "internal error \(error.message) for:\n\(text)")
            }
            _ = Lexer.isIncomplete(text)
            runs += 1
        }
        XCTAssertGreaterThan(runs, 100)
    }

    func testCancellationStopsAnEndlessLoop() {
        let start = Date()
        let (runner, _) = makeTestRunner(isCancelled: { Date().timeIntervalSince(start) > 0.1 })
        let outcome = runner.run(text: "while true { x = 1 }")
        XCTAssertEqual(outcome.category, .interrupted)
        XCTAssertEqual(outcome.errors.first?.message, "interrupted")
    }
}
