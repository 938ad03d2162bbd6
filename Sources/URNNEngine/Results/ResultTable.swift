import Foundation

/// A table of results as text cells: the `eval` rows of one session, or the merged rows of a
/// sweep's runs (each run's `results.csv`, its parameters as leading columns).
///
/// Columns play one of three parts. The seed column (`seed`) tells repeats apart. Key columns
/// name a grid point: the sweep's parameters other than the seed, the row's own keys
/// (`model`, `data`, `split`, `seq`) and any column holding a cell that is not a number.
/// Every other column is a metric, summarised over the rows of a grid point by `merged()`.
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

    /// The key columns, in table order (see the type's description).
    public var keyColumns: [String] {
        columns.filter { c in
            guard c != ResultTable.seedColumn else { return false }
            if parameterColumns.contains(c) || ResultTable.rowKeyColumns.contains(c) { return true }
            return rows.contains { row in
                let text = cell(row, c)
                return !text.isEmpty && Double(text) == nil
            }
        }
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
