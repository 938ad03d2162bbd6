import Foundation

/// What a sweep's folder holds after its runs: the merged `results.csv` rows of every run,
/// and how each run ended. `urnn results DIR` prints it; the language's `results = load DIR`
/// reads it into the session's results table. Nothing is run or written.
public struct SweepResults: Sendable {
    /// One run's folder and how it ended.
    public struct Run: Equatable, Sendable {
        public enum State: Equatable, Sendable {
            case succeeded
            /// Ended with this exit status (`done.json`).
            case failed(Int32)
            /// No `done.json`: not run yet, still running, or stopped before its end.
            case unfinished
        }
        public var folder: URL
        public var state: State
        /// The last lines of its `stderr.txt` (at most `SweepResults.logLines`).
        public var lastErrorLines: [String]
    }

    /// The rows of every run, in the order of the runs' folders (the plan's order).
    public var table: ResultTable
    /// Every run folder (one holding `params.json`), in plan order.
    public var runs: [Run]
    public var record: SweepRecord

    /// How many lines of a failed run's stderr are kept.
    public static let logLines = 5
    /// A run's `results.csv` larger than this is not one urnn wrote.
    public static let csvSizeLimit = 64 << 20

    /// The runs that did not succeed.
    public var unsuccessful: [Run] { runs.filter { $0.state != .succeeded } }

    /// Reads the sweep in `directory`. A missing folder, a folder without `sweep.json`, and a
    /// `sweep.json`, `params.json`, `done.json` or `results.csv` that does not read are errors
    /// naming the file.
    public static func read(_ directory: URL) throws -> SweepResults {
        let dir = directory.standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isFolder) else {
            throw SweepResultsError.missing(dir.path)
        }
        guard isFolder.boolValue else { throw SweepResultsError.notASweep(dir.path, "it is not a folder") }
        let recordURL = dir.appendingPathComponent("sweep.json")
        guard FileManager.default.fileExists(atPath: recordURL.path) else {
            throw SweepResultsError.notASweep(dir.path, "it has no sweep.json")
        }
        let record: SweepRecord = try decode(SweepRecord.self, recordURL)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
        var runs: [Run] = []
        var columns: [String] = [], parameterColumns: [String] = []
        var rows: [[String: String]] = []
        for name in names {
            let folder = dir.appendingPathComponent(name)
            let paramsURL = folder.appendingPathComponent("params.json")
            guard FileManager.default.fileExists(atPath: paramsURL.path) else { continue }
            let parameters = try decode(RunParameters.self, paramsURL)
            for c in parameters.columns where !parameterColumns.contains(c) { parameterColumns.append(c) }
            let doneURL = folder.appendingPathComponent("done.json")
            var state = Run.State.unfinished
            if FileManager.default.fileExists(atPath: doneURL.path) {
                let done = try decode(RunCompletion.self, doneURL)
                state = done.exitStatus == 0 ? .succeeded : .failed(done.exitStatus)
            }
            var lastLines: [String] = []
            if state != .succeeded, let log = try? RegularFile.read(folder.appendingPathComponent("stderr.txt").path) {
                lastLines = String(decoding: log.suffix(1 << 16), as: UTF8.self)
                    .split(separator: "\n").suffix(logLines).map(String.init)
            }
            runs.append(Run(folder: folder, state: state, lastErrorLines: lastLines))
            let csvURL = folder.appendingPathComponent("results.csv")
            guard FileManager.default.fileExists(atPath: csvURL.path) else { continue }
            for row in try readCSV(csvURL) {
                for (c, _) in row where !columns.contains(c) { columns.append(c) }
                rows.append(Dictionary(uniqueKeysWithValues: row))
            }
        }
        guard !runs.isEmpty else { throw SweepResultsError.notASweep(dir.path, "it holds no run folder (none has params.json)") }
        // Parameter columns first, in the sweep's order, then the rows' own, in first-seen order.
        let ordered = parameterColumns + columns.filter { !parameterColumns.contains($0) }
        let table = ResultTable(columns: ordered, rows: rows.map { row in ordered.map { row[$0] ?? "" } },
                                parameterColumns: parameterColumns.filter { $0 != ResultTable.seedColumn },
                                seedsAsked: record.seeds?.count)
        return SweepResults(table: table, runs: runs, record: record)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ url: URL) throws -> T {
        do {
            return try SweepJSON.read(type, from: url)
        } catch let error as FileAccessError {
            throw SweepResultsError.unreadable(url.path, error.reason)
        } catch let error as DecodingError {
            throw SweepResultsError.unreadable(url.path, "not a sweep's \(url.lastPathComponent) (\(describe(error)))")
        } catch {
            throw SweepResultsError.unreadable(url.path, "\(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted: return "not valid JSON"
        case let .keyNotFound(key, _): return "no '\(key.stringValue)'"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        @unknown default: return "\(error)"
        }
    }

    /// The rows of one `results.csv`, each as (column, cell) pairs in the file's order.
    private static func readCSV(_ url: URL) throws -> [[(String, String)]] {
        let data: Data
        do { data = try RegularFile.read(url.path, limit: csvSizeLimit) } catch let error as FileAccessError {
            throw SweepResultsError.unreadable(url.path, error.reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SweepResultsError.unreadable(url.path, "not UTF-8 text")
        }
        let records: [(line: Int, cells: [String])]
        do { records = try CSVText.parse(text) } catch let error as CSVError {
            throw SweepResultsError.corrupt(url.path, error.line, error.message)
        }
        guard let header = records.first else { return [] }
        if let empty = header.cells.firstIndex(where: \.isEmpty) {
            throw SweepResultsError.corrupt(url.path, header.line, "column \(empty + 1) of the header has no name")
        }
        if Set(header.cells).count != header.cells.count {
            throw SweepResultsError.corrupt(url.path, header.line, "a column name appears twice in the header")
        }
        return try records.dropFirst().map { record in
            guard record.cells.count == header.cells.count else {
                throw SweepResultsError.corrupt(url.path, record.line,
                                                "\(record.cells.count) cells, but the header has \(header.cells.count) columns")
            }
            return Array(zip(header.cells, record.cells))
        }
    }
}

/// A sweep folder that cannot be read as one.
public enum SweepResultsError: Error, Equatable, CustomStringConvertible {
    /// The folder does not exist.
    case missing(String)
    /// The path is not a sweep's folder, and why.
    case notASweep(String, String)
    /// A file that cannot be read or decoded.
    case unreadable(String, String)
    /// A `results.csv` line that does not read.
    case corrupt(String, Int, String)

    public var description: String {
        switch self {
        case let .missing(path): return "\(path): no such folder"
        case let .notASweep(path, why):
            return "\(path) is not a sweep's folder (\(why)): give the --out folder of a `urnn sweep`"
        case let .unreadable(path, why): return "\(path): \(why)"
        case let .corrupt(path, line, why): return "\(path):\(line): \(why)"
        }
    }
}
