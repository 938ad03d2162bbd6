import Foundation
import URNNEngine

/// How `urnn results` and the language print a results table merged over seeds.
public enum ResultsFormat: String, CaseIterable, Sendable {
    /// Aligned columns for a terminal.
    case table
    /// One line per grid point; each metric as `METRIC_mean,METRIC_std`, then `n`.
    case csv
    /// A GitHub table, for pasting into documents.
    case markdown
}

/// A results table merged over seeds (`ResultTable.merged`), as text: one row per grid point
/// with each metric's mean ± sample standard deviation and the number of seeds n, or a 2-D
/// pivot. The output is stable: rows in the order of the runs' folders, pivot columns sorted
/// (numbers by value), each metric with its fixed number of decimals. A grid point with fewer
/// seeds than the sweep asked for is marked `*`, with a footnote.
public enum ResultsReport {
    /// Decimals per metric: perplexities are large numbers, the rest lie near [0, 1].
    public static func decimals(_ metric: String) -> Int {
        metric == "perplexity" ? 2 : 4
    }

    /// Metrics whose values span many orders of magnitude (a unitarity error of 1e-15
    /// beside one of 0.3): printed with three significant digits and an exponent.
    public static let scientificMetrics: Set<String> = ["unitarity", "flow"]

    /// One value of `metric` as the tables print it.
    static func formatted(_ x: Double, _ metric: String) -> String {
        if scientificMetrics.contains(metric) { return String(format: "%.2e", x) }
        return String(format: "%.\(decimals(metric))f", x)
    }

    /// `0.9871 ± 0.0012`, or `0.9871` for a single value.
    static func meanAndSpread(_ s: SeedSummary, _ metric: String) -> String {
        let mean = formatted(s.mean, metric)
        guard let std = s.std else { return mean }
        return mean + " ± " + formatted(std, metric)
    }

    /// The pivot's three columns: one row per value of `rows`, one column per value of
    /// `columns`, cells of the metric `value`.
    public struct Pivot: Equatable, Sendable {
        public var rows: String
        public var columns: String
        public var value: String

        public init(rows: String, columns: String, value: String) {
            self.rows = rows; self.columns = columns; self.value = value
        }

        /// Reads `ROWS,COLUMNS,VALUE`.
        public init(_ words: [String]) throws {
            guard words.count == 3, !words.contains(where: \.isEmpty) else {
                throw ResultsReportError("a pivot takes three columns: ROWS,COLUMNS,VALUE (e.g. model,seq,accuracy)")
            }
            self.init(rows: words[0], columns: words[1], value: words[2])
        }
    }

    /// The merged table (or its pivot) in `format`.
    public static func lines(_ table: ResultTable, format: ResultsFormat, pivot: Pivot? = nil) throws -> [String] {
        let merged: [MergedRow]
        do { merged = try table.merged() } catch { throw ResultsReportError("\(error)") }
        if merged.isEmpty { return format == .csv ? [] : ["results: no rows (no run wrote an eval row)"] }
        if let pivot { return try pivotLines(table, merged, pivot, format: format) }
        let keys = table.keyColumns, metrics = table.metricColumns
        let short = shortfall(table, merged)
        if format == .csv {
            let header = keys + metrics.flatMap { ["\($0)_mean", "\($0)_std"] } + ["n"]
            return [CSVText.line(header)] + merged.map { row in
                let cells = row.metrics.flatMap { s -> [String] in
                    guard let s else { return ["", ""] }
                    return ["\(s.mean)", s.std.map { "\($0)" } ?? ""]
                }
                return CSVText.line(row.key + cells + [String(row.count)])
            }
        }
        let header = keys + metrics + ["n"]
        let body = merged.map { row in
            row.key + zip(row.metrics, metrics).map { s, m in s.map { meanAndSpread($0, m) } ?? "" }
                + [String(row.count) + (short.contains(row.count) ? "*" : "")]
        }
        return render([header] + body, format: format, numeric: keys.count..<header.count) + footnote(short, table, format)
    }

    /// The counts of grid points that have fewer seeds than asked (empty when nothing is known).
    static func shortfall(_ table: ResultTable, _ merged: [MergedRow]) -> Set<Int> {
        guard let asked = table.seedsAsked, table.hasSeeds else { return [] }
        return Set(merged.map(\.count).filter { $0 < asked })
    }

