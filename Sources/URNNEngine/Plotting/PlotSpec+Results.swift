/// The results chart: a table of runs drawn as lines, such as accuracy against sequence length
/// with one line per model (the seed's accuracy table as a chart).

/// One cell of a results table.
public enum ResultValue: Sendable, Equatable {
    case number(Double)
    case text(String)

    /// The cell as it reads in a legend.
    public var label: String {
        switch self {
        case let .number(x): return formatReal(x)
        case let .text(s): return s
        }
    }
}

extension PlotSpec {
    /// Lines of column `y` against the numeric column `x`, one per distinct value of column `by`
    /// (a single line when `by` is nil), in order of first appearance, points sorted by x.
    /// Rows lacking `x` or `y` are skipped; a non-numeric `x` or `y` cell is an error.
    public static func results(rows: [[String: ResultValue]], x: String, y: String,
                               by: String? = nil) throws -> PlotSpec {
        let columns = Set(rows.flatMap(\.keys))
        for name in [x, y] + (by.map { [$0] } ?? []) where !columns.contains(name) {
            let known = columns.sorted().joined(separator: ", ")
            throw PlotError.invalidData("the results have no column '\(GnuplotQuoting.sanitized(name))' (columns: \(known.isEmpty ? "none" : known))")
        }
        var order: [String] = []
        var groups: [String: [(Double, Double)]] = [:]
        for row in rows {
            guard let xv = row[x], let yv = row[y] else { continue }
            let key = by.flatMap { row[$0]?.label } ?? (by == nil ? y : "(none)")
            guard case let .number(xn) = xv else {
                throw PlotError.invalidData("column '\(GnuplotQuoting.sanitized(x))' must be numeric, found '\(GnuplotQuoting.sanitized(xv.label))'")
            }
            guard case let .number(yn) = yv else {
                throw PlotError.invalidData("column '\(GnuplotQuoting.sanitized(y))' must be numeric, found '\(GnuplotQuoting.sanitized(yv.label))'")
            }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((xn, yn))
        }
        let curves = order.map { key -> NamedCurve in
            let points = groups[key, default: []].sorted { $0.0 < $1.0 }
            return NamedCurve(name: key, x: points.map(\.0), y: points.map(\.1))
        }
        let title = by.map { "\(y) by \(x), one line per \($0)" } ?? "\(y) by \(x)"
        return PlotSpec(kind: "results", title: title, xLabel: x, yLabel: y,
                        series: lines(curves, withPoints: true), legend: .below)
    }
}

/// One line of a results chart with error bars: means over seeds at each x, and their spread.
public struct ErrorBarCurve: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    /// The half-height of each bar: the sample standard deviation over seeds (0 for one seed).
    public var errors: [Double]

    public init(name: String, x: [Double], y: [Double], errors: [Double]) {
        self.name = name; self.x = x; self.y = y; self.errors = errors
    }
}

extension PlotSpec {
    /// Lines of means with error bars (gnuplot `yerrorlines`), points sorted by x: a results
    /// table merged over seeds, one line per value of `by`.
    public static func results(errorBars curves: [ErrorBarCurve], x: String, y: String, by: String?) throws -> PlotSpec {
        for c in curves where c.y.count != c.x.count || c.errors.count != c.x.count {
            throw PlotError.invalidData("line '\(GnuplotQuoting.sanitized(c.name))' has \(c.x.count) x values, "
                                        + "\(c.y.count) means and \(c.errors.count) error bars")
        }
        let series = curves.enumerated().map { i, c -> PlotSeries in
            let order = c.x.indices.sorted { c.x[$0] < c.x[$1] }
            return .line(LineSeries(name: c.name, x: order.map { c.x[$0] }, y: order.map { c.y[$0] },
                                    withPoints: true, colorIndex: i, yErrors: order.map { c.errors[$0] }))
        }
        let over = "mean ± std over seeds"
        let title = by.map { "\(y) by \(x), one line per \($0) (\(over))" } ?? "\(y) by \(x) (\(over))"
        return PlotSpec(kind: "results", title: title, xLabel: x, yLabel: y, series: series, legend: .below)
    }
}
