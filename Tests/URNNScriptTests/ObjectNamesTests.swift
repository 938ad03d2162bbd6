import Foundation
import XCTest
@testable import URNNScript

/// One object under several names: `show` lists it once under all of them, a redefinition
/// note says what changed, and commands call an object by the name written in them.
final class ObjectNamesTests: XCTestCase {
    func run(_ text: String) throws -> EngineRun { try runWithEngine(text) }

    func testShowListsAnObjectOnceUnderAllItsNames() throws {
        let r = try run("""
            task c = copy delay=5 train=64 test=16
            d = c
            _ = c
            _7 = c
            _12 = c
            show tasks
            model r = rnn hidden=8
            r2 = r
            model r = lstm hidden=8
            show models
            """)
        defer { try? FileManager.default.removeItem(at: r.folder) }
        XCTAssertEqual(r.diagnostics, "")
        XCTAssertEqual(r.lines.count, 3, r.lines.joined(separator: "\n"))
        XCTAssertTrue(r.lines[0].hasPrefix("c, d, _, _7, _12: copy task: delay T=5"), r.lines[0])
        // Two different models, each under its own names: never both as `r:`.
        XCTAssertTrue(r.lines[1].hasPrefix("r: lstm(H=8), not built yet"), r.lines[1])
        XCTAssertTrue(r.lines[2].hasPrefix("r2: rnn(H=8, "), r.lines[2])
    }

    func testRedefinitionNoteSaysWhatChangedAndWhatStillNamesTheOldObject() throws {
        let r = try run("""
            model r = rnn hidden=16
            r2 = r
            model r = lstm hidden=16
            model r = gru hidden=4
            """)
        defer { try? FileManager.default.removeItem(at: r.folder) }
        XCTAssertEqual(r.notes.count, 2, r.notes.joined(separator: "\n"))
        XCTAssertTrue(r.notes[0].hasPrefix("'r' redefined: it was rnn(H=16, "), r.notes[0])
        XCTAssertTrue(r.notes[0].hasSuffix(", now lstm(H=16); r2 still names the old one"), r.notes[0])
        XCTAssertEqual(r.notes[1], "'r' redefined: it was lstm(H=16), now gru(H=4)")
    }

    func testPlotsAndEvalCallAModelByTheNameWritten() throws {
        let r = try run("""
            seed 1
            task c = copy delay=4 train=64 test=16
            model u = urnn hidden=4
            model r = rnn hidden=4
            train u on c steps=2 batch=8
            train r on c steps=2 batch=8
            r2 = r
            eval r2 on c
            plot svd u r2
            plot loss r2
            plot unitarity r2
            plot eig r2
            plot history r2 loss
            plot gradflow r2 on c batch=4
            plot position r2 on c batch=4
            show results
            """)
        defer { try? FileManager.default.removeItem(at: r.folder) }
        XCTAssertEqual(r.diagnostics, "")
        XCTAssertTrue(r.lines.contains { $0.hasPrefix("eval r2 on c (test split)") }, r.lines.joined(separator: "\n"))
        XCTAssertTrue(r.lines.contains { $0.hasPrefix("r2 ") && $0.contains(" c ") }, r.lines.joined(separator: "\n"))
        let files = ["svd-u-r2", "loss-r2", "unitarity-r2", "eig-r2", "history-r2-loss", "gradflow-r2-c", "position-r2-c"]
        for file in files {
            let script = r.folder.appendingPathComponent(file + ".png.gp")
            guard let text = try? String(contentsOf: script, encoding: .utf8) else {
                XCTFail("no \(file).png.gp; plots wrote: \(r.lines.filter { $0.hasPrefix("plot ") })")
                continue
            }
            XCTAssertTrue(text.contains("r2: "), "\(file).gp has no legend 'r2: ...'")
            XCTAssertFalse(text.contains("'r: "), "\(file).gp calls the model 'r'")
        }
    }
}

/// What a script run with the real engine printed, noted and reported, and its scratch folder.
struct EngineRun {
    let lines: [String]
    let notes: [String]
    let diagnostics: String
    let folder: URL
}

/// Runs `text` with the real engine, plots going to a scratch folder (the caller removes it).
func runWithEngine(_ text: String) throws -> EngineRun {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-engine-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let output = CapturedOutput()
    let runner = ScriptRunner(output: output)
    let session = EngineSession()
    EngineCommands.install(on: runner.interpreter, session: session)
    runner.interpreter.settings.plotsDirectory = folder.path
    let outcome = runner.run(SourceFile(name: "names.urnn", text: text))
    session.close()
    let lines = output.lines.flatMap { $0.split(separator: "\n").map(String.init) }
    return EngineRun(lines: lines, notes: output.notes, diagnostics: outcome.diagnostics, folder: folder)
}
