import Foundation
import URNNEngine

/// A model as the script sees it: what the user asked for, and, once it has met
/// data (or was loaded), the learner with its parameters, optimizer and history.
final class ModelObject: ScriptObject {
    let kindName = "model"
    let displayName: String
    /// The configuration without the data's sizes (filled in when the model is built).
    var requested: ModelConfig
    var learner: Learner?
    /// The data it was last trained on in this session. What generation, eval and
    /// gradflow need of it (vocabulary, tokenizer, window length) is the learner's
    /// `trainedOn`, which a checkpoint keeps.
    var trainedData: DataObject?

    /// The window length of its last corpus training (eval and gradflow default to it).
    var trainedLength: Int? { learner?.trainedOn?.sequenceLength }

    init(name: String, requested: ModelConfig, learner: Learner? = nil) {
        displayName = name
        self.requested = requested
        self.learner = learner
    }

    var config: ModelConfig { learner?.config ?? requested }

    var brief: String { config.summary }

    var summary: String {
        let state: String
        if let l = learner {
            state = l.stepsTaken == 0 ? "built, untrained"
                : "\(l.stepsTaken) steps" + ((trainedData?.displayName ?? l.trainedOn?.name).map { " on \($0)" } ?? "")
        } else {
            state = "not built yet (sizes come from the first data)"
        }
        return "\(config.summary), \(state)"
    }

    /// The learner, building the model for `data` on first use, with its passes split
    /// over `threads` (the session's setting).
    func learner(for data: Dataset, named dataName: String, threads: Int) throws -> Learner {
        if let l = learner {
            try data.check(l.config)
            try l.trainedOn?.check(data, dataName: dataName)
            l.model.threads = threads
            return l
        }
        var c = requested
        c.inputSize = data.inputSize
        c.outputSize = data.outputSize
        c.symbolInputs = data.symbolInputs
        let l = Learner(model: try makeModel(c))
        l.model.threads = threads
        learner = l
        return l
    }

    func built() throws -> Learner {
        guard let l = learner else {
            throw MemberError("model '\(displayName)' has not met any data yet: train or eval it first (its sizes come from the data)")
        }
        return l
    }

    /// The learner for member `name`, which needs one: an untrained model says so.
    func built(for name: String) throws -> Learner {
        guard let l = learner else {
            throw MemberError("model '\(displayName)' is untrained: '\(name)' is there once it has met data "
                              + "(train or eval it first; its sizes come from the data)")
        }
        return l
    }

    /// The options its kind declares (`model r = rnn hidden=... activation=...`), each a member.
    var optionNames: [String] {
        (Commands.model.variant(named: config.kind.rawValue)?.options ?? []).map(\.name)
    }

    /// The members: what training made (W, A for a dense urnn, history, ...), the kind, and
    /// the options of its declaration.
    var memberNames: [String] {
        let hasGenerator = config.kind == .urnn && config.structure == .dense
        return ["W"] + (hasGenerator ? ["A"] : []) + ["history", "loss", "steps", "params", "kind"] + optionNames
    }

    func member(_ name: String) throws -> Value {
        if optionNames.contains(name), let value = optionValue(name) { return value }
        switch name {
        case "kind": return .string(config.kind.rawValue)
        case "W": return try built(for: name).model.recurrentMatrix.value
        case "A":
            guard let a = try built(for: name).model.generator else {
                throw MemberError("model '\(displayName)' (\(config.summary)) has no generator A")
            }
            return a.value
        case "history": return .object(RunObject(name: "\(displayName).history", history: try built(for: name).history))
        case "loss": return .number(try built(for: name).history.steps.last?.loss ?? .nan)
        case "steps": return .number(Double(try built(for: name).stepsTaken))
        case "params": return .number(Double(try built(for: name).model.parameterCount))
        default: throw MemberError("model '\(displayName)' has no member '\(name)'")
        }
    }

    /// The value of a declared option, as the model holds it (`u.rule` is "exact").
    func optionValue(_ name: String) -> Value? {
        let c = config
        switch name {
        case "hidden": return .number(Double(c.hidden))
        case "activation": return .string(c.activation.rawValue)
        case "rule": return .string(c.rule.rawValue)
        case "field": return .string(c.field.rawValue)
        case "structure": return .string(c.structure.rawValue)
        case "init": return .string(c.kind == .urnn ? c.generatorInit.rawValue : c.denseInit.rawValue)
        default: return nil
        }
    }
}

/// A training history as an object: its columns as lists, and CSV.
final class RunObject: ScriptObject {
    let kindName = "run"
    let displayName: String
    let history: TrainingHistory

    init(name: String, history: TrainingHistory) {
        displayName = name
        self.history = history
    }

    var summary: String {
        "\(history.steps.count) steps" + (history.steps.last.map { ", last loss \(formatReal($0.loss))" } ?? "")
    }
    var memberNames: [String] {
        ["loss", "accuracy", "gradnorm", "unitarity", "steps", "time", "valid_steps", "valid_loss", "valid_accuracy"]
    }

