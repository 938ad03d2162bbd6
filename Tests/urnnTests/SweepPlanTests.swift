import Foundation
import URNNEngine
import URNNScript
import XCTest
@testable import urnn

/// The sweep's planning without running anything: grids, seeds, runs and their folder
/// names, the checks against the script's parameters, and what a rerun skips.
final class SweepPlanTests: XCTestCase {
    func testGridListsAndRanges() throws {
        XCTAssertEqual(try GridAxis.parse("hidden=8,16,32"), GridAxis(name: "hidden", values: ["8", "16", "32"]))
        XCTAssertEqual(try GridAxis.parse("delay=-1..2"), GridAxis(name: "delay", values: ["-1", "0", "1", "2"]))
        XCTAssertEqual(try GridAxis.parse("rule=exact"), GridAxis(name: "rule", values: ["exact"]))
        for bad in ["hidden", "=1,2", "hidden=", "hidden=1,,2", "hidden=3..1"] {
            XCTAssertThrowsError(try GridAxis.parse(bad), bad)
        }
        XCTAssertThrowsError(try GridAxis.parse("n=0..1000000")) { error in
            XCTAssertTrue((error as? SweepError)?.message.contains("more than") == true, "\(error)")
        }
    }

    func testSeeds() throws {
        XCTAssertEqual(try SeedList.parse("3"), [1, 2, 3])
        XCTAssertEqual(try SeedList.parse("3,7,11"), [3, 7, 11])
        XCTAssertThrowsError(try SeedList.parse("0")) { error in
            XCTAssertEqual((error as? SweepError)?.message, "--seeds 0: give at least one seed (N >= 1)")
        }
        for bad in ["-2", "x", "1,1", "1,,2", "1,-3"] { XCTAssertThrowsError(try SeedList.parse(bad), bad) }
    }

    func testRunsAreEveryCombinationOncePerSeed() {
        let plan = SweepPlan(axes: [GridAxis(name: "hidden", values: ["8", "16"]), GridAxis(name: "rule", values: ["exact", "cayley"])],
                             seeds: [1, 2], fixed: ["steps": "5"])
        let runs = plan.runs
        XCTAssertEqual(plan.count, 8)
        XCTAssertEqual(runs.map(\.folderName), [
            "0001-hidden=8,rule=exact,seed=1", "0002-hidden=8,rule=exact,seed=2",
            "0003-hidden=8,rule=cayley,seed=1", "0004-hidden=8,rule=cayley,seed=2",
            "0005-hidden=16,rule=exact,seed=1", "0006-hidden=16,rule=exact,seed=2",
            "0007-hidden=16,rule=cayley,seed=1", "0008-hidden=16,rule=cayley,seed=2"])
        XCTAssertEqual(runs[5].overrides(fixed: plan.fixed), ["hidden": "16", "rule": "exact", "seed": "2", "steps": "5"])
        XCTAssertEqual(SweepPlan(axes: [], seeds: nil, fixed: [:]).runs.map(\.folderName), ["0001"])
    }

    func testFolderNamesAreSafe() {
        XCTAssertEqual(SweepPlan.safe("a b/../$(x);'q'"), "a_b_..___x___q_")
        XCTAssertEqual(SweepPlan.safe(".."), "_.")
        XCTAssertEqual(SweepPlan.safe(""), "_")
        XCTAssertEqual(SweepPlan.safe("é1e-3"), "_1e-3")
        XCTAssertEqual(SweepPlan.safe(String(repeating: "x", count: 100)).count, 40)
    }

    private func parameters(_ text: String) -> ScriptParameters {
        ScriptParameters(Parser.parse(SourceFile(name: "t.urnn", text: text)).0)
    }

