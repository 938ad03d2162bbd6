import Foundation
import XCTest

/// `urnn sweep --engine slurm` on a real single-node Slurm cluster that the test starts
/// on 127.0.0.1 with `scripts/slurm-local` and stops afterwards (root only, with Debian's
/// slurm-wlm and munge installed; skipped otherwise). The dry-run tests need no cluster.
final class SweepSlurmTests: ScriptFolderTestCase {
    let tiny = """
        param hidden = 4
        param seed = 1
        seed seed
        task c = copy delay=3 train=50 test=10
        model m = rnn hidden=hidden
        train m on c steps=2 batch=2
        eval m on c

        """

    private var out: URL { folder.appendingPathComponent("out") }

    private var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func testDryRunShowsTheJobArray() throws {
        let path = try script("tiny.urnn", tiny)
        let result = try urnn(["sweep", path, "--out", out.path, "--grid", "hidden=2,4", "--seeds", "3", "--engine", "slurm",
                               "--jobs", "2", "--threads", "2", "--partition", "short", "--time", "0:10:00", "--mem", "2G",
                               "--account", "lab", "--slurm-arg=--qos=high", "--wait", "--dry-run"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for line in ["#SBATCH --array=1-6%2", "#SBATCH --output=\(out.path)/slurm-%A_%a.out", "#SBATCH --cpus-per-task=2",
                     "#SBATCH --partition=short", "#SBATCH --time=0:10:00", "#SBATCH --mem=2G", "#SBATCH --account=lab",
                     "#SBATCH --qos=high", "folder=\"$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" \(out.path)/pending.txt)\"",
                     "command: sbatch --parsable --wait \(out.path)/sweep.sbatch"] {
            XCTAssertTrue(result.stdout.contains(line), "\(line) in:\n\(result.stdout)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        let bad = try urnn(["sweep", path, "--out", out.path, "--engine", "slurm", "--partition", "a b", "--dry-run"])
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--partition 'a b': give one word without spaces"), bad.stderr)
        let mixed = try urnn(["sweep", path, "--out", out.path, "--wait", "--dry-run"])
        XCTAssertEqual(mixed.status, 64, mixed.stderr)
        XCTAssertTrue(mixed.stderr.contains("need --engine slurm"), mixed.stderr)
    }

    func testSweepRunsAsAJobArrayOnARealCluster() throws {
        let tools = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch"]
        guard getuid() == 0, tools.allSatisfy({ FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("needs root and Debian's slurm-wlm and munge (scripts/setup installs them)")
        }
        let bash = URL(fileURLWithPath: "/bin/bash")
        let cluster = URL(fileURLWithPath: "/tmp/urnn-slurm-test-\(getpid())")
        let control = packageRoot.appendingPathComponent("scripts/slurm-local").path
        defer {
            _ = try? runProcess(bash, [control, "stop", cluster.path], timeout: 30, detached: true)
            try? FileManager.default.removeItem(at: cluster)
        }
        // Detached: the daemons it leaves behind would hold Foundation's exit notice open.
        let started = try runProcess(bash, [control, "start", cluster.path], timeout: 30, detached: true)
        XCTAssertEqual(started.status, 0, "scripts/slurm-local start failed; see \(cluster.path)/log")
        guard started.status == 0 else { return }
        let slurm = ["SLURM_CONF": cluster.appendingPathComponent("slurm.conf").path]

        let path = try script("tiny.urnn", tiny)
        let args = ["sweep", path, "--out", out.path, "--grid", "hidden=2,4", "--seeds", "2", "--engine", "slurm", "--jobs", "2"]
        let result = try urnn(args + ["--wait"], environment: slurm, timeout: 120)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("4 of 4 runs succeeded"), result.stderr)
        for name in ["0001-hidden=2,seed=1", "0002-hidden=2,seed=2", "0003-hidden=4,seed=1", "0004-hidden=4,seed=2"] {
            let done = try Data(contentsOf: out.appendingPathComponent("\(name)/done.json"))
            XCTAssertEqual((try JSONSerialization.jsonObject(with: done) as? [String: Any])?["exitStatus"] as? Int, 0)
            let rows = try String(contentsOf: out.appendingPathComponent("\(name)/results.csv"), encoding: .utf8)
            XCTAssertEqual(rows.split(separator: "\n").count, 2, rows)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("sweep.sbatch").path))

        let again = try urnn(args, environment: slurm, timeout: 60)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("4 runs: 4 done (skipped)"), again.stderr)
        XCTAssertFalse(again.stderr.contains("submitted"), again.stderr)
    }
}
