import ArgumentParser
import Foundation
import URNNEngine
import URNNScript

extension URNNCommand {
    /// `urnn results DIR`: a sweep's runs merged over seeds (`SweepResults`, `ResultsReport`).
    struct Results: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a sweep's results merged over seeds: mean ± std (n) per grid point.",
            discussion: """
                Reads every run folder under DIR (the --out folder of urnn sweep): params.json, \
                done.json and results.csv. Rows with the same parameters (other than the seed) and \
                the same model, data and seq are one grid point; each metric shows its mean ± \
                sample standard deviation over the seeds, and n the seeds that reached the point \
                (marked * when fewer than the sweep asked for). Runs that failed or did not finish \
                are listed with their folder and the last 5 lines of their stderr (on standard error \
                for --format csv and markdown). See docs/sweeps.md.

                Example: urnn results runs/copy --pivot model,seq,accuracy --format markdown

                Exit status: 0 the table was printed, 64 wrong usage, 65 DIR is not a sweep's folder \
                or one of its files does not read, 66 DIR does not exist.
                """)

        @Argument(help: ArgumentHelp("The sweep's folder (urnn sweep --out).", valueName: "DIR"))
        var directory: String

        @Option(help: ArgumentHelp("A 2-D table: one row per value of ROWS, one column per value of COLS, "
                                   + "cells of the metric VALUE (e.g. model,seq,accuracy).", valueName: "ROWS,COLS,VALUE"))
        var pivot: String?

        @Option(help: ArgumentHelp("Aligned text, CSV, or a GitHub markdown table.", valueName: "table|csv|markdown"))
        var format: ResultsFormat = .table

        func validate() throws {
            if let pivot {
                do { _ = try ResultsReport.Pivot(pivot.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) }
                catch let error as ResultsReportError { throw ValidationError("--pivot: " + error.message) }
            }
        }

        func run() throws {
            let console = Console(style: .current())
            let results: SweepResults
            do {
                results = try SweepResults.read(URL(fileURLWithPath: directory))
            } catch let error as SweepResultsError {
                console.diagnostic("urnn results: \(error)")
                if case .missing = error { throw ExitCode(66) }
                throw ExitCode(65)
            }
            let lines: [String]
            do {
                let words = pivot.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
                lines = try ResultsReport.lines(results.table, format: format, pivot: try words.map(ResultsReport.Pivot.init))
            } catch let error as ResultsReportError {
                console.diagnostic("urnn results: \(error.message)")
                throw ExitCode(65)
            }
            for line in lines { console.out(line) }
            let failures = ResultsReport.unsuccessfulRunLines(results)
            if !failures.isEmpty {
                if format == .table {
                    console.out("")
                    for line in failures { console.out(line) }
                } else {
                    for line in failures { console.err(line) }
                }
            }
            throw ExitCode(console.statusAfterOutputFailure() ?? 0)
        }
    }
}

extension ResultsFormat: ExpressibleByArgument {}
