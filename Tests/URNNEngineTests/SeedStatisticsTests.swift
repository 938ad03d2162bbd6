import Foundation
import XCTest
@testable import URNNEngine

/// Merging a results table over seeds: grouping, mean and sample standard deviation, and the
/// CSV reader the sweep's results go through.
final class SeedStatisticsTests: XCTestCase {
    /// Relative agreement of two independent evaluations of the same sums in double precision.
    let tolerance = 1e-14

    func testMeanAndSampleStandardDeviationAgainstTheTwoPassFormulaInExtendedPrecision() throws {
        let values = [0.9871, 0.9712, 0.9903, 0.95]
        let s = try XCTUnwrap(SeedSummary(values))
        // Independent reference: Float80 sums, the n - 1 divisor.
        let n = Float80(values.count)
        let mean = values.map(Float80.init).reduce(0, +) / n
        let variance = values.map { (Float80($0) - mean) * (Float80($0) - mean) }.reduce(0, +) / (n - 1)
        XCTAssertEqual(s.count, 4)
        XCTAssertLessThan(abs(s.mean - Double(mean)) / Double(mean), tolerance, "mean \(s.mean) vs \(mean)")
        let std = Double(variance.squareRoot())
        XCTAssertLessThan(abs(try XCTUnwrap(s.std) - std) / std, tolerance, "std \(String(describing: s.std)) vs \(std)")
        let one = try XCTUnwrap(SeedSummary([0.5]))
        XCTAssertEqual(one.mean, 0.5)
        XCTAssertNil(one.std, "one seed has no spread")
        XCTAssertNil(SeedSummary([]))
    }

    func testRowsGroupByEveryKeyButTheSeedInOrderOfFirstAppearance() throws {
        let table = ResultTable(
            columns: ["hidden", "seed", "model", "seq", "loss", "accuracy"],
            rows: [["32", "1", "m", "10", "0.5", "0.9"],
                   ["64", "1", "m", "10", "0.4", ""],
                   ["32", "2", "m", "10", "0.7", "0.8"],
                   ["32", "1", "m", "20", "1.0", "0.5"]],
            parameterColumns: ["hidden"], seedsAsked: 2)
        XCTAssertEqual(table.keyColumns, ["hidden", "model", "seq"])
        XCTAssertEqual(table.metricColumns, ["loss", "accuracy"])
        XCTAssertEqual(table.varyingKeyColumns, ["hidden", "seq"])
        let merged = try table.merged()
        XCTAssertEqual(merged.map(\.key), [["32", "m", "10"], ["64", "m", "10"], ["32", "m", "20"]])
        XCTAssertEqual(merged.map(\.count), [2, 1, 1])
        XCTAssertEqual(merged[0].seeds, ["1", "2"])
        XCTAssertEqual(merged[0].metrics[0]?.mean ?? .nan, 0.6, accuracy: 1e-15)
        XCTAssertEqual(merged[0].metrics[0]?.std ?? .nan, (0.02).squareRoot(), accuracy: 1e-15)
        XCTAssertNil(merged[1].metrics[1], "a metric no row of the point has")
    }

    func testStepIsAKeyForACurveAndAMetricWhereEachRunEvaluatesOnce() throws {
        // A curve: each run evaluated at steps 0 and 100; the points are (arch, step).
        let curve = ResultTable(
            columns: ["arch", "seed", "model", "step", "loss"],
            rows: [["exact", "1", "m", "0", "2.0"], ["exact", "1", "m", "100", "0.5"],
                   ["exact", "2", "m", "0", "2.2"], ["exact", "2", "m", "100", "0.7"]],
            parameterColumns: ["arch"], seedsAsked: 2)
        XCTAssertEqual(curve.keyColumns, ["arch", "model", "step"])
        XCTAssertEqual(try curve.merged().map(\.count), [2, 2])
        // Training to convergence: one evaluation a run, stopped at different steps. The
        // seeds stay one point, and the step is averaged like the loss.
        let converged = ResultTable(
            columns: ["arch", "seed", "model", "seq", "step", "loss"],
            rows: [["lstm", "1", "m", "100", "531", "4.7"], ["lstm", "2", "m", "100", "500", "4.9"],
                   ["lstm", "1", "m", "200", "531", "4.6"], ["lstm", "2", "m", "200", "500", "4.8"]],
            parameterColumns: ["arch"], seedsAsked: 2)
        XCTAssertEqual(converged.keyColumns, ["arch", "model", "seq"])
        XCTAssertEqual(converged.metricColumns, ["step", "loss"])
        let merged = try converged.merged()
        XCTAssertEqual(merged.map(\.count), [2, 2])
        XCTAssertEqual(merged[0].metrics[0]?.mean ?? .nan, 515.5, accuracy: 1e-12)
        XCTAssertEqual(merged[0].metrics[1]?.mean ?? .nan, 4.8, accuracy: 1e-12)
    }

    func testATextColumnIsAKeyNotAMetric() {
        let table = ResultTable(columns: ["rule", "seed", "loss"], rows: [["exact", "1", "0.1"], ["cayley", "1", "0.2"]])
        XCTAssertEqual(table.keyColumns, ["rule"])
        XCTAssertEqual(table.metricColumns, ["loss"])
    }

    func testCSVReadsQuotedCellsAndNamesTheLineOfAnError() throws {
        let records = try CSVText.parse("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n\n3,\n")
        XCTAssertEqual(records.map(\.line), [1, 2, 4])
        XCTAssertEqual(records.map(\.cells), [["a", "b"], ["x,1", "say \"hi\""], ["3", ""]])
        XCTAssertEqual(CSVText.line(["x,1", "say \"hi\"", "plain"]), "\"x,1\",\"say \"\"hi\"\"\",plain")
        XCTAssertThrowsError(try CSVText.parse("a,b\n1,\"open\n")) { error in
            XCTAssertEqual(error as? CSVError, CSVError(line: 2, message: "a quoted cell is not closed"))
        }
        XCTAssertThrowsError(try CSVText.parse("a\n\"x\"y\n")) { error in
            XCTAssertEqual((error as? CSVError)?.line, 2)
        }
    }
}
