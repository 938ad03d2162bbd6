import XCTest
@testable import URNNEngine

/// The gnuplot process: missing executable, errors, timeouts, reuse.
final class PlotSessionTests: XCTestCase {
    func testMissingGnuplotStillWritesTheFilesAndSaysHowToInstall() throws {
        let dir = try makePlotFolder()
        let emptyBin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: emptyBin, withIntermediateDirectories: true)
        let renderer = PlotRenderer(folder: dir.appendingPathComponent("plots"),
                                    session: GnuplotSession(searchPath: emptyBin.path))
        XCTAssertThrowsError(try renderer.render(PlotSamples.loss, to: .file("loss.png"))) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("apt-get install --no-install-recommends gnuplot-nox"), message)
            XCTAssertTrue(message.contains("scripts/setup"), message)
            XCTAssertTrue(message.contains("loss.png.gp") && message.contains("loss.png.dat"), message)
        }
        for name in ["loss.png.gp", "loss.png.dat"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("plots/\(name)").path), name)
        }
        XCTAssertThrowsError(try renderer.render(PlotSamples.loss, to: .inline(width: 80, height: 20))) {
            guard case .gnuplotNotFound = $0 as? PlotError else { return XCTFail("\($0)") }
        }
    }

    func testGnuplotErrorsAreReportedAndTheSessionGoesOn() throws {
        try requireGnuplot()
        XCTAssertThrowsError(try sharedPlotSession.run("plot undefined_function(x)")) {
            guard case let .gnuplotFailed(message, _) = $0 as? PlotError else { return XCTFail("\($0)") }
            XCTAssertTrue(message.contains("undefined function"), message)
        }
        let reply = try sharedPlotSession.run("print 1+1")
        XCTAssertEqual(reply.warnings, [])
        let warned = try sharedPlotSession.run("reset\nset terminal dumb size 40,10\nset output\nplot '-' with lines\n1 1\n2 1\ne")
        XCTAssertTrue(warned.warnings.contains { $0.contains("empty y range") }, "\(warned.warnings)")
    }

    func testASlowPlotIsKilledAndTheNextOneWorks() throws {
        try requireGnuplot()
        let session = GnuplotSession(timeout: 0.5)
        let start = Date()
        XCTAssertThrowsError(try session.run("pause 30")) {
            XCTAssertEqual($0 as? PlotError, .timedOut(seconds: 0.5, script: nil))
            XCTAssertTrue("\($0)".contains("longer than 0.5 s"), "\($0)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        session.timeout = 10
        let text = try XCTUnwrap(PlotRenderer(folder: try makePlotFolder(), session: session)
            .render(PlotSamples.accuracy, to: .inline(width: 60, height: 15)).text)
        XCTAssertTrue(text.contains("Accuracy by batch"), text)
        session.close()
    }
}
