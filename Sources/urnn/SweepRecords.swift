import Foundation
import URNNEngine

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
        guard let done = try? SweepJSON.read(RunCompletion.self, from: folder.appendingPathComponent("done.json")) else {
            return .missing
        }
        return done.exitStatus == 0 ? .succeeded : .failed(done.exitStatus)
    }

    /// "4 runs: 2 done (skipped), 1 failed (rerun), 1 not run yet (run)".
    var summary: String {
        let total = succeeded.count + failed.count + missing.count
        return "\(total) run\(total == 1 ? "" : "s"): \(succeeded.count) done (skipped), "
            + "\(failed.count) failed (rerun), \(missing.count) not run yet (run)"
    }
}
