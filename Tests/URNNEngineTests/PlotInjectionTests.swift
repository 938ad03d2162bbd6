import XCTest
@testable import URNNEngine

/// No title, label, legend or model name may make gnuplot run a command.
final class PlotInjectionTests: XCTestCase {
    func testHostileTextRunsNothing() throws {
        try requireGnuplot()
        let dir = try makePlotFolder()
        let marker = { (i: Int) in dir.appendingPathComponent("pwned\(i)").path }
        let attacks = [
            "`touch \(marker(1))`",
            "'.system(\"touch \(marker(2))\").'",
            "\".system(\"touch \(marker(3))\").\"",
            "x'\nsystem \"touch \(marker(4))\"\n'",
            "x\r!touch \(marker(5))",
            "a' . `touch \(marker(6))` . 'b",
            "@GPVAL_TERM \\' `touch \(marker(7))`",
            "x\u{2028}system('touch \(marker(8))')",
        ]
        let renderer = PlotRenderer(folder: dir, session: sharedPlotSession)
        var failures: [String] = []
        for (i, attack) in attacks.enumerated() {
            // Every attack is tried before any assertion, so a render error cannot hide a command
            // that ran earlier.
            do {
                var spec = try PlotSpec.training(.loss, runs: [
                    TrainingRun(name: attack, batches: [1, 2], values: [1, 2], heldOutBatches: [2], heldOutValues: [1])],
                    baseline: 1.5, baselineName: attack)
                spec = spec.overriding(title: attack, xLabel: attack, yLabel: attack)
                _ = try renderer.render(spec, to: .file("attack\(i).png"))
                let text = try XCTUnwrap(renderer.render(spec, to: .inline(width: 200, height: 30)).text)
                // The text reaches the chart literally (line breaks turned to spaces).
                if !text.contains("touch") { failures.append("attack \(i) not shown literally:\n\(text)") }
            } catch {
                failures.append("attack \(i): \(error)")
            }
        }
        for i in 1...attacks.count {
            XCTAssertFalse(FileManager.default.fileExists(atPath: marker(i)), "attack \(i) ran a command")
        }
        XCTAssertEqual(failures, [], "hostile text must still render as plain text")
    }

    func testQuotingDoublesQuotesAndRemovesLineBreaks() {
        XCTAssertEqual(GnuplotQuoting.quoted("it's"), "'it'.\"'\".'s'")
        XCTAssertEqual(GnuplotQuoting.quoted("''x"), "\"'\".\"'\".'x'")
        XCTAssertEqual(GnuplotQuoting.quoted(""), "''")
        XCTAssertEqual(GnuplotQuoting.quoted("a\nb\rc\0d\te"), "'a b c d e'")
        XCTAssertEqual(GnuplotQuoting.quoted("`x`"), "'`x`'")
    }

    func testOutputPathsWithQuotesOrBreaksAreRefused() throws {
        let renderer = PlotRenderer(folder: try makePlotFolder(), session: sharedPlotSession)
        for bad in ["a'b.png", "a\"b.png", "`touch x`.png", "a\nb.png", "$(x).png", "a\\b.png", ".png"] {
            XCTAssertThrowsError(try renderer.render(PlotSamples.accuracy, to: .file(bad)), bad) {
                guard case .invalidPath = $0 as? PlotError else { return XCTFail("\(bad): \($0)") }
            }
        }
        var hostileFolder = PlotRenderer(folder: URL(fileURLWithPath: "/tmp/a'b"), session: sharedPlotSession)
        XCTAssertThrowsError(try hostileFolder.render(PlotSamples.accuracy, to: .file("ok.png")))
        hostileFolder.folder = URL(fileURLWithPath: "/tmp/`x`")
        XCTAssertThrowsError(try hostileFolder.render(PlotSamples.accuracy, to: .file("ok.png")))
    }
}
