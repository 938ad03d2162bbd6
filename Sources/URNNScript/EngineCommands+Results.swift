import Foundation
import URNNEngine

/// `results = load DIR`, and the results chart with error bars for rows merged over seeds.
extension EngineCommands {
    static func installResults(on interpreter: Interpreter, session: EngineSession) {
        interpreter.register("results load") { inv, interp in
            guard case .string(let path)? = inv.argument("DIR"), !path.isEmpty else {
                throw inv.error("load needs a sweep's folder", at: "DIR")
            }
            let sweep: SweepResults
            do {
                sweep = try SweepResults.read(URL(fileURLWithPath: path))
                try session.results.load(sweep)
            } catch let error as SweepResultsError {
                if case .missing = error { throw inv.error("\(error)", at: "DIR", category: .missingInput) }
                throw inv.error("\(error)", at: "DIR")
            } catch let error as ResultsReportError {
                throw inv.error("\(path): \(error.message)", at: "DIR")
            }
            let succeeded = sweep.runs.count - sweep.unsuccessful.count
            interp.output.write("results = load \(path): \(sweep.table.rows.count) rows from \(sweep.runs.count) runs "
                                + "(\(succeeded) succeeded, \(sweep.unsuccessful.count) failed or not finished)")
            for line in ResultsReport.unsuccessfulRunLines(sweep) { interp.output.write(line) }
            return .none
        }
    }

    /// The results chart with error bars when the rows repeat grid points over seeds and `x`
    /// is a key column and `y` a metric; nil otherwise (the chart draws the rows as they are).
    /// A line is one value of `by`, with the other key columns that vary (except `x`) added
    /// to its name, so that no point averages different grid points.
    static func errorBarSpec(_ r: ResultsObject, x: String, y: String, by: String) throws -> PlotSpec? {
        guard r.isOverSeeds else { return nil }
        let table = r.table
        let keys = table.keyColumns, metrics = table.metricColumns
        guard let xi = keys.firstIndex(of: x), let yi = metrics.firstIndex(of: y) else { return nil }
        let merged = try table.merged()
        guard merged.contains(where: { $0.count > 1 }) else { return nil }
        let others = table.varyingKeyColumns.filter { $0 != x && $0 != by }
        var order: [String] = []
        var curves: [String: ErrorBarCurve] = [:]
        for row in merged {
            guard let s = row.metrics[yi] else { continue }
            guard let xv = Double(row.key[xi]) else {
                throw ResultsReportError("column '\(x)' must be numeric for the x axis, found '\(row.key[xi])'")
            }
            var parts: [String] = []
            if let bi = keys.firstIndex(of: by) { parts.append("\(by)=\(row.key[bi])") }
            parts += others.compactMap { c in keys.firstIndex(of: c).map { "\(c)=\(row.key[$0])" } }
            let name = parts.isEmpty ? y : parts.joined(separator: ", ")
            if curves[name] == nil {
                order.append(name)
                curves[name] = ErrorBarCurve(name: name, x: [], y: [], errors: [])
            }
            curves[name]!.x.append(xv)
            curves[name]!.y.append(s.mean)
            curves[name]!.errors.append(s.std ?? 0)
        }
        return try PlotSpec.results(errorBars: order.compactMap { curves[$0] }, x: x, y: y,
                                    by: keys.contains(by) ? by : nil)
    }
}
