import Foundation

/// Writing a `PlotSpec` as gnuplot text: the data (one block per series, selected with `index`)
/// and a readable script that draws it on a chosen terminal.

/// The gnuplot terminal a script draws on.
public enum GnuplotTerminal: Sendable, Equatable {
    /// `pngcairo`, size in pixels.
    case png(width: Int, height: Int)
    /// `svg`, size in pixels.
    case svg(width: Int, height: Int)
    /// `pdfcairo`, size in inches.
    case pdf(widthInches: Double, heightInches: Double)
    /// `dumb`: text, size in characters.
    case dumb(width: Int, height: Int)

    /// The terminal for an output file, chosen by its extension (.png, .svg, .pdf).
    public static func forFile(_ path: String) throws -> GnuplotTerminal {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) {
        case "png": return .png(width: 900, height: 600)
        case "svg": return .svg(width: 900, height: 600)
        case "pdf": return .pdf(widthInches: 6, heightInches: 4)
        default: throw PlotError.unsupportedFormat(path: GnuplotQuoting.sanitized(path))
        }
    }

    /// The `set terminal` command. `noenhanced` everywhere: model names such as `urnn_exact`
    /// must print as written, not with `_e` as a subscript.
    var command: String {
        switch self {
        case let .png(w, h): return "set terminal pngcairo noenhanced size \(w),\(h) font 'sans,10'"
        case let .svg(w, h): return "set terminal svg noenhanced size \(w),\(h) font 'sans,10' background '#ffffff'"
        case let .pdf(w, h):
            return "set terminal pdfcairo noenhanced size \(GnuplotQuoting.number(w))in,\(GnuplotQuoting.number(h))in font 'sans,9'"
        case let .dumb(w, h): return "set terminal dumb noenhanced size \(w),\(h)"
        }
    }
}

/// Where a script finds its data.
public enum GnuplotDataSource: Sendable, Equatable {
    /// A data file next to the script, named relative to the folder the script runs in.
    case file(String)
    /// A data block inside the script itself (used for inline plots, which write no files).
    case inline
}

/// The gnuplot text for one chart.
public struct GnuplotScript: Sendable {
    /// Colours by `colorIndex` (Okabe-Ito, readable by most colour-blind readers, then grey, black).
    public static let palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f7f7f", "#000000"]
    /// Point types given to marker series in turn: filled circle, square, triangle, diamond, ...
    public static let markers = [7, 5, 9, 13, 11, 15, 1, 2, 3]

    /// The chart, validated, with log-axis floors applied.
    let spec: PlotSpec
    /// Drawable series (empty ones dropped), in `index` order, with their columns.
    let blocks: [(series: PlotSeries, first: [Double], second: [Double])]
    /// On a log y axis, the value that stands in for y <= 0, and how many values it replaced.
    let logFloor: (value: Double, count: Int)?

