import Foundation

/// A table of results as text cells: the `eval` rows of one session, or the merged rows of a
/// sweep's runs (each run's `results.csv`, its parameters as leading columns).
///
/// Columns play one of three parts. The seed column (`seed`) tells repeats apart. Key columns
/// name a grid point: the sweep's parameters other than the seed, the row's own keys
/// (`model`, `data`, `split`, `seq`, `step`) and any column holding a cell that is not a
/// number. Every other column is a metric, summarised over the rows of a grid point by
/// `merged()`. `step` is a metric instead when it is a measurement: each run evaluates
/// once at each point, at steps that differ between seeds (where training to convergence
/// stopped).
public struct ResultTable: Equatable, Sendable {
    public var columns: [String]
    /// One array of cells per row, in `columns` order; an empty cell is a missing value.
    public var rows: [[String]]
    /// The columns that came from a sweep's parameters (always keys, except the seed).
    public var parameterColumns: [String]
    /// How many seeds the sweep asked for each grid point; nil when unknown (no sweep).
    public var seedsAsked: Int?

    /// The column that tells repeats of a grid point apart.
    public static let seedColumn = "seed"
    /// Columns of an `eval` row that name what was evaluated rather than measure it.
    public static let rowKeyColumns: Set<String> = ["model", "data", "split", "seq", "step"]

    public init(columns: [String], rows: [[String]], parameterColumns: [String] = [], seedsAsked: Int? = nil) {
        self.columns = columns
        self.rows = rows
        self.parameterColumns = parameterColumns
        self.seedsAsked = seedsAsked
    }

    /// The cell of `row` in `column`, empty when the table has no such column.
    public func cell(_ row: [String], _ column: String) -> String {
        guard let i = columns.firstIndex(of: column), i < row.count else { return "" }
        return row[i]
    }

    /// True when the table has a seed column with a value in some row.
    public var hasSeeds: Bool {
        guard let i = columns.firstIndex(of: ResultTable.seedColumn) else { return false }
        return rows.contains { i < $0.count && !$0[i].isEmpty }
    }

    /// The column of the optimizer steps at which a row was evaluated.
    public static let stepColumn = "step"

    /// The key columns, in table order (see the type's description).
    public var keyColumns: [String] {
        let keys = columns.filter { c in
            guard c != ResultTable.seedColumn else { return false }
            if parameterColumns.contains(c) || ResultTable.rowKeyColumns.contains(c) { return true }
            return rows.contains { row in
                let text = cell(row, c)
                return !text.isEmpty && Double(text) == nil
            }
        }
        guard keys.contains(ResultTable.stepColumn), stepIsMeasured(keys: keys) else { return keys }
        return keys.filter { $0 != ResultTable.stepColumn }
    }

    /// True when `step` measures rather than names: no run has two rows that differ only in
    /// their step (a curve, the same model evaluated as it trains), and some grid point has
    /// rows of different steps (seeds that stopped at different steps).
    private func stepIsMeasured(keys: [String]) -> Bool {
        let others = keys.filter { $0 != ResultTable.stepColumn }
        var inRun: [[String]: String] = [:], inPoint: [[String]: String] = [:]
        var differs = false
        for row in rows {
            let point = others.map { cell(row, $0) }, step = cell(row, ResultTable.stepColumn)
            let run = point + [cell(row, ResultTable.seedColumn)]
            if let seen = inRun[run], seen != step { return false }
            inRun[run] = step
            if let seen = inPoint[point], seen != step { differs = true }
            inPoint[point] = step
        }
        return differs
    }

    /// The metric columns that hold a value in some row, in table order.
    public var metricColumns: [String] {
        let keys = Set(keyColumns)
        return columns.filter { c in
            c != ResultTable.seedColumn && !keys.contains(c) && rows.contains { !cell($0, c).isEmpty }
        }
    }

    /// The key columns whose value differs between rows (the ones worth showing in a label).
    public var varyingKeyColumns: [String] {
        keyColumns.filter { c in Set(rows.map { cell($0, c) }).count > 1 }
    }
}
