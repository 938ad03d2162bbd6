import Foundation
import XCTest

/// `urnn sweep --transfer`: runs sent to a host that shares no filesystem, through the real
/// GNU Parallel, rsync and a real sshd that `scripts/ssh-local` starts on 127.0.0.1 for
/// the test and stops afterwards. The run works in a fresh folder on the host
/// (~/.parallel/tmp), so a data file that did not travel would not be found there.
final class SweepTransferTests: ScriptFolderTestCase {
    let corpusScript = """
        param hidden = 4
        param seed = 1
        seed seed
        corpus c = load "data/words.txt" unit=word split=0.8,0.1,0.1
        model m = rnn hidden=hidden
        train m on c steps=2 batch=2 seq=5
        eval m on c seq=5 batch=2

        """

    private var out: URL { folder.appendingPathComponent("out") }

    private var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    private func writeCorpus() throws {
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let words = (0..<400).map { ["in", "the", "beginning", "was", "the", "word", "and", "light"][$0 % 8] }
        try (words.joined(separator: " ") + "\n").write(to: data.appendingPathComponent("words.txt"), atomically: true, encoding: .utf8)
    }

    private func entries(_ path: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
    }

    func testRunsTravelToAHostAndComeBack() throws {
        let tools = ["/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/rsync", "/usr/bin/parallel"]
        guard tools.allSatisfy({ FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("needs openssh-server, openssh-client, rsync and GNU Parallel (scripts/setup installs them)")
        }
        let bash = URL(fileURLWithPath: "/bin/bash")
        let server = URL(fileURLWithPath: "/tmp/urnn-ssh-test-\(getpid())")
        let control = packageRoot.appendingPathComponent("scripts/ssh-local").path
        let port = String(23000 + Int(getpid()) % 2000)
        defer {
            _ = try? runProcess(bash, [control, "stop", server.path], timeout: 30, detached: true)
            try? FileManager.default.removeItem(at: server)
        }
        // Detached: sshd, which start leaves running, would hold Foundation's exit notice open.
        let started = try runProcess(bash, [control, "start", server.path, port], timeout: 30, detached: true)
        XCTAssertEqual(started.status, 0, "scripts/ssh-local start failed; see \(server.path)/sshd.log")
        guard started.status == 0 else { return }

        try writeCorpus()
        let path = try script("words.urnn", corpusScript)
        let login = server.appendingPathComponent("sshloginfile").path
        let scratch = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".parallel/tmp").path
        let before = entries(scratch)
        let args = ["sweep", path, "--out", out.path, "--grid", "hidden=2,4", "--jobs", "2",
                    "--sshloginfile", login, "--transfer", "--transfer-file", "data/words.txt"]

        let dry = try urnn(args + ["--dry-run"], directory: folder, timeout: 30)
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("command: RSYNC_OLD_ARGS=1 parallel "), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("--workdir ... --cleanup --transferfile "), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("--transferfile data/words.txt --transferfile {} --return {}"), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("sweep-run --script words.urnn {/}"), dry.stdout)

        let result = try urnn(args, directory: folder, timeout: 120)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("2 of 2 runs succeeded"), result.stderr)
        for name in ["0001-hidden=2", "0002-hidden=4"] {
            let done = try Data(contentsOf: out.appendingPathComponent("\(name)/done.json"))
            XCTAssertEqual((try JSONSerialization.jsonObject(with: done) as? [String: Any])?["exitStatus"] as? Int, 0)
            let rows = try String(contentsOf: out.appendingPathComponent("\(name)/results.csv"), encoding: .utf8)
            XCTAssertEqual(rows.split(separator: "\n").count, 2, rows)
            XCTAssertTrue(rows.hasPrefix("hidden,"), rows)
            let log = try String(contentsOf: out.appendingPathComponent("\(name)/stdout.txt"), encoding: .utf8)
            XCTAssertTrue(log.contains("corpus c = data/words.txt"), log)
        }
        // The host's working folders were removed after each run (--cleanup).
        XCTAssertEqual(entries(scratch).subtracting(before).subtracting(["sshlogin"]), [])

        let merged = try urnn(["results", out.path, "--format", "csv"], timeout: 30)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(merged.stdout.split(separator: "\n").count, 3, merged.stdout)

        let again = try urnn(args, directory: folder, timeout: 60)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("2 runs: 2 done (skipped)"), again.stderr)
    }

    func testARunRefusesAScriptOtherThanTheRecordedOne() throws {
        try writeCorpus()
        let path = try script("words.urnn", corpusScript)
        let dry = try urnn(["sweep", path, "--out", out.path, "--grid", "hidden=2"], directory: folder, timeout: 60)
        XCTAssertEqual(dry.status, 0, dry.stderr)
        let other = try script("other.urnn", corpusScript + "print 1\n")
        let run = out.appendingPathComponent("0001-hidden=2")
        let result = try urnn(["sweep-run", "--script", other, run.path], directory: folder, timeout: 30)
        XCTAssertEqual(result.status, 65)
        let log = try String(contentsOf: run.appendingPathComponent("stderr.txt"), encoding: .utf8)
        XCTAssertTrue(log.contains("is not the script this sweep ran"), log)
    }

    func testTransferOptionsAreCheckedBeforeAnythingRuns() throws {
        try writeCorpus()
        let path = try script("words.urnn", corpusScript)
        let login = try script("logins", "1/ssh -p 1 nobody@127.0.0.1\n")
        let cases: [([String], Int32, String)] = [
            (["--transfer"], 64, "--transfer sends the runs to other hosts: give --hosts or --sshloginfile"),
            (["--transfer-file", "data/words.txt"], 64, "--transfer-file needs --transfer"),
            (["--sshloginfile", login, "--transfer", "--transfer-file", "../words.txt"], 64,
             "--transfer-file ../words.txt: give a path relative to the current folder"),
            (["--sshloginfile", login, "--transfer", "--transfer-file", "/etc/hostname"], 64, "give a path relative"),
            (["--sshloginfile", login, "--transfer", "--transfer-file", "data/none.txt"], 66, "data/none.txt: no such file"),
            (["--sshloginfile", login, "--transfer", "--transfer-file", "words.urnn"], 64, "already travels under this name"),
            (["--engine", "slurm", "--transfer"], 64, "are for --engine parallel"),
        ]
        for (extra, status, message) in cases {
            let result = try urnn(["sweep", path, "--out", out.path, "--dry-run"] + extra, directory: folder, timeout: 30)
            XCTAssertEqual(result.status, status, "\(extra): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(extra): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }
}