    /// Validates `spec`: equal column lengths, at least one point, no empty axis range.
    public init(_ spec: PlotSpec) throws {
        var blocks: [(PlotSeries, [Double], [Double])] = []
        for s in spec.series {
            let (a, b) = s.columns
            guard a.count == b.count else {
                throw PlotError.invalidData("series '\(GnuplotQuoting.sanitized(s.name))' has \(a.count) x values but \(b.count) y values")
            }
            if case let .line(line) = s, let errors = line.yErrors, errors.count != b.count {
                throw PlotError.invalidData("series '\(GnuplotQuoting.sanitized(s.name))' has \(b.count) y values but \(errors.count) error bars")
            }
            if !a.isEmpty { blocks.append((s, a, b)) }
        }
        guard !blocks.isEmpty else { throw PlotError.invalidData("there are no points to draw") }
        for (name, r) in [("x", spec.xRange), ("y", spec.yRange)] {
            if let r, !(r.lowerBound < r.upperBound) || !r.lowerBound.isFinite || !r.upperBound.isFinite {
                throw PlotError.invalidData("the \(name) range must have finite ends, lower below upper")
            }
        }
        self.spec = spec
        // Zeros are common on a log axis here (an exactly unitary W has error 0): rather than let
        // gnuplot drop them silently, draw them on a floor one decade below the smallest positive
        // value on that axis (or 1e-17, below double precision, if none) and mark the floor.
        var floored = blocks
        var floors: [Bool: (value: Double, count: Int)] = [:]
        for second in [false, true] where second ? spec.logY2 : spec.logY {
            let mine = floored.indices.filter { floored[$0].0.onSecondAxis == second }
            let positives = mine.flatMap { floored[$0].2 }.filter { $0 > 0 && $0.isFinite }
            let floor = positives.min().map(decadeBelow) ?? 1e-17
            var count = 0
            for i in mine {
                floored[i].2 = floored[i].2.map { v in
                    if v <= 0 { count += 1; return floor }
                    return v
                }
            }
            if count > 0 { floors[second] = (floor, count) }
        }
        self.blocks = floored
        self.logFloor = floors[false]
        self.logFloor2 = floors[true]
    }

    /// On a log right-hand axis, the floor that stands in for y <= 0 there (as `logFloor`).
    let logFloor2: (value: Double, count: Int)?

    /// True when some series is drawn against the right-hand axis.
    var usesSecondAxis: Bool { blocks.contains { $0.series.onSecondAxis } }

    /// The data file: a header, then one block per series separated by two blank lines.
    public var data: String {
        var out = "# urnn plot data (\(GnuplotQuoting.sanitized(spec.kind)))\n"
        out += "# One block per series, separated by two blank lines: select one with `index N`.\n"
        if let f = logFloor {
            out += "# Log y axis: \(f.count) value(s) <= 0 are written as \(GnuplotQuoting.number(f.value)).\n"
        }
        if let f = logFloor2 {
            out += "# Log y2 axis: \(f.count) value(s) <= 0 are written as \(GnuplotQuoting.number(f.value)).\n"
        }
        out += "# Non-finite values are written as NaN, which gnuplot skips.\n"
        for (i, b) in blocks.enumerated() {
            if i > 0 { out += "\n\n" }
            let (xName, yName) = columnNames(b.series)
            out += "\n# index \(i): \(GnuplotQuoting.sanitized(b.series.name))\n"
            if case let .line(line) = b.series, let errors = line.yErrors {
                out += "# columns: \(xName) | \(yName) | error (standard deviation)\n"
                for ((x, y), e) in zip(zip(b.first, b.second), errors) {
                    out += "\(GnuplotQuoting.number(x)) \(GnuplotQuoting.number(y)) \(GnuplotQuoting.number(e))\n"
                }
                continue
            }
            out += "# columns: \(xName) | \(yName)\n"
            for (x, y) in zip(b.first, b.second) {
                out += "\(GnuplotQuoting.number(x)) \(GnuplotQuoting.number(y))\n"
            }
        }
        return out
    }

    private func columnNames(_ s: PlotSeries) -> (String, String) {
        if case .complexPoints = s { return ("real", "imaginary") }
        let x = spec.xLabel.isEmpty ? "x" : GnuplotQuoting.sanitized(spec.xLabel)
        let y = spec.yLabel.isEmpty ? "y" : GnuplotQuoting.sanitized(spec.yLabel)
        return (x, y)
    }

