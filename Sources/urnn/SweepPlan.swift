import Foundation
import URNNEngine
import URNNScript

/// A sweep's error in its arguments or its script, found before anything runs or is
/// written; the program prints `message` and exits with `exitCode` (64 usage, 65 script).
struct SweepError: Error, Equatable {
    var message: String
    var exitCode: Int32 = 64
}

/// Reading `--grid`; the axis itself is the engine's (`sweep.json` holds it).
extension GridAxis {
    /// The most runs one sweep may have: a grid that multiplies out past this is refused
    /// before any folder is made.
    static let maxRuns = 100_000

    /// Reads `NAME=V1,V2,...` or `NAME=START..END` (whole numbers, START <= END).
    static func parse(_ text: String) throws -> GridAxis {
        guard let (name, list) = ScriptRunner.parseOverride(text), !name.isEmpty else {
            throw SweepError(message: "--grid needs NAME=V1,V2,... or NAME=START..END, got '\(text)'")
        }
        if let range = list.range(of: #"^\s*(-?[0-9]+)\s*\.\.\s*(-?[0-9]+)\s*$"#, options: .regularExpression) {
            let parts = list[range].components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let start = Int(parts[0]), let end = Int(parts[1]) else {
                throw SweepError(message: "--grid \(name)=\(list): the range's ends are too large")
            }
            guard start <= end else {
                throw SweepError(message: "--grid \(name)=\(list): the range is empty (write START..END with START <= END)")
            }
            guard end - start < maxRuns else {
                throw SweepError(message: "--grid \(name)=\(list): more than \(maxRuns) values")
            }
            return GridAxis(name: name, values: (start...end).map(String.init))
        }
        let values = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !list.isEmpty, !values.contains(where: \.isEmpty) else {
            throw SweepError(message: "--grid \(name)=\(list): an empty value; give one or more values separated by commas")
        }
        return GridAxis(name: name, values: values)
    }
}

/// The seeds of `--seeds N` (1...N) or `--seeds 3,7,11`.
enum SeedList {
    static func parse(_ text: String) throws -> [Int] {
        let t = text.trimmingCharacters(in: .whitespaces)
        if !t.contains(",") {
            guard let n = Int(t) else { throw SweepError(message: "--seeds needs a count N or a list such as 3,7,11, got '\(text)'") }
            guard n >= 1 else { throw SweepError(message: "--seeds \(n): give at least one seed (N >= 1)") }
            guard n <= GridAxis.maxRuns else { throw SweepError(message: "--seeds \(n): at most \(GridAxis.maxRuns) seeds") }
            return Array(1...n)
        }
        var seeds: [Int] = []
        for part in t.split(separator: ",", omittingEmptySubsequences: false) {
            guard let s = Int(part.trimmingCharacters(in: .whitespaces)), s >= 0 else {
                throw SweepError(message: "--seeds \(text): '\(part)' is not a whole number >= 0")
            }
            guard !seeds.contains(s) else { throw SweepError(message: "--seeds \(text): seed \(s) is given twice") }
            seeds.append(s)
        }
        return seeds
    }
}

/// One run of a sweep: its number, its grid point and seed, and the folder it writes.
struct SweepRun: Equatable {
    /// 1-based, in the order of the plan.
    var number: Int
    /// The grid's values of this run, in the order of the axes.
    var point: [(name: String, value: String)]
    var seed: Int?
    /// `NNNN-name=value,...,seed=S`, safe as a file name.
    var folderName: String

    static func == (a: SweepRun, b: SweepRun) -> Bool {
        a.number == b.number && a.folderName == b.folderName && a.seed == b.seed
            && a.point.map(\.name) == b.point.map(\.name) && a.point.map(\.value) == b.point.map(\.value)
    }

    /// The overrides of the run: the fixed ones, its grid point and its seed as `seed`.
    func overrides(fixed: [String: String]) -> [String: String] {
        var result = fixed
        for (name, value) in point { result[name] = value }
        if let seed { result["seed"] = String(seed) }
        return result
    }
}

/// Expands a grid and seeds into runs: every combination of the axes' values (the last
/// axis fastest), each once per seed.
struct SweepPlan {
    var axes: [GridAxis]
    var seeds: [Int]?
    var fixed: [String: String]