    func member(_ name: String) throws -> Value {
        let steps = history.steps
        func list(_ f: (StepRecord) -> Double) -> Value { .list(steps.map { .number(f($0)) }) }
        switch name {
        case "loss": return list(\.loss)
        case "accuracy": return list { $0.accuracy ?? .nan }
        case "gradnorm": return list(\.gradientNorm)
        case "unitarity": return list(\.unitarityError)
        case "steps": return list { Double($0.step) }
        case "time": return list(\.wallTime)
        // The evaluations on the validation data during training (eval_every, patience).
        case "valid_steps": return .list(history.evaluations.map { .number(Double($0.step)) })
        case "valid_loss": return .list(history.evaluations.map { .number($0.loss) })
        case "valid_accuracy": return .list(history.evaluations.map { .number($0.accuracy ?? .nan) })
        default: throw MemberError("a run has no member '\(name)'")
        }
    }

    func csv() -> String? {
        var lines = ["step,epoch,loss,accuracy,gradient_norm,unitarity_error,wall_time"]
        for s in history.steps {
            lines.append([String(s.step), String(s.epoch), "\(s.loss)", s.accuracy.map { "\($0)" } ?? "",
                          "\(s.gradientNorm)", "\(s.unitarityError)", "\(s.wallTime)"].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A corpus or a synthetic task.
final class DataObject: ScriptObject {
    let kindName: String
    let displayName: String
    let dataset: Dataset

    init(name: String, dataset: Dataset) {
        displayName = name
        self.dataset = dataset
        kindName = dataset.isCorpus ? "corpus" : "task"
    }

    /// The summary up to its first colon: "copy task", "corpus kjv.txt".
    var brief: String { String(summary.prefix { $0 != ":" }) }

    var summary: String {
        switch dataset {
        case .copy(let t): return "copy task: delay T=\(t.delay), \(t.steps) steps, \(t.trainSize) train / \(t.validSize) valid / \(t.testSize) test, baseline \(formatReal(t.baseline))"
        case .adding(let t): return "adding task: length \(t.length), \(t.trainSize) train / \(t.validSize) valid / \(t.testSize) test, baseline \(formatReal(t.baseline))"
        case .images(let t):
            let d = t.data
            return "images \(d.directory): \(d.train.rows) x \(d.train.columns), \(t.classes) classes, order \(t.order.rawValue) "
                + "(\(t.steps) steps of \(t.inputSize)), \(t.size(of: .train)) train / \(t.size(of: .valid)) valid / "
                + "\(t.size(of: .test)) test, baseline \(formatReal(t.baseline))"
        case .corpus(let c):
            return "corpus \(c.source): \(c.options.tokenizer.unit) units, vocabulary \(c.vocabulary.count), "
                + "\(c.tokens(.train).count) / \(c.tokens(.valid).count) / \(c.tokens(.test).count) tokens"
        }
    }

    var memberNames: [String] {
        switch dataset {
        case .corpus: return ["vocab", "train", "valid", "test", "baseline"]
        case .images: return ["classes", "train", "valid", "test", "baseline", "steps"]
        case .copy, .adding: return ["baseline", "steps"]
        }
    }

    func member(_ name: String) throws -> Value {
        switch (name, dataset) {
        case ("baseline", _): return dataset.baseline.map { .number($0) } ?? .none
        case ("vocab", .corpus(let c)): return .number(Double(c.vocabulary.count))
        case ("train", .corpus(let c)): return .number(Double(c.tokens(.train).count))
        case ("valid", .corpus(let c)): return .number(Double(c.tokens(.valid).count))
        case ("test", .corpus(let c)): return .number(Double(c.tokens(.test).count))
        case ("steps", .copy(let t)): return .number(Double(t.steps))
        case ("steps", .adding(let t)): return .number(Double(t.length))
        case ("steps", .images(let t)): return .number(Double(t.steps))
        case ("classes", .images(let t)): return .number(Double(t.classes))
        case ("train", .images(let t)): return .number(Double(t.size(of: .train)))
        case ("valid", .images(let t)): return .number(Double(t.size(of: .valid)))
        case ("test", .images(let t)): return .number(Double(t.size(of: .test)))
        default: throw MemberError("\(kindName) '\(displayName)' has no member '\(name)'")
        }
    }
}

/// The columns of an `eval` row, in order: a sweep writes its parameters beside them in
/// `results.csv`, so a swept parameter must not take one of these names.
public let evalResultColumns: [String] = ResultsObject.columns

/// The results table: one row per `eval`, or the merged rows of a sweep that
/// `results = load DIR` read (each with its run's parameters as leading columns).
final class ResultsObject: ScriptObject {
    struct Row {
        var model: String
        var data: String
        /// The held-out split scored: "test" or "valid".
        var split: String
        var seq: Int?
        /// The optimizer steps the model had taken when it was evaluated.
        var step: Int?
        var loss: Double
        var accuracy: Double?
        var top5: Double?
        var perplexity: Double?
        var baseline: Double?
        /// Spectral radius and unitarity error ||W W^H - I||_F of the recurrent matrix.
        var radius: Double?
        var unitarity: Double?
        /// ||dL/dh_1|| / ||dL/dh_T|| on the first batch, when `eval ... gradflow` asked for it.
        var flow: Double?
        /// Loss and accuracy at each position of the window (not a column: `plot position` draws them).
        var positions: PositionScores?
        /// Cells of `leadingColumns` (a sweep's parameters, with `seed`).
        var leading: [String: String] = [:]
    }

    let kindName = "results"
    let displayName = "results"
    var rows: [Row] = []
    /// Columns before the `eval` columns: a loaded sweep's parameters, then the seed.
    var leadingColumns: [String] = []
    /// The sweep's parameters among `leadingColumns` (key columns); its seed is not one.
    var parameterColumns: [String] = []
    /// Seeds per grid point the loaded sweep asked for.
    var seedsAsked: Int?

    var summary: String { "\(rows.count) rows" }
    var memberNames: [String] { ["rows"] }

    func member(_ name: String) throws -> Value {
        guard name == "rows" else { throw MemberError("results has no member '\(name)'") }
        return .number(Double(rows.count))
    }

    /// The columns whose cells are real numbers (`numeric` reads them).
    static let realColumns = ["loss", "accuracy", "top5", "perplexity", "baseline", "radius", "unitarity", "flow"]
    static let columns = ["model", "data", "split", "seq", "step"] + realColumns

    /// Every column of this table: the leading ones, then `columns`.
    var allColumns: [String] { leadingColumns + ResultsObject.columns }

    func cell(_ row: Row, _ column: String) -> String {
        switch column {
        case "model": return row.model
        case "data": return row.data
        case "split": return row.split
        case "seq": return row.seq.map(String.init) ?? ""
        case "step": return row.step.map(String.init) ?? ""
        case _ where ResultsObject.realColumns.contains(column): return numeric(row, column).map { formatReal($0) } ?? ""
        default: return row.leading[column] ?? ""
        }
    }

    func numeric(_ row: Row, _ column: String) -> Double? {
        switch column {
        case "seq": return row.seq.map(Double.init)
        case "step": return row.step.map(Double.init)
        case "loss": return row.loss
        case "accuracy": return row.accuracy
        case "top5": return row.top5
        case "perplexity": return row.perplexity
        case "baseline": return row.baseline
        case "radius": return row.radius
        case "unitarity": return row.unitarity
        case "flow": return row.flow
        default: return row.leading[column].flatMap { Double($0) }
        }
    }

    /// The rows as the engine's table, numbers with every digit (for `merged()`).
    var table: ResultTable {
        func exact(_ row: Row, _ column: String) -> String {
            if ResultsObject.realColumns.contains(column) {
                return numeric(row, column).map { "\($0)" } ?? ""
            }
            return cell(row, column)
        }
        return ResultTable(columns: allColumns, rows: rows.map { row in allColumns.map { exact(row, $0) } },
                           parameterColumns: parameterColumns, seedsAsked: seedsAsked)
    }

    /// True when rows repeat a grid point over seeds: `show`, `plot` and `export` then merge them.
    var isOverSeeds: Bool { table.hasSeeds }

    /// Replaces the table by a sweep's rows. A row whose `eval` cells do not read is an error.
    func load(_ sweep: SweepResults) throws {
        let t = sweep.table
        let leading = t.columns.filter { !ResultsObject.columns.contains($0) }
        var loaded: [Row] = []
        for (i, cells) in t.rows.enumerated() {
            func text(_ c: String) -> String { t.cell(cells, c) }
            func number(_ c: String) throws -> Double? {
                let s = text(c)
                if s.isEmpty { return nil }
                guard let x = Double(s) else { throw ResultsReportError("row \(i + 1): \(c) '\(s)' is not a number") }
                return x
            }
            let seqText = text("seq")
            guard seqText.isEmpty || Int(seqText) != nil else {
                throw ResultsReportError("row \(i + 1): seq '\(seqText)' is not a whole number")
            }
            let stepText = text("step")
            guard stepText.isEmpty || Int(stepText) != nil else {
                throw ResultsReportError("row \(i + 1): step '\(stepText)' is not a whole number")
            }
            loaded.append(Row(model: text("model"), data: text("data"), split: text("split"), seq: Int(seqText),
                              step: Int(stepText), loss: try number("loss") ?? .nan,
                              accuracy: try number("accuracy"), top5: try number("top5"),
                              perplexity: try number("perplexity"), baseline: try number("baseline"),
                              radius: try number("radius"), unitarity: try number("unitarity"), flow: try number("flow"),
                              leading: Dictionary(uniqueKeysWithValues: leading.map { ($0, text($0)) })))
        }
        rows = loaded
        leadingColumns = leading
        parameterColumns = t.parameterColumns
        seedsAsked = t.seedsAsked
    }

    func csv() -> String? {
        if isOverSeeds, let lines = try? ResultsReport.lines(table, format: .csv) {
            return lines.joined(separator: "\n") + "\n"
        }
        var lines = [CSVText.line(allColumns)]
        for r in rows { lines.append(CSVText.line(allColumns.map { cell(r, $0) })) }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension RecurrentMatrix {
    var value: Value {
        switch self {
        case .real(let m): return .matrix(m)
        case .complex(let m): return .complexMatrix(m)
        }
    }
}