    static func footnote(_ short: Set<Int>, _ table: ResultTable, _ format: ResultsFormat) -> [String] {
        guard let asked = table.seedsAsked, !short.isEmpty else { return [] }
        let counts = short.sorted().map(String.init).joined(separator: " or ")
        return ["", (format == .markdown ? "\\*" : "*") + " fewer seeds than asked (\(counts) of \(asked))"]
    }

    static func pivotLines(_ table: ResultTable, _ merged: [MergedRow], _ pivot: Pivot, format: ResultsFormat) throws -> [String] {
        let keys = table.keyColumns, metrics = table.metricColumns
        for (what, name) in [("ROWS", pivot.rows), ("COLUMNS", pivot.columns)] where !keys.contains(name) {
            throw ResultsReportError("pivot \(what) '\(name)' is not a key column of the results; key columns: "
                                     + keys.joined(separator: ", "))
        }
        guard pivot.rows != pivot.columns else { throw ResultsReportError("pivot ROWS and COLUMNS must differ") }
        guard let m = metrics.firstIndex(of: pivot.value) else {
            throw ResultsReportError("pivot VALUE '\(pivot.value)' is not a metric of the results; metrics: "
                                     + metrics.joined(separator: ", "))
        }
        let r = keys.firstIndex(of: pivot.rows)!, c = keys.firstIndex(of: pivot.columns)!
        // The other keys that vary stay apart, as columns beside ROWS, so that no cell mixes
        // grid points (hidden=32 and hidden=64 are never averaged together).
        let others = table.varyingKeyColumns.filter { $0 != pivot.rows && $0 != pivot.columns }.compactMap { keys.firstIndex(of: $0) }
        var rowLabels: [[String]] = [], columnValues: [String] = []
        var cells: [[String]: MergedRow] = [:]
        for row in merged {
            let label = [row.key[r]] + others.map { row.key[$0] }
            if !rowLabels.contains(label) { rowLabels.append(label) }
            if !columnValues.contains(row.key[c]) { columnValues.append(row.key[c]) }
            cells[label + [row.key[c]]] = row
        }
        columnValues.sort { (Double($0) ?? .infinity, $0) < (Double($1) ?? .infinity, $1) }
        let short = shortfall(table, merged)
        let header = [pivot.rows] + others.map { keys[$0] } + columnValues.map { "\(pivot.columns)=\($0)" }
        if format == .csv {
            let csvHeader = [pivot.rows] + others.map { keys[$0] }
                + columnValues.flatMap { ["\(pivot.columns)=\($0) mean", "\(pivot.columns)=\($0) std", "\(pivot.columns)=\($0) n"] }
            return [CSVText.line(csvHeader)] + rowLabels.map { label in
                CSVText.line(label + columnValues.flatMap { v -> [String] in
                    guard let row = cells[label + [v]], let s = row.metrics[m] else { return ["", "", ""] }
                    return ["\(s.mean)", s.std.map { "\($0)" } ?? "", String(row.count)]
                })
            }
        }
        let body = rowLabels.map { label in
            label + columnValues.map { v -> String in
                guard let row = cells[label + [v]], let s = row.metrics[m] else { return "-" }
                return meanAndSpread(s, pivot.value) + " (n=\(row.count))" + (short.contains(row.count) ? "*" : "")
            }
        }
        return render([header] + body, format: format, numeric: (1 + others.count)..<header.count)
            + footnote(short, table, format)
    }

    /// Aligned text, or a GitHub table whose `numeric` columns are right-aligned.
    static func render(_ rows: [[String]], format: ResultsFormat, numeric: Range<Int>) -> [String] {
        guard format == .markdown else { return EngineCommands.aligned(rows) }
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "*", with: "\\*")
        }
        let width = rows.first?.count ?? 0
        let rule = (0..<width).map { numeric.contains($0) ? "---:" : "---" }
        return ["| " + rows[0].map(cell).joined(separator: " | ") + " |", "|" + rule.joined(separator: "|") + "|"]
            + rows.dropFirst().map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
    }

    /// The runs that did not succeed, each with its folder and the last lines of its stderr.
    public static func unsuccessfulRunLines(_ results: SweepResults) -> [String] {
        var lines: [String] = []
        for run in results.unsuccessful {
            switch run.state {
            case .failed(let status): lines.append("failed (exit \(status)): \(run.folder.path)")
            case .unfinished: lines.append("not finished (no done.json): \(run.folder.path)")
            case .succeeded: continue
            }
            lines += run.lastErrorLines.map { "  " + $0 }
        }
        return lines
    }
}

/// A results table that cannot be shown as asked.
public struct ResultsReportError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
