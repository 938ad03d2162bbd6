import XCTest
import Numerics
@testable import URNNEngine

/// Golden tests of the data files for small fixed inputs, and of the script's choices.
final class PlotDataTests: XCTestCase {
    private let header = """
        # One block per series, separated by two blank lines: select one with `index N`.
        # Non-finite values are written as NaN, which gnuplot skips.

        """

    func testLossDataWithSmoothingAndHeldOut() throws {
        let spec = try PlotSpec.training(.loss, runs: [
            TrainingRun(name: "a", batches: [1, 2, 3], values: [3, 1, .nan], heldOutBatches: [3], heldOutValues: [0.5]),
            TrainingRun(name: "b", batches: [1, 2], values: [2, 4]),
        ], smooth: 2, baseline: 1.5)
        let expected = "# urnn plot data (loss)\n" + header + """

            # index 0: a
            # columns: batch | loss
            1 3
            2 2
            3 1



            # index 1: a (valid)
            # columns: batch | loss
            3 0.5



            # index 2: b
            # columns: batch | loss
            1 2
            2 3

            """
        XCTAssertEqual(try GnuplotScript(spec).data, expected)
        let script = try GnuplotScript(spec).text(terminal: .png(width: 900, height: 600), output: "loss.png", data: .file("loss.dat"))
        XCTAssertTrue(script.contains("'./loss.dat' index 2 using 1:2 with lines"), script)
        XCTAssertTrue(script.contains("1.5 with lines lw 1.5 dt 2"), "baseline is dashed:\n\(script)")
        XCTAssertTrue(script.contains("pt 7 ps 1.2 lc rgb '#0072b2' title 'a (valid)'"), "validation points in the run's colour:\n\(script)")
    }

    func testZerosOnALogAxisGoToAMarkedFloor() throws {
        let spec = try PlotSpec.unitarity([NamedCurve(name: "exact", x: [0, 1, 2], y: [0, 3e-16, 0])])
        let g = try GnuplotScript(spec)
        XCTAssertEqual(g.data, "# urnn plot data (unitarity)\n" + """
            # One block per series, separated by two blank lines: select one with `index N`.
            # Log y axis: 2 value(s) <= 0 are written as 1e-17.
            # Non-finite values are written as NaN, which gnuplot skips.

            # index 0: exact
            # columns: batch | ||W*W - I||_F
            0 1e-17
            1 3e-16
            2 1e-17

            """)
        let script = try g.text(terminal: .svg(width: 600, height: 400), output: "u.svg", data: .file("u.dat"))
        XCTAssertTrue(script.contains("set logscale y"))
        XCTAssertTrue(script.contains("1e-17 with lines lw 1.5 dt 3 lc rgb '#555555' title 'values <= 0 drawn here'"), script)
        // All zeros: the floor is 1e-17, below anything double precision distinguishes from 0 here.
        let zeros = try GnuplotScript(PlotSpec.unitarity([NamedCurve(name: "z", y: [0, 0])]))
        XCTAssertEqual(zeros.logFloor?.value, 1e-17)
        // No floor line when nothing was raised.
        XCTAssertNil(try GnuplotScript(PlotSpec.gradientFlow([NamedCurve(name: "g", y: [1, 0.5])])).logFloor)
    }

    func testResultsGroupAndSortByX() throws {
        let spec = try PlotSpec.results(rows: [
            ["model": .text("RNN"), "seq": .number(200), "acc": .number(80.45)],
            ["model": .text("uRNN"), "seq": .number(100), "acc": .number(38.12)],
            ["model": .text("RNN"), "seq": .number(100), "acc": .number(92.01)],
            ["model": .text("RNN"), "acc": .number(1)],
        ], x: "seq", y: "acc", by: "model")
        XCTAssertEqual(spec.series.map(\.name), ["RNN", "uRNN"])
        XCTAssertTrue(try GnuplotScript(spec).data.hasSuffix("""
            # index 0: RNN
            # columns: seq | acc
            100 92.01
            200 80.45



            # index 1: uRNN
            # columns: seq | acc
            100 38.12

            """))
        XCTAssertThrowsError(try PlotSpec.results(rows: [["seq": .number(1)]], x: "seq", y: "accuracy")) {
            XCTAssertTrue("\($0)".contains("no column 'accuracy' (columns: seq)"), "\($0)")
        }
        XCTAssertThrowsError(try PlotSpec.results(rows: [["seq": .text("long"), "y": .number(1)]], x: "seq", y: "y")) {
            XCTAssertTrue("\($0)".contains("must be numeric"), "\($0)")
        }
    }

