import XCTest
@testable import URNNEngine

/// Legends below line charts, a second y axis, log ticks, and the dumb terminal's glyphs and
/// labels: checked in the script text, and where gnuplot is installed in its drawing.
final class PlotPolishTests: XCTestCase {
    func script(_ spec: PlotSpec, _ terminal: GnuplotTerminal = .png(width: 900, height: 600)) throws -> String {
        try GnuplotScript(spec).text(terminal: terminal, output: terminal == .dumb(width: 80, height: 24) ? nil : "a.png",
                                     data: .inline)
    }

    func testLineChartsPutTheLegendBelowTheFrame() throws {
        for (name, spec) in PlotSamples.all where name != "eig" {
            XCTAssertEqual(spec.legend, .below, name)
            XCTAssertTrue(try script(spec).contains("set key below"), name)
        }
        XCTAssertEqual(PlotSamples.eig.legend, .outside)
    }

    func testHistoryPutsASecondUnitOnTheRightHandAxis() throws {
        let spec = PlotSamples.history
        XCTAssertEqual(spec.yLabel, "loss (nats)")
        XCTAssertEqual(spec.y2Label, "gradient norm, ||W*W - I||_F")
        XCTAssertEqual(spec.series.map(\.onSecondAxis), [false, true, true])
        XCTAssertEqual(spec.series.map(\.name), ["loss", "gradnorm", "unitarity"])
        let text = try script(spec)
        for line in ["set y2tics", "set ytics nomirror", "set logscale y2", "set y2label 'gradient norm, ||W*W - I||_F'"] {
            XCTAssertTrue(text.contains(line), "missing '\(line)' in\n\(text)")
        }
        XCTAssertEqual(text.components(separatedBy: "axes x1y2 with").count - 1, 3, "two series and the y2 floor on the right")
        XCTAssertFalse(text.contains("set logscale y\n"), "the left axis stays linear")
        // Three units do not fit one chart.
        XCTAssertThrowsError(try PlotSpec.history(runs: [("u", PlotSamples.historyRecords)], metrics: [.loss, .accuracy, .gradnorm]))
        // One unit: no right-hand axis at all.
        let one = try PlotSpec.history(runs: [("u", PlotSamples.historyRecords)], metrics: [.gradnorm, .unitarity])
        XCTAssertFalse(try script(one).contains("y2tics"))
    }

    func testALogAxisOverFewDecadesGetsAtLeastThreeLabelledTicks() throws {
        // 1.8 ... 2.4 lies inside one decade: gnuplot alone would label only 1 and 10.
        var spec = PlotSamples.loss
        spec.logY = true
        let ticks = try XCTUnwrap(GnuplotScript(spec).logTicks(onSecondAxis: false))
        XCTAssertEqual(ticks, [1, 2, 5])
        XCTAssertTrue(try script(spec).contains("set ytics (1, 2, 5)"))
        // 1e-16 ... 5e-15 over two decades: 1-2-5 steps from 1e-16 to 5e-15.
        let narrow = try PlotSpec.unitarity([NamedCurve(name: "a", y: [1e-16, 3e-16, 5e-15])])
        XCTAssertEqual(try GnuplotScript(narrow).logTicks(onSecondAxis: false), [1e-16, 2e-16, 5e-16, 1e-15, 2e-15, 5e-15])
        // Six decades: gnuplot's powers of ten already give seven labels.
        XCTAssertNil(try GnuplotScript(PlotSamples.gradflow).logTicks(onSecondAxis: false))
        XCTAssertTrue(try script(PlotSamples.gradflow).contains("set format y '%g'"))
    }

    func testTheDumbTerminalGivesEachModelALetterAndTheEigLabelSitsInside() throws {
        let dumb = GnuplotTerminal.dumb(width: 80, height: 24)
        let loss = try script(PlotSamples.loss, dumb)
        XCTAssertTrue(loss.contains("linespoints pt 1 pi 1"), loss)
        XCTAssertTrue(loss.contains("linespoints pt 2 pi 1"), loss)
        XCTAssertFalse(try script(PlotSamples.loss).contains("linespoints pt 1 pi"), "images keep plain lines")
        let eig = try script(PlotSamples.eig, dumb)
        XCTAssertTrue(eig.contains("unset ylabel") && eig.contains("set label 1 'imaginary part' at graph 0.02, graph 0.96"), eig)
        XCTAssertTrue(eig.contains("with lines lw 1 dt 2"), "the unit circle stays a plain dashed line")

        try requireGnuplot()
        let renderer = PlotRenderer(folder: try makePlotFolder(), session: sharedPlotSession)
        let text = try XCTUnwrap(try renderer.render(PlotSamples.loss, to: .inline(width: 80, height: 24)).text)
        XCTAssertTrue(text.contains("A") && text.contains("B"), text)
        let eigText = try XCTUnwrap(try renderer.render(PlotSamples.eig, to: .inline(width: 80, height: 24)).text)
        let labelLine = try XCTUnwrap(eigText.split(separator: "\n").first { $0.contains("imaginary part") })
        // Inside the frame: the label has the frame's left border '|' before it.
        let border = try XCTUnwrap(labelLine.firstIndex(of: "|"))
        XCTAssertLessThan(border, try XCTUnwrap(labelLine.range(of: "imaginary part")).lowerBound, eigText)
    }
}
