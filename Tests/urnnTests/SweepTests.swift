import Foundation
import XCTest

/// `urnn sweep` end to end: the real binary, the real GNU Parallel, on this machine only.
/// A run is two training steps of a tiny copy task, so a sweep of four takes well under
/// a second.
final class SweepTests: ScriptFolderTestCase {
    let tiny = """
        param hidden = 4
        param seed = 1
        param note = "x"
        param fail = false
        seed seed
        task c = copy delay=3 train=50 test=10
        model m = rnn hidden=hidden
        train m on c steps=2 batch=2
        eval m on c
        print "note: {note}"
        if fail { print 1 / "a" }

        """

    private var out: URL { folder.appendingPathComponent("out") }

    private func sweep(_ path: String, _ extra: [String]) throws -> ProcessResult {
        try urnn(["sweep", path, "--out", out.path] + extra, directory: folder, timeout: 60)
    }

    private func text(_ relative: String) -> String {
        (try? String(contentsOf: out.appendingPathComponent(relative), encoding: .utf8)) ?? ""
    }

    private func json(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: out.appendingPathComponent(relative))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func requireParallel() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        guard path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/parallel") }) else {
            throw XCTSkip("GNU Parallel is not installed (scripts/setup installs it)")
        }
    }

    let folders = ["0001-hidden=2,seed=1", "0002-hidden=2,seed=2", "0003-hidden=4,seed=1", "0004-hidden=4,seed=2"]

    func testGridTimesSeedsRunsResumesAndRefusesAnotherSweep() throws {
        try requireParallel()
        let path = try script("tiny.urnn", tiny)
        let args = ["--grid", "hidden=2,4", "--seeds", "2", "--jobs", "2"]
        let first = try sweep(path, args)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("4 runs: 0 done (skipped), 0 failed (rerun), 4 not run yet (run)"), first.stderr)
        XCTAssertTrue(first.stderr.contains("4 of 4 runs succeeded"), first.stderr)
        for (i, name) in folders.enumerated() {
            let params = try json("\(name)/params.json")
            XCTAssertEqual(params["params"] as? [String: String], ["hidden": i < 2 ? "2" : "4", "seed": i % 2 == 0 ? "1" : "2"])
            XCTAssertEqual((params["scriptSHA256"] as? String)?.count, 64)
            XCTAssertNotNil(params["urnnVersion"])
            let done = try json("\(name)/done.json")
            XCTAssertEqual(done["exitStatus"] as? Int, 0)
            XCTAssertNotNil(done["wallSeconds"] as? Double)
            XCTAssertGreaterThan(done["peakMemoryKiB"] as? Int ?? 0, 0)
            // The machine the run ran on: its CPU (where /proc/cpuinfo names it) and the build.
            XCTAssertEqual(done["buildTarget"] as? String, ProcessInfo.processInfo.environment["URNN_PORTABLE"] == "1" ? "haswell" : "native")
            let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
            if cpuinfo.contains("model name") { XCTAssertFalse((done["cpu"] as? String ?? "").isEmpty, "\(done)") }
            let rows = text("\(name)/results.csv").split(separator: "\n")
            XCTAssertEqual(rows.count, 2, "\(rows)")
            XCTAssertEqual(rows.first, "hidden,seed,model,data,split,seq,step,loss,accuracy,top5,perplexity,baseline,radius,unitarity,flow")
            XCTAssertTrue(rows.last?.hasPrefix("\(i < 2 ? 2 : 4),\(i % 2 == 0 ? 1 : 2),m,c,test,3,") == true, "\(rows)")
            XCTAssertTrue(text("\(name)/stdout.txt").contains("note: x"))
        }
        let record = try json("sweep.json")
        XCTAssertEqual(record["seeds"] as? [Int], [1, 2])
        XCTAssertNotNil(record["scriptSHA256"])
        XCTAssertEqual(text("joblog").split(separator: "\n").count, 5, text("joblog"))

        let again = try sweep(path, args)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("4 runs: 4 done (skipped), 0 failed (rerun), 0 not run yet (run)"), again.stderr)

        let before = text("\(folders[0])/done.json")
        try FileManager.default.removeItem(at: out.appendingPathComponent("\(folders[2])/done.json"))
        let resumed = try sweep(path, args)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("4 runs: 3 done (skipped), 0 failed (rerun), 1 not run yet (run)"), resumed.stderr)
        XCTAssertEqual(text("\(folders[0])/done.json"), before, "a finished run is not run again")
        XCTAssertFalse(text("\(folders[2])/done.json").isEmpty)

        let grown = try sweep(path, ["--grid", "hidden=2,4,8", "--seeds", "2"])
        XCTAssertEqual(grown.status, 65)
        XCTAssertTrue(grown.stderr.contains("holds another sweep (the grid, seeds or --set values changed"), grown.stderr)

        try (tiny + "print 1\n").write(toFile: path, atomically: true, encoding: .utf8)
        let changed = try sweep(path, args)
        XCTAssertEqual(changed.status, 65)
        XCTAssertTrue(changed.stderr.contains("holds another sweep (the script changed since it ran); use a new --out, or --force"),
                      changed.stderr)
        let forced = try sweep(path, args + ["--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(forced.stderr.contains("4 of 4 runs succeeded"), forced.stderr)
    }

    func testAFailedRunIsReportedAndRerun() throws {
        try requireParallel()
        let path = try script("tiny.urnn", tiny)
        let result = try sweep(path, ["--grid", "fail=false,true"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("1 of 2 runs succeeded, 1 failed"), result.stderr)
        XCTAssertTrue(result.stderr.contains("failed: \(out.path)/0002-fail=true"), result.stderr)
        XCTAssertTrue(result.stderr.contains("type error: cannot apply '/'"), result.stderr)
        XCTAssertEqual(try json("0002-fail=true/done.json")["exitStatus"] as? Int, 65)
        let again = try sweep(path, ["--grid", "fail=false,true"])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("2 runs: 1 done (skipped), 1 failed (rerun), 0 not run yet (run)"), again.stderr)
    }

    func testParameterValuesNeverReachAShell() throws {
        try requireParallel()
        let path = try script("tiny.urnn", tiny)
        let evil = "a; touch PWNED1 $(touch PWNED2) `touch PWNED3` \"q\" 's' && touch PWNED4"
        let result = try sweep(path, ["--grid", "note=\(evil),b", "--set", "hidden=2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let made = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertFalse(made.contains { $0.hasPrefix("PWNED") }, "\(made)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("0001-") }
        XCTAssertEqual(runs.count, 1, "\(runs)")
        XCTAssertTrue(text("\(runs[0])/stdout.txt").contains("note: \(evil)"), text("\(runs[0])/stdout.txt"))
        XCTAssertTrue(text("\(runs[0])/results.csv").contains("\"a; touch PWNED1 $(touch PWNED2) `touch PWNED3` \"\"q\"\" 's' && touch PWNED4\",2,m,c"),
                      text("\(runs[0])/results.csv"))
    }

    func testDryRunPrintsRunsAndCommandAndWritesNothing() throws {
        let path = try script("tiny.urnn", tiny)
        let local = try sweep(path, ["--grid", "hidden=2,4", "--seeds", "2", "--jobs", "3", "--dry-run"])
        XCTAssertEqual(local.status, 0, local.stderr)
        let lines = local.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines.prefix(4)), folders.map { "\($0)  to run" })
        XCTAssertTrue(local.stdout.contains("command: parallel --will-cite --joblog \(out.path)/joblog --jobs 3 "
                                            + "--arg-file \(out.path)/pending.txt -q "), local.stdout)
        XCTAssertTrue(local.stdout.contains(" sweep-run {}\n"), local.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))

        let remote = try sweep(path, ["--grid", "hidden=2", "--hosts", "node1,node2", "--dry-run"])
        XCTAssertTrue(remote.stdout.contains("--sshlogin node1,node2 --workdir . --arg-file"), remote.stdout)
        let file = try sweep(path, ["--grid", "hidden=2", "--sshloginfile", "hosts.txt", "--dry-run"])
        XCTAssertTrue(file.stdout.contains("--sshloginfile hosts.txt --workdir . --arg-file"), file.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    func testBadInputIsRefusedBeforeAnythingIsWritten() throws {
        let path = try script("tiny.urnn", tiny)
        let cases: [([String], Int32, String)] = [
            (["--grid", "hiden=2"], 65, "--grid hiden: the script has no parameter 'hiden' (it declares hidden, seed, note, fail); did you mean 'hidden'?"),
            (["--grid", "hidden=2,big"], 65, "the override hidden=big is not"),
            (["--grid", "hidden="], 64, "an empty value"),
            (["--seeds", "0"], 64, "--seeds 0: give at least one seed"),
            (["--set", "fail=maybe"], 65, "parameter 'fail' is true or false"),
        ]
        for (args, status, message) in cases {
            let result = try sweep(path, args)
            XCTAssertEqual(result.status, status, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(args): \(result.stderr)")
        }
        let unseeded = try script("unseeded.urnn", "param hidden = 4\nprint hidden\n")
        let noSeed = try sweep(unseeded, ["--seeds", "2"])
        XCTAssertEqual(noSeed.status, 65)
        XCTAssertTrue(noSeed.stderr.contains("the script declares no 'param seed'"), noSeed.stderr)
        let broken = try script("broken.urnn", "param hidden = 4\nprint nothing_here\n")
        let failsCheck = try sweep(broken, ["--grid", "hidden=1,2"])
        XCTAssertEqual(failsCheck.status, 65)
        XCTAssertTrue(failsCheck.stderr.contains("nothing_here"), failsCheck.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    func testInterruptStopsTheSweepAndKeepsFinishedRuns() throws {
        try requireParallel()
        // The middle run trains for ever (until interrupted); the others take two steps.
        let path = try script("slow.urnn", """
            param slow = false
            task c = copy delay=3 train=50 test=10
            model m = rnn hidden=4
            if slow { train m on c steps=100000000 batch=2 } else { train m on c steps=2 batch=2 }
            eval m on c

            """)
        let args = ["sweep", path, "--out", out.path, "--grid", "slow=false,true,false", "--jobs", "1"]
        let process = Process()
        process.executableURL = try urnnBinary()
        process.arguments = args
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the slow run has started (its log exists), then press Ctrl-C.
        let started = out.appendingPathComponent("0002-slow=true/stdout.txt")
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: started.path) && Date() < deadline { usleep(20_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: started.path), "the slow run never started")
        kill(process.processIdentifier, SIGINT)
        let stopBy = Date().addingTimeInterval(30)
        while process.isRunning && Date() < stopBy { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertEqual(try json("0001-slow=false/done.json")["exitStatus"] as? Int, 0)
        XCTAssertFalse(text("0002-slow=true/done.json").contains("\"exitStatus\" : 0"))
        let plan = try sweep(path, ["--grid", "slow=false,true,false", "--jobs", "1", "--dry-run"])
        XCTAssertTrue(plan.stdout.contains("0001-slow=false  done\n"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("0003-slow=false  to run\n"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("3 runs: 1 done (skipped), "), plan.stdout)
    }

    func testPlotsGoToTheRunFolder() throws {
        try requireParallel()
        let path = try script("plot.urnn", """
            param hidden = 4
            task c = copy delay=3 train=50 test=10
            model m = rnn hidden=hidden
            train m on c steps=3 batch=2
            plot loss m

            """)
        let result = try sweep(path, ["--grid", "hidden=2"])
        XCTAssertEqual(result.status, 0, result.stderr + text("0001-hidden=2/stderr.txt"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("0001-hidden=2/loss-m.png").path),
                      text("0001-hidden=2/stdout.txt"))
    }
}