    func testErrorBarsAreAThirdColumnDrawnWithYErrorLines() throws {
        let spec = try PlotSpec.results(errorBars: [
            ErrorBarCurve(name: "lr=0.1", x: [64, 32], y: [0.5, 0.25], errors: [0.125, 0]),
        ], x: "hidden", y: "acc", by: "lr")
        let script = try GnuplotScript(spec)
        XCTAssertTrue(script.data.hasSuffix("""
            # index 0: lr=0.1
            # columns: hidden | acc | error (standard deviation)
            32 0.25 0
            64 0.5 0.125

            """), script.data)
        let text = try script.text(terminal: .svg(width: 900, height: 600), output: "a.svg", data: .file("a.svg.dat"))
        XCTAssertTrue(text.contains("index 0 using 1:2:3 with yerrorlines"), text)
        XCTAssertThrowsError(try PlotSpec.results(errorBars: [ErrorBarCurve(name: "a", x: [1, 2], y: [1, 2], errors: [1])],
                                                  x: "x", y: "y", by: nil)) {
            XCTAssertTrue("\($0)".contains("2 x values, 2 means and 1 error bars"), "\($0)")
        }
    }

    func testEigenvaluesHaveTheUnitCircleAndEqualAxes() throws {
        let spec = try PlotSpec.eigenvalues([EigenvalueSet(name: "m", values: [Complex(0, 2), Complex(0.5, 0)])])
        XCTAssertTrue(spec.equalAxes)
        XCTAssertEqual(spec.xRange, spec.yRange)
        XCTAssertEqual(spec.xRange?.upperBound ?? 0, 2 * 1.15, accuracy: 1e-12, "range covers the largest |lambda|")
        let data = try GnuplotScript(spec).data
        XCTAssertTrue(data.contains("# index 0: unit circle\n# columns: real part | imaginary part\n1 0\n"), data)
        XCTAssertTrue(data.hasSuffix("# index 1: m\n# columns: real | imaginary\n0 2\n0.5 0\n"), data)
        let script = try GnuplotScript(spec).text(terminal: .dumb(width: 80, height: 24), output: nil, data: .inline)
        XCTAssertTrue(script.contains("set size ratio -1"))
        XCTAssertTrue(script.contains("$urnn_data << EOD"))
    }

    func testSingularValuesSortedLargestFirst() throws {
        let spec = try PlotSpec.singularValues([NamedCurve(name: "w", y: [0.5, 2, 1])])
        XCTAssertTrue(try GnuplotScript(spec).data.hasSuffix("1 2\n2 1\n3 0.5\n"))
    }

    func testBadDataIsRefusedClearly() throws {
        XCTAssertThrowsError(try GnuplotScript(PlotSpec(series: [.line(LineSeries(name: "x", x: [1, 2], y: [1]))]))) {
            XCTAssertEqual("\($0)", "cannot plot: series 'x' has 2 x values but 1 y values")
        }
        XCTAssertThrowsError(try GnuplotScript(PlotSpec(series: [.line(LineSeries(name: "x", x: [], y: []))])))
        XCTAssertThrowsError(try PlotSpec.training(.loss, runs: [TrainingRun(name: "r", batches: [1], values: [1])], smooth: 0))
        XCTAssertEqual(movingAverage([1, 2, 3, 4], window: 3), [1, 1.5, 2, 3])
        XCTAssertEqual(GnuplotQuoting.number(1e-16), "1e-16")
        XCTAssertEqual(GnuplotQuoting.number(-.infinity), "NaN")
    }

    func testOverridesReplaceDefaults() throws {
        let spec = try PlotSpec.gradientFlow([NamedCurve(name: "g", y: [1])])
            .overriding(title: "My title", yLabel: "norm", logY: false, legend: .hidden)
        XCTAssertEqual(spec.title, "My title")
        XCTAssertEqual(spec.xLabel, "time step t")
        XCTAssertFalse(spec.logY)
        XCTAssertTrue(try GnuplotScript(spec).text(terminal: .png(width: 10, height: 10), output: "a.png", data: .inline).contains("unset key"))
    }
}