    func testValidationMatchesSet() {
        let declared = parameters("param hidden = 8\nparam rule = \"exact\"\nparam fast = true\nif fast { param lr = 1e-3 }\n")
        XCTAssertEqual(declared.names, ["hidden", "rule", "fast", "lr"])
        func message(_ plan: SweepPlan) -> String? {
            do { try plan.validate(against: declared); return nil } catch { return (error as? SweepError)?.message }
        }
        XCTAssertNil(message(SweepPlan(axes: [GridAxis(name: "lr", values: ["0.1", "1e-2"])], seeds: nil, fixed: ["rule": "x"])))
        XCTAssertEqual(message(SweepPlan(axes: [GridAxis(name: "hiden", values: ["1"])], seeds: nil, fixed: [:])),
                       "--grid hiden: the script has no parameter 'hiden' (it declares hidden, rule, fast, lr); did you mean 'hidden'?")
        XCTAssertEqual(message(SweepPlan(axes: [GridAxis(name: "hidden", values: ["8", "many"])], seeds: nil, fixed: [:])),
                       "--grid hidden: parameter 'hidden' is a number (its default is 8); the override hidden=many is not: "
                       + "write a finite decimal number such as 100, -0.5 or 1e-3")
        XCTAssertEqual(message(SweepPlan(axes: [], seeds: nil, fixed: ["fast": "yes"])),
                       "--set fast: parameter 'fast' is true or false (its default is true); the override fast=yes is not")
        XCTAssertEqual(message(SweepPlan(axes: [GridAxis(name: "rule", values: ["a"])], seeds: nil, fixed: ["rule": "b"])),
                       "rule is both in --grid and in --set; give it in one of them")
        XCTAssertTrue(message(SweepPlan(axes: [], seeds: [1], fixed: [:]))?.contains("declares no 'param seed'") == true)
        // A param named like a results column would be written twice into results.csv's header.
        let clashing = parameters("param split = \"test\"\nparam seq = 100\n")
        for plan in [SweepPlan(axes: [GridAxis(name: "seq", values: ["1"])], seeds: nil, fixed: [:]),
                     SweepPlan(axes: [], seeds: nil, fixed: ["split": "valid"])] {
            XCTAssertThrowsError(try plan.validate(against: clashing)) { error in
                XCTAssertTrue((error as? SweepError)?.message.contains("has the name of a column of the results rows") == true)
                XCTAssertEqual((error as? SweepError)?.exitCode, 65)
            }
        }
        let seeded = parameters("param seed = 1\nseed seed\n")
        XCTAssertNoThrow(try SweepPlan(axes: [], seeds: [1, 2], fixed: [:]).validate(against: seeded))
        XCTAssertThrowsError(try SweepPlan(axes: [GridAxis(name: "seed", values: ["1"])], seeds: [1], fixed: [:]).validate(against: seeded))
    }

    func testRerunSkipsSucceededAndRerunsTheRest() throws {
        let dir = try temporaryFolder("sweep-progress")
        defer { try? FileManager.default.removeItem(at: dir) }
        let runs = SweepPlan(axes: [GridAxis(name: "n", values: ["1", "2", "3"])], seeds: nil, fixed: [:]).runs
        func finish(_ run: SweepRun, _ status: Int32) throws {
            let done = RunCompletion(exitStatus: status, wallSeconds: 1, peakMemoryKiB: 1, host: "h", finished: "t")
            try SweepJSON.write(done, to: dir.appendingPathComponent(run.folderName).appendingPathComponent("done.json"))
        }
        try finish(runs[0], 0)
        try finish(runs[1], 65)
        let progress = SweepProgress.scan(runs, in: dir)
        XCTAssertEqual(progress.succeeded, [runs[0]])
        XCTAssertEqual(progress.failed, [runs[1]])
        XCTAssertEqual(progress.missing, [runs[2]])
        XCTAssertEqual(progress.pending, [runs[1], runs[2]])
        XCTAssertEqual(progress.summary, "3 runs: 1 done (skipped), 1 failed (rerun), 1 not run yet (run)")
        XCTAssertEqual(SweepProgress.scan(runs, in: dir, force: true).pending, runs)
    }

    func testSHA256KnownVectors() {
        XCTAssertEqual(ScriptDigest.sha256Hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(ScriptDigest.sha256Hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(ScriptDigest.sha256Hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testShellQuotedCommandForDisplay() {
        XCTAssertEqual(shellQuoted("/tmp/a b"), "'/tmp/a b'")
        XCTAssertEqual(shellQuoted("it's"), "'it'\\''s'")
        XCTAssertEqual(shellQuoted("--jobs"), "--jobs")
    }
}
