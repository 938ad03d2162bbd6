import XCTest
import Numerics
@testable import URNNEngine

/// One gnuplot process for all plot tests: its start is most of a render's time.
let sharedPlotSession = GnuplotSession(timeout: 20)

/// A fresh empty folder for one test's files.
func makePlotFolder(_ name: String = #function) throws -> URL {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("urnn-plot-tests-\(ProcessInfo.processInfo.processIdentifier)")
        .appendingPathComponent(name.filter { $0.isLetter || $0.isNumber })
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

func requireGnuplot() throws {
    if GnuplotSession().executable == nil { throw XCTSkip("gnuplot is not installed") }
}

/// Small synthetic inputs for every kind of chart.
enum PlotSamples {
    static let loss = try! PlotSpec.training(.loss, runs: [
        TrainingRun(name: "urnn (exact, h=16)", batches: [1, 2, 3, 4, 5, 6], values: [2.3, 2.0, 1.7, 1.5, 1.4, 1.3],
                    heldOutBatches: [3, 6], heldOutValues: [1.8, 1.45]),
        TrainingRun(name: "rnn_tanh", batches: [1, 2, 3, 4, 5, 6], values: [2.3, 2.2, 2.1, 2.15, 2.05, 2.0]),
    ], smooth: 2, baseline: 2.08, baselineName: "memoryless baseline")
    static let accuracy = try! PlotSpec.training(.accuracy, runs: [
        TrainingRun(name: "urnn", batches: [1, 2, 3, 4], values: [10, 20, 35, 40], heldOutBatches: [4], heldOutValues: [38]),
    ])
    static let eig = try! PlotSpec.eigenvalues([
        EigenvalueSet(name: "urnn exact", values: (0..<8).map { k in
            let t = Double(k) * 0.7; return Complex(Double.cos(t), Double.sin(t)) }),
        EigenvalueSet(name: "rnn", values: [Complex(0.5, 0.2), Complex(0.5, -0.2), Complex(-1.2, 0)]),
    ])
    static let gradflow = try! PlotSpec.gradientFlow([
        NamedCurve(name: "rnn", y: (0..<20).map { pow(0.7, Double(20 - $0)) }),
        NamedCurve(name: "urnn", y: (0..<20).map { _ in 0.9 }),
    ])
    static let unitarity = try! PlotSpec.unitarity([
        NamedCurve(name: "free", x: [0, 10, 20, 30], y: [0, 1e-3, 0.02, 0.3]),
        NamedCurve(name: "exact", x: [0, 10, 20, 30], y: [0, 2e-16, 0, 4e-16]),
    ])
    static let results = try! PlotSpec.results(rows: [
        ["model": .text("uRNN"), "seq": .number(100), "accuracy": .number(38.12)],
        ["model": .text("uRNN"), "seq": .number(200), "accuracy": .number(34.15)],
        ["model": .text("uRNN"), "seq": .number(400), "accuracy": .number(15.23)],
        ["model": .text("RNN"), "seq": .number(400), "accuracy": .number(56.73)],
        ["model": .text("RNN"), "seq": .number(100), "accuracy": .number(92.01)],
        ["model": .text("RNN"), "seq": .number(200), "accuracy": .number(80.45)],
    ], x: "seq", y: "accuracy", by: "model")
    static let errorBars = try! PlotSpec.results(errorBars: [
        ErrorBarCurve(name: "model=uRNN", x: [400, 100, 200], y: [0.15, 0.38, 0.34], errors: [0.05, 0.02, 0]),
        ErrorBarCurve(name: "model=RNN", x: [100, 200, 400], y: [0.92, 0.80, 0.57], errors: [0.01, 0.03, 0.08]),
    ], x: "seq", y: "accuracy", by: "model")
    static let svd = try! PlotSpec.singularValues([
        NamedCurve(name: "urnn", y: [1, 1, 1, 1]),
        NamedCurve(name: "rnn", y: [0.2, 1.7, 0.9, 0.05]),
    ], logY: true)

    static let position = try! PlotSpec.position([
        NamedCurve(name: "ngram(order=2)", y: [0.15, 0.2, 0.2, 0.21, 0.2, 0.2]),
        NamedCurve(name: "lstm", y: [0.1, 0.18, 0.22, 0.24, 0.25, 0.26]),
    ])

    static let series = try! PlotSpec.series([
        NamedCurve(name: "sin", x: (0..<30).map { Double($0) / 5 }, y: (0..<30).map { Double.sin(Double($0) / 5) }),
        NamedCurve(name: "cos", x: (0..<30).map { Double($0) / 5 }, y: (0..<30).map { Double.cos(Double($0) / 5) }),
    ])
    static let historyRecords: TrainingHistory = {
        var h = TrainingHistory()
        h.steps = (1...6).map { k in
            StepRecord(step: k, epoch: 0, loss: 2.4 - 0.1 * Double(k), accuracy: nil, gradientNorm: 1 / Double(k),
                       unitarityError: k.isMultiple(of: 2) ? 0 : 1e-15 * Double(k), wallTime: 0.01 * Double(k))
        }
        return h
    }()
    static let history = try! PlotSpec.history(runs: [(name: "u", history: historyRecords)],
                                               metrics: [.loss, .gradnorm, .unitarity], logY2: true)

    static let all: [(String, PlotSpec)] = [("loss", loss), ("accuracy", accuracy), ("eig", eig),
        ("gradflow", gradflow), ("unitarity", unitarity), ("results", results),
        ("results-error-bars", errorBars), ("svd", svd), ("position", position),
        ("series", series), ("history", history)]
}

final class PlotKindsTests: XCTestCase {
    func testEveryKindRendersPNGAndSVGAndTheScriptReproducesIt() throws {
        try requireGnuplot()
        let dir = try makePlotFolder()
        let renderer = PlotRenderer(folder: dir, session: sharedPlotSession)
        for (name, spec) in PlotSamples.all {
            let png = try renderer.render(spec, to: .file("\(name).png"))
            let bytes = try Data(contentsOf: XCTUnwrap(png.image))
            XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name)
            XCTAssertGreaterThan(bytes.count, 10_000, "\(name): a 900x600 chart with lines is larger")
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(name).png.gp").path))
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(name).png.dat").path))

            let svg = try renderer.render(spec, to: .file("\(name).svg"))
            let text = try String(contentsOf: XCTUnwrap(svg.image), encoding: .utf8)
            XCTAssertTrue(text.contains("<svg"), name)
            XCTAssertTrue(text.contains("</svg>"), name)

            // The .gp alone, run by a separate gnuplot in its folder, makes the same image again.
            let image = dir.appendingPathComponent("\(name).png")
            try renderer.render(spec, to: .file("\(name).png")).image.map { _ in () }
            let first = try Data(contentsOf: image)
            try FileManager.default.removeItem(at: image)
            try runGnuplotAlone(script: "\(name).png.gp", in: dir)
            let again = try Data(contentsOf: image)
            XCTAssertEqual(again.count, first.count, "\(name): the script alone should reproduce the image")
            XCTAssertEqual(again, first, "\(name): the script alone should reproduce the image byte for byte")
        }
    }

    func testPDFByExtension() throws {
        try requireGnuplot()
        let dir = try makePlotFolder()
        let result = try PlotRenderer(folder: dir, session: sharedPlotSession).render(PlotSamples.eig, to: .file("sub/eig.pdf"))
        let bytes = try Data(contentsOf: XCTUnwrap(result.image))
        XCTAssertEqual(String(decoding: bytes.prefix(5), as: UTF8.self), "%PDF-")
        XCTAssertEqual(result.image?.deletingLastPathComponent().lastPathComponent, "sub", "relative paths go inside the folder")
    }

    func testUnknownExtensionIsRefused() throws {
        let dir = try makePlotFolder()
        XCTAssertThrowsError(try PlotRenderer(folder: dir, session: sharedPlotSession).render(PlotSamples.loss, to: .file("loss.jpg"))) {
            XCTAssertEqual($0 as? PlotError, .unsupportedFormat(path: "loss.jpg"))
            XCTAssertTrue("\($0)".contains(".png, .svg or .pdf"), "\($0)")
        }
    }

    func testInlinePlotsFitTheWidth() throws {
        try requireGnuplot()
        let renderer = PlotRenderer(folder: try makePlotFolder(), session: sharedPlotSession)
        for (width, height) in [(40, 12), (80, 24), (132, 30)] {
            for (name, spec) in PlotSamples.all {
                let text = try XCTUnwrap(renderer.render(spec, to: .inline(width: width, height: height)).text)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                XCTAssertFalse(lines.isEmpty, name)
                XCTAssertLessThanOrEqual(lines.map(\.count).max() ?? 0, width, "\(name) at \(width):\n\(text)")
                XCTAssertLessThanOrEqual(lines.count, height, "\(name) at height \(height)")
                XCTAssertFalse(text.contains("\u{0C}"), "form feeds are removed")
            }
        }
        let wide = try XCTUnwrap(renderer.render(PlotSamples.loss, to: .inline(width: 100, height: 20)).text)
        XCTAssertTrue(wide.contains("memoryless baseline"), wide)
        XCTAssertThrowsError(try renderer.render(PlotSamples.loss, to: .inline(width: 5, height: 20)))
    }
}

/// Runs `gnuplot SCRIPT` in `dir` as a reader would, failing on a non-zero exit.
func runGnuplotAlone(script: String, in dir: URL) throws {
    let p = Process()
    p.executableURL = try XCTUnwrap(GnuplotSession().executable)
    p.arguments = [script]
    p.currentDirectoryURL = dir
    let err = Pipe()
    p.standardError = err
    try p.run()
    p.waitUntilExit()
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    XCTAssertEqual(p.terminationStatus, 0, "gnuplot \(script): \(message)")
}
