import Foundation
import URNNEngine

/// `plot series VALUES ...` and the metrics of `plot history`.
extension EngineCommands {
    /// The columns of one VALUE: a list of numbers is one column, a matrix gives each of its columns.
    static func columns(_ value: Value, _ inv: Invocation) throws -> [[Double]] {
        switch value {
        case .matrix(let m):
            return (0..<m.cols).map { j in (0..<m.rows).map { m[$0, j] } }
        case .list(let items):
            return [try items.map { item -> Double in
                guard case .number(let x) = item else {
                    throw inv.error("plot series needs lists of real numbers or real matrices; found \(item.typeAndName) "
                                    + "in a list (take abs(...) or .real of complex numbers)", at: "VALUES")
                }
                return x
            }]
        default:
            throw inv.error("plot series needs lists of numbers or real matrices, got \(value.typeAndName)", at: "VALUES")
        }
    }

    static func seriesPlot(_ inv: Invocation) throws -> (PlotSpec, [String]) {
        guard case .list(let values)? = inv.argument("VALUES") else { throw inv.error("plot series needs VALUES") }
        let groups = try values.map { try columns($0, inv) }
        let x: [Double]?, ys: [[Double]]
        if groups.count == 1 {
            (x, ys) = (nil, groups[0])
        } else {
            guard groups[0].count == 1 else {
                throw inv.error("the first VALUE is the x axis: one list or a one-column matrix, got \(groups[0].count) columns",
                                at: "VALUES")
            }
            (x, ys) = (groups[0][0], Array(groups.dropFirst().joined()))
        }
        for (k, y) in ys.enumerated() where x != nil && y.count != x!.count {
            throw inv.error("line \(k + 1) has \(y.count) values but the x axis has \(x!.count)", at: "VALUES")
        }
        let names = try inv.autoWords("names") ?? ys.indices.map { "y\($0 + 1)" }
        guard names.count == ys.count else {
            throw inv.error("names= gives \(names.count) name\(names.count == 1 ? "" : "s") for \(ys.count) line\(ys.count == 1 ? "" : "s")",
                            at: "names")
        }
        let curves = zip(names, ys).map { name, y in
            x.map { NamedCurve(name: name, x: $0, y: y) } ?? NamedCurve(name: name, y: y)
        }
        let spec = try PlotSpec.series(curves, xLabel: x == nil ? "index" : "x", yLabel: ys.count == 1 ? names[0] : "y",
                                       logY: try inv.bool("logy"))
        return (spec, try inv.isGiven("names") ? names : [])
    }

    static func historyMetrics(_ inv: Invocation) throws -> [HistoryMetric] {
        guard case .list(let words)? = inv.argument("METRIC") else { throw inv.error("plot history needs METRIC") }
        return try words.map { word in
            guard case .string(let w) = word, let metric = HistoryMetric(rawValue: w) else {
                throw inv.error("unknown metric \(word.display)", at: "METRIC")
            }
            return metric
        }
    }
}
