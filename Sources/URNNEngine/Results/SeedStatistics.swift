import Foundation

/// The mean and spread of one metric over the seeds of one grid point.
public struct SeedSummary: Equatable, Sendable {
    public var mean: Double
    /// The sample standard deviation (divisor n - 1); nil for a single value.
    public var std: Double?
    /// How many values it summarises.
    public var count: Int

    /// Mean and sample standard deviation of `values` (nil for none). The deviation is taken
    /// from the mean in a second pass, which loses nothing to cancellation for values of
    /// similar size, unlike the one-pass sum of squares.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        mean = values.reduce(0, +) / n
        count = values.count
        if values.count > 1 {
            let m = mean
            std = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot()
        } else {
            std = nil
        }
    }
}

/// The rows of one grid point merged over seeds.
public struct MergedRow: Equatable, Sendable {
    /// The values of the table's `keyColumns`, in order.
    public var key: [String]
    /// The rows merged (one per seed that reached this point).
    public var count: Int
    /// The seeds of those rows, in order of appearance (empty cells left out).
    public var seeds: [String]
    /// One summary per `metricColumns` entry; nil when no row has that metric.
    public var metrics: [SeedSummary?]
}

extension ResultTable {
    /// One row per grid point (equal key cells), in order of first appearance, each metric
    /// summarised over the point's rows. A metric cell that is not a number is an error
    /// naming the column and the value.
    public func merged() throws -> [MergedRow] {
        let keys = keyColumns, metrics = metricColumns
        var order: [[String]] = []
        var groups: [[String]: [[String]]] = [:]
        for row in rows {
            let key = keys.map { cell(row, $0) }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row)
        }
        return try order.map { key in
            let members = groups[key] ?? []
            let summaries = try metrics.map { metric -> SeedSummary? in
                let values = try members.compactMap { row -> Double? in
                    let text = cell(row, metric)
                    if text.isEmpty { return nil }
                    guard let x = Double(text) else { throw ResultTableError.notANumber(column: metric, value: text) }
                    return x
                }
                return SeedSummary(values)
            }
            let seeds = members.map { cell($0, ResultTable.seedColumn) }.filter { !$0.isEmpty }
            return MergedRow(key: key, count: members.count, seeds: seeds, metrics: summaries)
        }
    }
}

/// A result table that cannot be merged.
public enum ResultTableError: Error, Equatable, CustomStringConvertible {
    case notANumber(column: String, value: String)

    public var description: String {
        switch self {
        case let .notANumber(column, value): return "column '\(column)' holds '\(value)', which is not a number"
        }
    }
}
