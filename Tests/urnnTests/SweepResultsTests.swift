import Foundation
import XCTest

/// `urnn results` and the language's `results = load DIR` on a real sweep (GNU Parallel, the
/// real binary): a 2 x 2 grid x 2 seeds of a tiny copy task, one run made to fail before its
/// `eval`, so that its grid point has one seed of the two asked.
final class SweepResultsTests: ScriptFolderTestCase {
    let tiny = """
        param hidden = 4
        param lr = 0.01
        param seed = 1
        seed seed
        task c = copy delay=3 train=50 test=10
        model m = rnn hidden=hidden
        train m on c steps=2 batch=2 lr=lr
        if hidden == 4 and lr == 0.1 and seed == 2 { print 1 / "a" }
        eval m on c

        """

    private var out: URL { folder.appendingPathComponent("out") }

    /// Relative agreement of the printed mean and std (17 significant digits) with the test's own.
    let tolerance = 1e-12

    private func requireParallel() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        guard path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/parallel") }) else {
            throw XCTSkip("GNU Parallel is not installed (scripts/setup installs it)")
        }
    }

    private func csvRows(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    func testMergedTableFailuresPivotAndTheLanguage() throws {
        try requireParallel()
        let path = try script("tiny.urnn", tiny)
        let swept = try urnn(["sweep", path, "--out", out.path, "--grid", "hidden=2,4", "--grid", "lr=0.01,0.1",
                              "--seeds", "2", "--jobs", "2"], directory: folder, timeout: 120)
        XCTAssertEqual(swept.status, 1, swept.stderr)
        XCTAssertTrue(swept.stderr.contains("7 of 8 runs succeeded, 1 failed"), swept.stderr)

        // The test's own means and sample deviations, from every run's results.csv.
        var losses: [String: [Double]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name.hasPrefix("000") {
            let text = (try? String(contentsOf: out.appendingPathComponent("\(name)/results.csv"), encoding: .utf8)) ?? ""
            for row in csvRows(text) {
                losses["\(row["hidden"]!),\(row["lr"]!)", default: []].append(try XCTUnwrap(Double(row["loss"] ?? "")))
            }
        }
        XCTAssertEqual(losses.mapValues(\.count), ["2,0.01": 2, "2,0.1": 2, "4,0.01": 2, "4,0.1": 1])

        let csv = try urnn(["results", out.path, "--format", "csv"], directory: folder)
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let merged = csvRows(csv.stdout)
        XCTAssertEqual(csv.stdout.split(separator: "\n").first,
                       "hidden,lr,model,data,split,seq,step,loss_mean,loss_std,accuracy_mean,accuracy_std,baseline_mean,baseline_std,"
                       + "radius_mean,radius_std,unitarity_mean,unitarity_std,n")
        XCTAssertEqual(merged.map { "\($0["hidden"]!),\($0["lr"]!)" }, ["2,0.01", "2,0.1", "4,0.01", "4,0.1"])
        for row in merged {
            let values = try XCTUnwrap(losses["\(row["hidden"]!),\(row["lr"]!)"])
            let n = Double(values.count)
            let mean = values.reduce(0, +) / n
            XCTAssertEqual(row["n"], String(values.count))
            let printedMean = try XCTUnwrap(Double(row["loss_mean"] ?? ""))
            XCTAssertLessThan(abs(printedMean - mean) / abs(mean), tolerance, "mean \(printedMean) vs \(mean)")
            if values.count > 1 {
                let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
                let printedStd = try XCTUnwrap(Double(row["loss_std"] ?? ""))
                XCTAssertLessThan(abs(printedStd - std) / std, 1e-9, "std \(printedStd) vs \(std)")
            } else {
                XCTAssertEqual(row["loss_std"], "", "one seed has no spread")
            }
        }
        XCTAssertTrue(csv.stderr.contains("failed (exit 65): \(out.path)/0008-hidden=4,lr=0.1,seed=2"), csv.stderr)

        let table = try urnn(["results", out.path], directory: folder)
        XCTAssertEqual(table.status, 0, table.stderr)
        let lines = table.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("hidden  lr    model  data  split  seq  step  loss"), table.stdout)
        let mean = losses["2,0.01"]!.reduce(0, +) / 2
        XCTAssertTrue(lines[1].contains(String(format: "%.4f ± ", mean)), table.stdout)
        XCTAssertTrue(lines[1].hasSuffix("  2"), table.stdout)
        XCTAssertTrue(lines[4].hasSuffix("  1*"), "the point with one seed of two is marked: \(table.stdout)")
        XCTAssertFalse(lines[4].contains("±"), "one seed shows no spread: \(lines[4])")
        XCTAssertTrue(lines.contains("* fewer seeds than asked (1 of 2)"), table.stdout)
        XCTAssertTrue(lines.contains("failed (exit 65): \(out.path)/0008-hidden=4,lr=0.1,seed=2"), table.stdout)
        XCTAssertTrue(table.stdout.contains("tiny.urnn:8:"), "the failed run's stderr lines: \(table.stdout)")

        let pivot = try urnn(["results", out.path, "--pivot", "hidden,lr,loss", "--format", "markdown"], directory: folder)
        XCTAssertEqual(pivot.status, 0, pivot.stderr)
        let md = pivot.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(md[0], "| hidden | lr=0.01 | lr=0.1 |")
        XCTAssertEqual(md[1], "|---|---:|---:|")
        XCTAssertEqual(md[2], "| 2 | " + ["2,0.01", "2,0.1"].map { key -> String in
            let v = losses[key]!, m = v.reduce(0, +) / 2
            let s = (v.map { ($0 - m) * ($0 - m) }.reduce(0, +)).squareRoot()
            return String(format: "%.4f ± %.4f (n=2)", m, s)
        }.joined(separator: " | ") + " |")
        XCTAssertTrue(md[3].hasSuffix(String(format: "%.4f (n=1)\\* |", losses["4,0.1"]![0])), pivot.stdout)
        XCTAssertEqual(md.last(where: { !$0.isEmpty }), "\\* fewer seeds than asked (1 of 2)")
        XCTAssertEqual(pivot.stdout, try urnn(["results", out.path, "--pivot", "hidden,lr,loss", "--format", "markdown"],
                                              directory: folder).stdout, "the same table every time")

        // The language reads the same merged rows.
        let session = try urnn(["-c", """
            results = load "out"
            show results pivot=hidden,lr,loss
            export results to "merged.csv"
            plot results x=hidden y=loss by=lr to "loss.svg"
            """], directory: folder, timeout: 60)
        XCTAssertEqual(session.status, 0, session.stderr)
        XCTAssertTrue(session.stdout.contains("results = load out: 7 rows from 8 runs (7 succeeded, 1 failed or not finished)"),
                      session.stdout)
        XCTAssertTrue(session.stdout.contains(String(format: "%.4f (n=1)*", losses["4,0.1"]![0])), session.stdout)
        let exported = try String(contentsOf: folder.appendingPathComponent("merged.csv"), encoding: .utf8)
        XCTAssertEqual(exported, csv.stdout, "export writes the mean, std and n columns urnn results prints")
        let gp = try String(contentsOf: folder.appendingPathComponent("loss.svg.gp"), encoding: .utf8)
        XCTAssertTrue(gp.contains("using 1:2:3 with yerrorlines"), gp)
        XCTAssertEqual(gp.components(separatedBy: "yerrorlines").count - 1, 2, "one line per lr: \(gp)")
        XCTAssertTrue(gp.contains("title 'lr=0.01'") && gp.contains("title 'lr=0.1'"), gp)
    }

    func testBadInputIsAClearErrorNamingTheFile() throws {
        let missing = try urnn(["results", "nowhere"], directory: folder)
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.stderr.contains("nowhere: no such folder"), missing.stderr)

        let plain = folder.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        let notSweep = try urnn(["results", "plain"], directory: folder)
        XCTAssertEqual(notSweep.status, 65)
        XCTAssertTrue(notSweep.stderr.contains("plain is not a sweep's folder (it has no sweep.json)"), notSweep.stderr)

        // A sweep folder written by hand, as urnn sweep writes it.
        let sweep = folder.appendingPathComponent("sweep")
        let run = sweep.appendingPathComponent("0001-seed=1")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try #"{"fixed":{},"grid":[],"script":"/x.urnn","scriptSHA256":"0","seeds":[1],"threads":1,"urnnVersion":"0"}"#
            .write(to: sweep.appendingPathComponent("sweep.json"), atomically: true, encoding: .utf8)
        try #"{"columns":["seed"],"params":{"seed":"1"},"script":"/x.urnn","scriptSHA256":"0","seed":1,"threads":1,"urnnVersion":"0"}"#
            .write(to: run.appendingPathComponent("params.json"), atomically: true, encoding: .utf8)
        try #"{"exitStatus":0,"finished":"","host":"h","peakMemoryKiB":1,"wallSeconds":1}"#
            .write(to: run.appendingPathComponent("done.json"), atomically: true, encoding: .utf8)
        try "seed,model,data,seq,loss\n1,m,c,3,0.5\n".write(to: run.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
        let good = try urnn(["results", "sweep"], directory: folder)
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertEqual(good.stdout, "model  data  seq  loss    n\nm      c     3    0.5000  1\n")

        try "seed,model,data,seq,loss\n1,m,c,3,0.5,extra\n".write(to: run.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
        let ragged = try urnn(["results", "sweep"], directory: folder)
        XCTAssertEqual(ragged.status, 65)
        XCTAssertTrue(ragged.stderr.contains("\(run.path)/results.csv:2: 6 cells, but the header has 5 columns"), ragged.stderr)
        let inScript = try urnn(["-c", "results = load \"sweep\""], directory: folder)
        XCTAssertEqual(inScript.status, 65)
        XCTAssertTrue(inScript.stderr.contains(":1:16"), "the error has its place in the script: \(inScript.stderr)")
        XCTAssertTrue(inScript.stderr.contains("results.csv:2: 6 cells"), inScript.stderr)

        try "seed,model,data,seq,loss\n1,m,c,3,0.5\n".write(to: run.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
        try "{\"exitStatus\": 0,".write(to: run.appendingPathComponent("done.json"), atomically: true, encoding: .utf8)
        let corrupt = try urnn(["results", "sweep"], directory: folder)
        XCTAssertEqual(corrupt.status, 65)
        XCTAssertTrue(corrupt.stderr.contains("\(run.path)/done.json: not a sweep's done.json (not valid JSON)"), corrupt.stderr)

        let missingInScript = try urnn(["-c", "results = load \"nowhere\""], directory: folder)
        XCTAssertEqual(missingInScript.status, 66, missingInScript.stderr)
        XCTAssertTrue(missingInScript.stderr.contains("nowhere: no such folder"), missingInScript.stderr)
    }
}