    /// The script: settings, then one `plot` command with a clause per series and reference line.
    /// `output` is the image file name (`nil` for the terminal's standard output).
    public func text(terminal: GnuplotTerminal, output: String?, data source: GnuplotDataSource) throws -> String {
        let q = GnuplotQuoting.quoted
        var lines = ["# urnn plot (\(GnuplotQuoting.sanitized(spec.kind))), written by urnn for gnuplot 5."]
        let dataRef: String
        switch source {
        case let .file(name):
            // Every file name reaches gnuplot as `./NAME` or `/PATH` (see `GnuplotQuoting.fileName`).
            dataRef = try GnuplotQuoting.fileName(name)
            lines.append("# Run it with gnuplot from this folder: it reads \(name)" + (output.map { " and writes \($0)." } ?? "."))
        case .inline:
            dataRef = "$urnn_data"
        }
        let outputName = try output.map(GnuplotQuoting.fileName)
        lines += ["reset", "set encoding utf8", terminal.command, outputName.map { "set output \($0)" } ?? "set output"]
        if source == .inline {
            lines.append("$urnn_data << EOD")
            lines += data.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.append("EOD")
        }
        lines.append(spec.title.isEmpty ? "unset title" : "set title \(q(spec.title))")
        lines.append("set xlabel \(q(spec.xLabel))")
        if case .dumb = terminal, spec.equalAxes {
            // The dumb terminal writes the y label across the tick labels left of a square
            // frame; inside the frame's top-left corner (outside the unit circle) it stays legible.
            lines += ["unset ylabel", "set label 1 \(q(spec.yLabel)) at graph 0.02, graph 0.96 left front"]
        } else {
            lines.append("set ylabel \(q(spec.yLabel))")
        }
        lines.append("set grid")
        lines.append(keyCommand)
        if spec.logY {
            lines += ["set logscale y", "set format y '%g'"]
            if let ticks = logTicks(onSecondAxis: false) { lines.append("set ytics (\(ticks.map(GnuplotQuoting.number).joined(separator: ", ")))") }
        }
        if usesSecondAxis {
            lines += ["set ytics nomirror", "set y2tics", "set y2label \(q(spec.y2Label))"]
            if spec.logY2 {
                lines += ["set logscale y2", "set format y2 '%g'"]
                if let ticks = logTicks(onSecondAxis: true) { lines.append("set y2tics (\(ticks.map(GnuplotQuoting.number).joined(separator: ", ")))") }
            }
        }
        if spec.equalAxes { lines.append("set size ratio -1") }
        let n = GnuplotQuoting.number
        if let r = spec.xRange { lines.append("set xrange [\(n(r.lowerBound)):\(n(r.upperBound))]") }
        if let r = spec.yRange { lines.append("set yrange [\(n(r.lowerBound)):\(n(r.upperBound))]") }
        let clauses = plotClauses(dataRef: dataRef, terminal: terminal)
        lines.append("plot " + clauses.joined(separator: ", \\\n     "))
        lines.append("unset output")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Labelled ticks for a log axis whose data span fewer than three decades: gnuplot labels
    /// only powers of ten, which leaves one or two labels there. The 1-2-5 steps inside the
    /// data's range and one beyond each end give at least three; `nil` leaves gnuplot's decades.
    func logTicks(onSecondAxis second: Bool) -> [Double]? {
        let values = blocks.filter { $0.series.onSecondAxis == second }.flatMap(\.second).filter { $0 > 0 && $0.isFinite }
        guard let lo = values.min(), let hi = values.max() else { return nil }
        let first = log10(lo).rounded(.down), last = log10(hi).rounded(.up)
        guard last - first < 3 else { return nil }
        let candidates = stride(from: first - 1, through: last + 1, by: 1).flatMap { e in
            // From text, so that 2e-5 is the double nearest 2e-5, not 2 * 1e-5 rounded twice.
            ["1", "2", "5"].map { Double("\($0)e\(Int(e))") ?? 0 }
        }
        // The last candidate at or below lo, through the first at or above hi.
        let start = candidates.lastIndex { $0 <= lo } ?? 0
        let end = candidates.firstIndex { $0 >= hi } ?? candidates.count - 1
        var ticks = Array(candidates[start...max(start, end)])
        while ticks.count < 3, let next = candidates.first(where: { $0 > ticks.last! }) { ticks.append(next) }
        return ticks
    }

    private var keyCommand: String {
        switch spec.legend {
        case .topRight: return "set key top right"
        case .topLeft: return "set key top left"
        case .bottomRight: return "set key bottom right"
        case .bottomLeft: return "set key bottom left"
        case .outside: return "set key outside right top"
        case .hidden: return "unset key"
        case .below: return "set key below"
        }
    }

    /// On the dumb terminal colours do not show: each line also carries a letter (gnuplot's
    /// dumb point type k is the k-th capital), the same for every line of one model (colour
    /// index), about eight to a line.
    private func plotClauses(dataRef: String, terminal: GnuplotTerminal) -> [String] {
        let q = GnuplotQuoting.quoted, n = GnuplotQuoting.number
        var nextColor = 0, nextMarker = 0
        func color(_ i: Int?) -> String {
            let k = i ?? { defer { nextColor += 1 }; return nextColor }()
            return "lc rgb '\(GnuplotScript.palette[((k % 8) + 8) % 8])'"
        }
        func marker(_ m: Int?) -> Int {
            if let m { return m }
            defer { nextMarker += 1 }
            return GnuplotScript.markers[nextMarker % GnuplotScript.markers.count]
        }
        func title(_ s: String) -> String { s.isEmpty ? "notitle" : "title \(q(s))" }
        var out: [String] = []
        for (i, b) in blocks.enumerated() {
            let src = "\(dataRef) index \(i) using 1:2" + (b.series.onSecondAxis ? " axes x1y2" : "")
            switch b.series {
            case let .line(s) where s.yErrors != nil:
                out.append("\(dataRef) index \(i) using 1:2:3 with yerrorlines pt \(marker(nil)) ps 0.8 lw \(n(s.width)) "
                           + "\(dashType(s.dash)) \(color(s.colorIndex)) \(title(s.name))")
            case let .line(s):
                var with = s.withPoints ? "linespoints pt \(marker(nil)) ps 0.8" : "lines"
                // Thin lines (width < 2, such as the unit circle) are guides, not models.
                if case .dumb = terminal, s.width >= 2 {
                    let glyph = ((s.colorIndex ?? i) % 26 + 26) % 26 + 1
                    with = "linespoints pt \(glyph) pi \(Swift.max(1, b.first.count / 8))"
                }
                out.append("\(src) with \(with) lw \(n(s.width)) \(dashType(s.dash)) \(color(s.colorIndex)) \(title(s.name))")
            case let .points(s):
                out.append("\(src) with points pt \(marker(s.marker)) ps \(n(s.size)) \(color(s.colorIndex)) \(title(s.name))")
            case let .complexPoints(s):
                out.append("\(src) with points pt \(marker(s.marker)) ps \(n(s.size)) \(color(s.colorIndex)) \(title(s.name))")
            }
        }
        var refs = spec.references
        if let f = logFloor { refs.append(ReferenceLine(name: "values <= 0 drawn here", y: f.value, dash: .dotted)) }
        for r in refs {
            let y = spec.logY && r.y <= 0 ? (logFloor?.value ?? 1e-17) : r.y
            out.append("\(n(y)) with lines lw 1.5 \(dashType(r.dash)) lc rgb '#555555' \(title(r.name))")
        }
        if let f = logFloor2 {
            out.append("\(n(f.value)) axes x1y2 with lines lw 1.5 \(dashType(.dotted)) lc rgb '#555555' title 'right axis: values <= 0 drawn here'")
        }
        return out
    }

    private func dashType(_ d: LineDash) -> String {
        switch d {
        case .solid: return "dt 1"
        case .dashed: return "dt 2"
        case .dotted: return "dt 3"
        }
    }
}

/// The largest power of ten at or below a positive finite `x`, divided by ten: the floor that
/// stands in for non-positive values one decade below the data.
private func decadeBelow(_ x: Double) -> Double {
    pow(10, log10(x).rounded(.down) - 1)
}
