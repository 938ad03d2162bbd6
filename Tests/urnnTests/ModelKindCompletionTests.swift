import Foundation
import URNNScript
import XCTest
@testable import urnn

/// A model kind declared once reaches completion and help: the GRU as the check.
final class ModelKindCompletionTests: XCTestCase {
    func testGRUCompletesAndHasHelp() throws {
        let runner = ScriptRunner(output: CapturedOutput())
        let completer = Completer(interpreter: runner.interpreter, metaCommands: MetaCommand.words)
        XCTAssertEqual(completer.candidates(before: "model g = ", word: "gr"), ["gru"])
        XCTAssertEqual(completer.candidates(before: "model g = gru ", word: "hid"), ["hidden="])
        let help = try Reference.help(topic: "model")
        XCTAssertTrue(help.contains("model NAME = gru [option=value ...]"), help)
        XCTAssertTrue(help.contains("A gated recurrent unit (Cho et al. 2014)."), help)
    }

    func testNGramCompletesAndHasHelp() throws {
        let runner = ScriptRunner(output: CapturedOutput())
        let completer = Completer(interpreter: runner.interpreter, metaCommands: MetaCommand.words)
        XCTAssertEqual(completer.candidates(before: "model g = ", word: "ng"), ["ngram"])
        XCTAssertEqual(completer.candidates(before: "model g = ngram ", word: "or"), ["order="])
        XCTAssertEqual(completer.candidates(before: "plot ", word: "pos"), ["position"])
        let help = try Reference.help(topic: "model")
        XCTAssertTrue(help.contains("model NAME = ngram [option=value ...]"), help)
        XCTAssertTrue(help.contains("interpolated Kneser-Ney"), help)
        XCTAssertTrue(try Reference.help(topic: "plot").contains("plot position MODEL ... on DATA"))
    }

    /// The same for a task kind: images, its options and its choice of orders.
    func testImagesTaskCompletesAndHasHelp() throws {
        let runner = ScriptRunner(output: CapturedOutput())
        let completer = Completer(interpreter: runner.interpreter, metaCommands: MetaCommand.words)
        XCTAssertEqual(completer.candidates(before: "task fm = ", word: "im"), ["images"])
        XCTAssertEqual(completer.candidates(before: "task fm = images \"d\" ", word: "perm"), ["permute_seed="])
        XCTAssertEqual(completer.candidates(before: "task fm = images \"d\" order=", word: "r"), ["row"])
        let help = try Reference.help(topic: "task")
        XCTAssertTrue(help.contains("task NAME = images DIR [option=value ...]"), help)
        XCTAssertTrue(help.contains("permute_seed"), help)
    }
}
