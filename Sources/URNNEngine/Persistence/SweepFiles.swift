import Foundation

/// The files of a sweep's folder (docs/sweeps.md): `sweep.json`, and in each run's folder
/// `params.json` and `done.json`. `urnn sweep` writes them; `urnn results` and the language's
/// `results = load DIR` read them through `SweepResults`.

/// One axis of a grid: a parameter and the override texts it takes, in order.
public struct GridAxis: Codable, Equatable, Sendable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}

/// `DIR/sweep.json`: what a sweep is, so that a rerun on the same folder can tell whether
/// it is the same sweep (same script text, grid, seeds and fixed values).
public struct SweepRecord: Codable, Equatable, Sendable {
    public var script: String
    public var scriptSHA256: String
    public var grid: [GridAxis]
    public var seeds: [Int]?
    public var fixed: [String: String]
    public var threads: Int
    public var urnnVersion: String

    public init(script: String, scriptSHA256: String, grid: [GridAxis], seeds: [Int]?, fixed: [String: String],
                threads: Int, urnnVersion: String) {
        self.script = script; self.scriptSHA256 = scriptSHA256; self.grid = grid; self.seeds = seeds
        self.fixed = fixed; self.threads = threads; self.urnnVersion = urnnVersion
    }

    /// What makes two sweeps the same for resuming: not the urnn version or threads.
    public func isSameSweep(as other: SweepRecord) -> Bool {
        scriptSHA256 == other.scriptSHA256 && grid == other.grid && seeds == other.seeds && fixed == other.fixed
    }
}

/// `RUN/params.json`: everything a run needs to run (the hidden `urnn sweep-run` reads it)
/// and to be understood later.
public struct RunParameters: Codable, Equatable, Sendable {
    /// Every override of the run, as the text `--set` would take, including `seed`.
    public var params: [String: String]
    /// The leading columns of `results.csv`: the grid's names in order, the `--set` names,
    /// then `seed`.
    public var columns: [String]
    public var seed: Int?
    public var script: String
    public var scriptSHA256: String
    public var threads: Int
    public var urnnVersion: String

    public init(params: [String: String], columns: [String], seed: Int?, script: String, scriptSHA256: String,
                threads: Int, urnnVersion: String) {
        self.params = params; self.columns = columns; self.seed = seed; self.script = script
        self.scriptSHA256 = scriptSHA256; self.threads = threads; self.urnnVersion = urnnVersion
    }
}

/// `RUN/done.json`, written last and in one step: the run ended with `exitStatus`.
public struct RunCompletion: Codable, Equatable, Sendable {
    public var exitStatus: Int32
    public var wallSeconds: Double
    /// The peak resident memory of the run's process (getrusage `ru_maxrss`), in KiB.
    public var peakMemoryKiB: Int
    public var host: String
    public var finished: String
    /// The CPU the run ran on (`model name` of /proc/cpuinfo); absent in older records.
    public var cpu: String?
    /// The CPU the binary was compiled for: `native` (the building machine's) or `haswell`
    /// (the portable build); absent in older records.
    public var buildTarget: String?

    public init(exitStatus: Int32, wallSeconds: Double, peakMemoryKiB: Int, host: String, finished: String,
                cpu: String? = nil, buildTarget: String? = nil) {
        self.exitStatus = exitStatus; self.wallSeconds = wallSeconds; self.peakMemoryKiB = peakMemoryKiB
        self.host = host; self.finished = finished; self.cpu = cpu; self.buildTarget = buildTarget
    }
}

/// JSON as the sweep writes it: sorted keys, indented, so files diff well.
public enum SweepJSON {
    /// A sweep's JSON files are small; anything larger is not one of them.
    public static let sizeLimit = 1 << 20

    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }

    /// Writes `value` in one step (`AtomicFileWriter`).
    public static func write<T: Encodable>(_ value: T, to url: URL) throws {
        try AtomicFileWriter.write(try encode(value), to: url)
    }

    /// Reads a regular file of at most `sizeLimit` bytes (`RegularFile.read`) and decodes it.
    public static func read<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        try JSONDecoder().decode(type, from: try RegularFile.read(url.path, limit: sizeLimit))
    }
}
