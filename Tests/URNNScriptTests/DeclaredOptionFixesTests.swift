import Foundation
import XCTest
import URNNEngine
@testable import URNNScript

/// What the option audit found: `plot gradflow` reading `seq` and `batch` it did not
/// declare (and measuring at 100 steps whatever the model was trained on), and `momentum`
/// documented as RMSprop's decay while RMSprop never read it.
final class DeclaredOptionFixesTests: XCTestCase {
    var scratch: URL!
    var cwd = ""

    override func setUpWithError() throws {
        cwd = FileManager.default.currentDirectoryPath
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-option-fixes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        FileManager.default.changeCurrentDirectoryPath(scratch.path)
        let sentence = "the cat sat on the mat and the dog ran to the cat . "
        try String(repeating: sentence, count: 60).write(toFile: "corpus.txt", atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        FileManager.default.changeCurrentDirectoryPath(cwd)
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Runs `text` on the real engine after loading the corpus `c` and defining the rnn `r`.
    func run(_ text: String) -> (ScriptRunner, RunOutcome, CapturedOutput) {
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output)
        let session = EngineSession()
        EngineCommands.install(on: runner.interpreter, session: session)
        defer { session.close() }
        let outcome = runner.run(SourceFile(name: "fixes", text: "corpus c = load \"corpus.txt\"\nmodel r = rnn hidden=4\n" + text))
        return (runner, outcome, output)
    }

    /// The time steps in a gradflow plot's data file (one row per t, one series).
    func plottedSteps(_ file: String) throws -> Int {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
    }

    func testPlotGradflowMeasuresAtTheTrainedLengthLikeGradflow() throws {
        let (_, outcome, output) = run("""
            train r on c steps=1 seq=7 batch=2
            gradflow r on c batch=2
            plot gradflow r on c batch=2 to "trained.svg"
            plot gradflow r on c seq=5 batch=3 to "given.svg"
            """)
        XCTAssertTrue(outcome.succeeded, outcome.diagnostics)
        XCTAssertTrue(output.lines.contains { $0.contains("||dL/dh_t|| at t=7 ") }, output.text)
        XCTAssertEqual(try plottedSteps("trained.svg.dat"), 7, "as trained, like gradflow")
        XCTAssertEqual(try plottedSteps("given.svg.dat"), 5, "seq= as given")
    }

    func testMomentumIsSGDsAndRefusedByTheOtherOptimizers() throws {
        let (runner, outcome, _) = run("""
            train r on c steps=1 seq=5 batch=2 optimizer=sgd momentum=0.5
            train r on c steps=1 seq=5 batch=2 momentum=0
            train r on c steps=1 seq=5 batch=2 optimizer=adam momentum=0.5
            """)
        XCTAssertEqual(outcome.errors.map(\.message), [
            "momentum is SGD's (optimizer=sgd); adam does not use it (rmsprop's decay is alpha = 0.99, adam's betas are 0.9, 0.999)",
        ])
        XCTAssertEqual(outcome.errors.first?.location?.line, 5)
        guard case .object(let object)? = runner.interpreter.lookup("r"), let m = object as? ModelObject else {
            return XCTFail("no model r")
        }
        XCTAssertEqual(m.learner?.optimizer?.kind, .rmsprop, "the refused train left the model as it was")
        XCTAssertEqual(m.learner?.stepsTaken, 2)

        let (sgdRunner, sgdOutcome, _) = run("train r on c steps=1 seq=5 batch=2 optimizer=sgd momentum=0.5")
        XCTAssertTrue(sgdOutcome.succeeded, sgdOutcome.diagnostics)
        guard case .object(let o)? = sgdRunner.interpreter.lookup("r"), let sgd = o as? ModelObject else {
            return XCTFail("no model r")
        }
        XCTAssertEqual(sgd.learner?.optimizer?.momentum, 0.5)
    }

    func testTheTrainDocumentationSaysWhoseMomentumItIs() throws {
        let momentum = try XCTUnwrap(Commands.train.options.first { $0.name == "momentum" })
        XCTAssertTrue(momentum.doc.hasPrefix("SGD's momentum"), momentum.doc)
        XCTAssertFalse(momentum.doc.contains("decay (rmsprop)"))
    }
}
