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
