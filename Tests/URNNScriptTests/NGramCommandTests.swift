import Foundation
import XCTest
import URNNEngine
@testable import URNNScript

/// `model g = ngram`: what the commands do with a count model, and the errors of those
/// that need a recurrent one.
final class NGramCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-ngram-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sentence = "the cat sat on the mat and the dog ran to the cat . "
        try String(repeating: sentence, count: 30).write(to: folder.appendingPathComponent("corpus.txt"),
                                                         atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `text` after a corpus `c`, a copy task `cp` and a bigram `g` counted on `c`.
    func run(_ text: String) -> (output: [String], errors: [ScriptError], results: ResultsObject) {
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output)
        let session = EngineSession()
        EngineCommands.install(on: runner.interpreter, session: session)
        runner.interpreter.settings.plotsDirectory = folder.path
        let prelude = """
            corpus c = load "\(folder.appendingPathComponent("corpus.txt").path)" split=0.8,0.1,0.1
            task cp = copy delay=3 train=16 test=8
            model g = ngram order=2
            train g on c

            """
        let outcome = runner.run(SourceFile(name: "ngram.urnn", text: prelude + text))
        session.close()
        return (output.lines, outcome.errors, session.results)
    }

    func expectError(_ text: String, _ fragment: String, line: UInt = #line) {
        let (_, errors, _) = run(text)
        XCTAssertEqual(errors.count, 1, "\(text): \(errors.map(\.rendered))", line: line)
        XCTAssertTrue(errors.first?.message.contains(fragment) == true,
                      "\(text): \(errors.map(\.message)) should mention '\(fragment)'", line: line)
    }

    func testTrainingOptionsAreRefusedNotIgnored() {
        for option in ["lr=0.1", "steps=5", "epochs=1", "optimizer=adam", "batch=8", "seq=20", "carry"] {
            let name = String(option.split(separator: "=")[0])
            expectError("train g on c \(option)", "\(name) does not apply to an ngram: it is counted, not trained")
        }
    }

    func testTasksAreRefused() {
        expectError("train g on cp", "an ngram counts words of a corpus; 'cp' is a task")
        expectError("eval g on cp", "an ngram counts words of a corpus; 'cp' is a task")
    }

    func testCommandsThatNeedARecurrentModelSaySo() {
        expectError("save g to \"g.urnnm\"", "an ngram is not saved")
        expectError("eig g", "'eig' needs a recurrent model; 'g' is an ngram")
        expectError("gradflow g on c", "'gradflow' needs a recurrent model; 'g' is an ngram")
        expectError("generate g from \"the\"", "'generate' needs a recurrent model; 'g' is an ngram")
        expectError("plot loss g", "'plot loss' needs a recurrent model; 'g' is an ngram")
    }

    func testEvaluatingBeforeCountingIsAnError() {
        expectError("model h = ngram\neval h on c", "has not counted a corpus yet: train it on one first")
    }

    func testEvalAddsARowWithPositions() throws {
        let (output, errors, results) = run("eval g on c seq=6 batch=2")
        XCTAssertEqual(errors.count, 0, "\(errors.map(\.rendered))")
        XCTAssertTrue(output.contains { $0.hasPrefix("eval g on c (test split, seq 6): cross-entropy ") }, "\(output)")
        let row = try XCTUnwrap(results.rows.last)
        XCTAssertEqual(row.model, "g")
        XCTAssertEqual(row.seq, 6)
        let positions = try XCTUnwrap(row.positions)
        XCTAssertEqual(positions.length, 6)
        let weighted = zip(positions.accuracy, positions.counts).map { $0 * Double($1) }.reduce(0, +)
            / Double(positions.counts.reduce(0, +))
        XCTAssertEqual(weighted, try XCTUnwrap(row.accuracy), accuracy: 1e-14)
    }

    /// The chart's data file has one row per position, for each model.
    func testPositionPlotDataHasOneRowPerPosition() throws {
        try XCTSkipIf(GnuplotSession().executable == nil, "gnuplot is not installed")
        let (_, errors, _) = run("model r = rnn hidden=4\nplot position g r on c seq=7 batch=2 to \"\(folder.path)/position.png\"")
        XCTAssertEqual(errors.count, 0, "\(errors.map(\.rendered))")
        let data = try String(contentsOf: folder.appendingPathComponent("position.png.dat"), encoding: .utf8)
        let rows = data.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        XCTAssertEqual(rows.count, 2 * 7, data)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("position.png").path))
    }
}