    var runs: [SweepRun] {
        var points: [[(name: String, value: String)]] = [[]]
        for axis in axes {
            points = points.flatMap { point in axis.values.map { point + [(name: axis.name, value: $0)] } }
        }
        let seedList: [Int?] = seeds.map { $0.map(Optional.some) } ?? [nil]
        let count = points.count * seedList.count
        let width = max(4, String(count).count)
        var result: [SweepRun] = []
        for point in points {
            for seed in seedList {
                let number = result.count + 1
                var fields = point.map { "\(SweepPlan.safe($0.name))=\(SweepPlan.safe($0.value))" }
                if let seed { fields.append("seed=\(seed)") }
                let digits = String(number)
                let prefix = String(repeating: "0", count: width - digits.count) + digits
                let name = fields.isEmpty ? prefix : prefix + "-" + fields.joined(separator: ",")
                result.append(SweepRun(number: number, point: point, seed: seed, folderName: name))
            }
        }
        return result
    }

    /// The number of runs, without building them.
    var count: Int {
        axes.reduce(1) { $0 * $1.values.count } * (seeds?.count ?? 1)
    }

    /// A value as part of a folder name: letters, digits and `.+-_` are kept, anything else
    /// becomes `_`, and long values are cut (the run number keeps folders apart).
    static func safe(_ text: String) -> String {
        let kept = text.unicodeScalars.map { c -> Character in
            let ok = (c.value < 128) && (CharacterSet.alphanumerics.contains(c) || ".+-_".unicodeScalars.contains(c))
            return ok ? Character(c) : "_"
        }
        var result = String(kept.prefix(40))
        if result.hasPrefix(".") { result = "_" + result.dropFirst() }
        return result.isEmpty ? "_" : result
    }

    /// Checks the plan against the script's parameters before anything is written: every
    /// grid and fixed name is a `param` (did-you-mean otherwise), every value reads as the
    /// type of its default, a name is given once, and seeds need `param seed`.
    func validate(against parameters: ScriptParameters) throws {
        var seen: Set<String> = []
        for axis in axes {
            guard seen.insert(axis.name).inserted else {
                throw SweepError(message: "--grid \(axis.name) is given twice; give each parameter once")
            }
        }
        for name in fixed.keys.sorted() where seen.contains(name) {
            throw SweepError(message: "\(name) is both in --grid and in --set; give it in one of them")
        }
        if seeds != nil {
            if seen.contains("seed") || fixed["seed"] != nil {
                throw SweepError(message: "--seeds gives the param 'seed' its values; do not also give seed in --grid or --set")
            }
            guard parameters.names.contains("seed") else {
                throw SweepError(message: "--seeds: the script declares no 'param seed', so a seed cannot reach it; "
                                 + "add `param seed = 1` and `seed seed` to the script", exitCode: 65)
            }
        }
        for name in axes.map(\.name) + fixed.keys.sorted() where evalResultColumns.contains(name) {
            throw SweepError(message: "the param '\(name)' has the name of a column of the results rows "
                             + "(\(evalResultColumns.joined(separator: ", "))), which results.csv writes beside the "
                             + "params: rename it in the script", exitCode: 65)
        }
        for axis in axes {
            if let message = parameters.unknownNameMessage(axis.name, option: "--grid") {
                throw SweepError(message: message, exitCode: 65)
            }
            for value in axis.values {
                if let message = parameters.typeMismatchMessage(axis.name, text: value) {
                    throw SweepError(message: "--grid \(axis.name): " + message, exitCode: 65)
                }
            }
        }
        for (name, value) in fixed.sorted(by: { $0.key < $1.key }) {
            if let message = parameters.unknownNameMessage(name) { throw SweepError(message: message, exitCode: 65) }
            if let message = parameters.typeMismatchMessage(name, text: value) {
                throw SweepError(message: "--set \(name): " + message, exitCode: 65)
            }
        }
        guard count <= GridAxis.maxRuns else {
            throw SweepError(message: "the sweep has \(count) runs; at most \(GridAxis.maxRuns) are allowed")
        }
    }
}
