import Foundation
import URNNEngine

/// `DIR/sweep.json`: what a sweep is, so that a rerun on the same folder can tell whether
/// it is the same sweep (same script text, grid, seeds and fixed values).
struct SweepRecord: Codable, Equatable {
    var script: String
    var scriptSHA256: String
    var grid: [GridAxis]
    var seeds: [Int]?
    var fixed: [String: String]
    var threads: Int
    var urnnVersion: String

    /// What makes two sweeps the same for resuming: not the urnn version or threads.
    func isSameSweep(as other: SweepRecord) -> Bool {
        scriptSHA256 == other.scriptSHA256 && grid == other.grid && seeds == other.seeds && fixed == other.fixed
    }
}

/// `RUN/params.json`: everything a run needs to run (the hidden `urnn sweep-run` reads it)
/// and to be understood later.
struct RunParameters: Codable, Equatable {
    /// Every override of the run, as the text `--set` would take, including `seed`.
    var params: [String: String]
    /// The leading columns of `results.csv`: the grid's names in order, the `--set` names,
    /// then `seed`.
    var columns: [String]
    var seed: Int?
    var script: String
    var scriptSHA256: String
    var threads: Int
    var urnnVersion: String
}

/// `RUN/done.json`, written last and in one step: the run ended with `exitStatus`.
struct RunCompletion: Codable, Equatable {
    var exitStatus: Int32
    var wallSeconds: Double
    /// The peak resident memory of the run's process (getrusage `ru_maxrss`), in KiB.
    var peakMemoryKiB: Int
    var host: String
    var finished: String
}

/// Where a planned run stands in its folder.
enum RunState: Equatable {
    case succeeded
    case failed(Int32)
    case missing
}

/// The states of a sweep's runs, and what a rerun does with them: skip the successful
/// ones, run the failed and missing ones again.
struct SweepProgress: Equatable {
    var succeeded: [SweepRun] = []
    var failed: [SweepRun] = []
    var missing: [SweepRun] = []

    /// The runs still to run, in plan order.
    var pending: [SweepRun] { (failed + missing).sorted { $0.number < $1.number } }

    /// Reads `done.json` of every run under `directory`; `force` counts every run as missing.
    static func scan(_ runs: [SweepRun], in directory: URL, force: Bool = false) -> SweepProgress {
        var progress = SweepProgress()
        for run in runs {
            switch force ? .missing : state(of: directory.appendingPathComponent(run.folderName)) {
            case .succeeded: progress.succeeded.append(run)
            case .failed: progress.failed.append(run)
            case .missing: progress.missing.append(run)
            }
        }
        return progress
    }

    static func state(of folder: URL) -> RunState {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("done.json")),
              let done = try? JSONDecoder().decode(RunCompletion.self, from: data) else { return .missing }
        return done.exitStatus == 0 ? .succeeded : .failed(done.exitStatus)
    }

    /// "4 runs: 2 done (skipped), 1 failed (rerun), 1 not run yet (run)".
    var summary: String {
        let total = succeeded.count + failed.count + missing.count
        return "\(total) run\(total == 1 ? "" : "s"): \(succeeded.count) done (skipped), "
            + "\(failed.count) failed (rerun), \(missing.count) not run yet (run)"
    }
}

/// JSON as the sweep writes it: sorted keys, indented, so files diff well.
enum SweepJSON {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }

    static func write<T: Encodable>(_ value: T, to url: URL) throws {
        try AtomicFileWriter.write(try encode(value), to: url)
    }

    static func read<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        try JSONDecoder().decode(type, from: try Data(contentsOf: url))
    }
}
