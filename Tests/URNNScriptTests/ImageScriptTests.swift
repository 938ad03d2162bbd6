import Foundation
import XCTest
@testable import URNNScript

/// Image sequences end to end in the language, on a tiny IDX data set written for the
/// test (20 training and 10 test images of 28 x 28): define the task in each order,
/// train every model family a few steps, evaluate, inspect, save and load, and the
/// errors a user meets. Checked like `EngineScripts` (`# expect` lines; `...` ends a prefix).
final class ImageScriptTests: XCTestCase {
    static let script = """
        seed 1
        task fm = images "idx" order=row valid=4     # expect: task fm = images idx: 28 x 28, 10 classes, order row (28 steps of 28), 16 train / 4 valid / 10 test, baseline ...
        print fm.steps, fm.classes, fm.train, fm.valid, fm.test   # expect: 28 10 16 4 10
        model u = urnn hidden=8 rule=exact
        train u on fm steps=3 batch=4 log_every=1    # expect: train u on fm: 3 steps in ...
        print u.steps                                # expect: 3
        print len(u.history.accuracy)                # expect: 3
        eval u on fm                                 # expect: eval u on fm (10 test images, row order): cross-entropy ...
        model l = lstm hidden=8
        train l on fm epochs=2 batch=8               # expect: train l on fm: 4 steps in ...
        eval l on fm                                 # expect: eval l on fm (10 test images, row order): cross-entropy ...
        task px = images "idx" order=pixel valid=0   # expect: task px = images idx: 28 x 28, 10 classes, order pixel (784 steps of 1), 20 train / 0 valid / 10 test, baseline ...
        model r = rnn hidden=4
        model g = gru hidden=4
        model c = urnn hidden=4 field=complex
        model a = urnn hidden=4 field=complex structure=arjovsky
        model s = urnn hidden=4 rule=seed
        train r on px steps=1 batch=4                # expect: train r on px: 1 steps in ...
        train g on px steps=1 batch=4                # expect: train g on px: 1 steps in ...
        train c on px steps=1 batch=4                # expect: train c on px: 1 steps in ...
        train a on px steps=1 batch=4                # expect: train a on px: 1 steps in ...
        train s on px steps=1 batch=4                # expect: train s on px: 1 steps in ...
        task pm = images "idx" order=permuted valid=2          # expect: task pm = images idx: 28 x 28, 10 classes, order permuted (784 steps of 1), 18 train / 2 valid / 10 test, baseline ...
        eval r on px                                 # expect: eval r on px (10 test images, pixel order): cross-entropy ...
        gradflow u on fm batch=2                     # expect: gradflow u on fm: ...
                                                     # expect: t=1: ...
        save u to "u.urnnm"                          # expect: saved u to u.urnnm (...
        model v = load "u.urnnm"
        eval v on fm                                 # expect: eval v on fm (10 test images, row order): cross-entropy ...
        show results pivot=model,seq,accuracy        # expect: accuracy (%) / seq  28 ...
                                                     # expect: u ...
                                                     # expect: l ...
                                                     # expect: r ...
                                                     # expect: v ...
        train u on px steps=1                        # expect error: the model was built for 28 inputs
        """

    /// Scripts that stop at an error, and a fragment of the message each must give.
    static let errors: [(String, String)] = [
        ("task pm = images \"idx\" order=permuted permute_seed=7", "valid=5000 leaves no training image (idx/train-images-idx3-ubyte holds 20)"),
        ("task fm = images \"idx\" valid=4\nmodel l = lstm hidden=4\ntrain l on fm steps=1 batch=17",
         "batch=17 is larger than the training split of 16 images"),
        ("task none = images \"no-such-dir\"", "no-such-dir: no train-images-idx3-ubyte or train-images-idx3-ubyte.gz"),
        ("task fm = images \"idx\" order=column", "column"),
        ("task fm = images \"idx\" valid=-1", "valid"),
    ]

    func testImageTaskEndToEnd() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-image-script-\(UUID().uuidString)")
        try IDXTestFiles.write(to: scratch.appendingPathComponent("idx"))
        FileManager.default.changeCurrentDirectoryPath(scratch.path)
        defer {
            FileManager.default.changeCurrentDirectoryPath(cwd)
            try? FileManager.default.removeItem(at: scratch)
        }
        let expected = ScriptTests.expectations(in: Self.script)
        let (outcome, output) = run(Self.script)
        let observed = output.lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let ok = observed.count == expected.output.count && zip(observed, expected.output).allSatisfy(EngineScriptTests.matches)
        XCTAssertTrue(ok, "output\n--- observed:\n\(observed.joined(separator: "\n"))\n--- expected:\n"
                      + expected.output.joined(separator: "\n") + "\n--- diagnostics:\n\(outcome.diagnostics)")
        let rendered = outcome.errors.map(\.rendered)
        XCTAssertEqual(rendered.count, expected.errors.count, "errors:\n\(outcome.diagnostics)")
        for fragment in expected.errors where !rendered.contains(where: { $0.contains(fragment) }) {
            XCTFail("no error contains '\(fragment)'; errors:\n\(outcome.diagnostics)")
        }
        for (text, fragment) in Self.errors {
            let (failed, _) = run(text)
            XCTAssertEqual(failed.errors.count, 1, "\(text): \(failed.diagnostics)")
            XCTAssertTrue(failed.errors.first?.rendered.contains(fragment) ?? false, "\(text): \(failed.diagnostics)")
        }
    }

    private func run(_ text: String) -> (RunOutcome, CapturedOutput) {
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output)
        let session = EngineSession()
        EngineCommands.install(on: runner.interpreter, session: session)
        let outcome = runner.run(SourceFile(name: "images.urnn", text: text))
        session.close()
        return (outcome, output)
    }
}
