import Foundation
import XCTest

/// `scripts/study/run --quick`: every study of scripts/study through real `urnn sweep`s on
/// tiny budgets (one seed), then the report from the merged results: the tables of
/// `urnn results`, the plots of report.urnn, the verdicts. What CI runs of the study.
final class StudyTests: ScriptFolderTestCase {
    func testQuickStudyRunsEveryStudyAndWritesItsReport() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("corpora/kjv.txt").path) else {
            throw XCTSkip("corpora/kjv.txt is missing: scripts/setup writes it")
        }
        guard FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz") else {
            throw XCTSkip("Debian's dataset-fashion-mnist is missing: scripts/setup installs it")
        }
        let out = folder.appendingPathComponent("study")
        let result = try runProcess(root.appendingPathComponent("scripts/study/run"),
                                    ["--quick", "--out", out.path],
                                    environment: ["URNN_BIN": try urnnBinary().path], directory: root, timeout: 600)
        XCTAssertEqual(result.status, 0, String(result.stderr.suffix(3000)))
        let studies = ["seed-table-lr", "seed-table", "copy-short", "copy-long", "images", "adding-short",
                       "adding-long", "gradient-flow", "spectrum", "unitarity"]
        for study in studies {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(study)/sweep.json").path), study)
        }
        let report = try String(contentsOf: out.appendingPathComponent("results.md"), encoding: .utf8)
        // The seed table as a pivot of the merged rows: one column per input length.
        XCTAssertTrue(report.contains("seq=100 | seq=200 | seq=400 |"), report)
        for arch in ["bigram", "trigram", "rnn", "lstm", "seed", "exact", "complex"] {
            XCTAssertTrue(report.contains("| \(arch) |"), "\(arch) missing from the seed table")
        }
        // The task studies' summaries, the verdict lines and the images table.
        XCTAssertTrue(report.contains("first step below 10% of the baseline"), report)
        XCTAssertTrue(report.contains("the bigram at L = 100: test perplexity"), report)
        XCTAssertTrue(report.contains("order=permuted | order=pixel |"), report)
        XCTAssertFalse(report.contains("(not run)"), report)
        for plot in ["seed-table.png", "copy-short.png", "copy-long.png", "adding-short.png", "adding-long.png",
                     "unitarity.png", "seed-table-position-exact.png", "gradient-flow-rnn.png", "spectrum-exact.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("plots/\(plot)").path), plot)
        }
        // Quick mode never touches the published page or the README.
        let published = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        XCTAssertFalse(published.contains(out.path))
    }
}
