import Foundation
import URNNEngine

extension EngineCommands {
    static func installPlots(on interpreter: Interpreter, session: EngineSession) {
        interpreter.register("plot") { inv, interp in
            let kind = inv.variant?.name ?? "loss"
            var spec: PlotSpec
            var names: [String] = []
            do {
                (spec, names) = try plotSpec(kind, inv, session: session, threads: interp.settings.threads)
            } catch let e as ScriptError { throw e } catch { throw inv.error("\(error)") }
            spec = spec.overriding(title: try inv.autoString("title"), xLabel: try inv.autoString("xlabel"),
                                   yLabel: try inv.autoString("ylabel"))
            let inline = try inv.bool("inline")
            // `inline` with `to FILE` does both, as a notebook shows a figure it also saves: the
            // file is written first, then the same chart is drawn in the terminal.
            var targets: [PlotTarget] = []
            var renderer = PlotRenderer(folder: URL(fileURLWithPath: interp.settings.plotsDirectory), session: session.gnuplot)
            if case .string(let path)? = inv.argument("FILE") {
                // A path in the script is relative to the working folder, like every other file.
                let url = URL(fileURLWithPath: path)
                renderer.folder = url.deletingLastPathComponent()
                targets.append(.file(url.lastPathComponent))
            } else if !inline {
                targets.append(.file(([kind] + names).joined(separator: "-") + ".png"))
            }
            if inline {
                let size = inlineSize(ProcessInfo.processInfo.environment)
                targets.append(.inline(width: size.width, height: size.height))
            }
            for target in targets {
                do {
                    let result = try renderer.render(spec, to: target)
                    for w in result.warnings { interp.output.note("gnuplot: \(w)") }
                    if let text = result.text { interp.output.write(text) }
                    if let image = result.image {
                        session.plotsMade.append(image)
                        let extras = [result.script, result.data].compactMap { $0?.lastPathComponent }
                        interp.output.write("plot \(kind): wrote \(relativePath(image))"
                                            + (extras.isEmpty ? "" : " (with \(extras.joined(separator: ", ")))"))
                    }
                } catch let error as PlotError {
                    if case .gnuplotNotFound = error {
                        // The script and data are written; the run goes on without the image.
                        interp.output.note("\(error)")
                        return .none
                    }
                    throw inv.error("\(error)", at: inv.argument("FILE") == nil ? nil : "FILE")
                }
            }
            return .none
        }
    }

    /// The size of an inline chart: the terminal's (readline keeps `COLUMNS` and `LINES` up to
    /// date), one line left for the prompt, at least 80 x 24 and at most 300 x 120 characters.
    static func inlineSize(_ environment: [String: String]) -> (width: Int, height: Int) {
        let columns = Int(environment["COLUMNS"] ?? "") ?? 80, lines = Int(environment["LINES"] ?? "") ?? 24
        return (Swift.min(Swift.max(80, columns), 300), Swift.min(Swift.max(24, lines - 1), 120))
    }

    static func relativePath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }

    /// The chart for `kind`, and the names of what it shows (for the default file name).
    static func plotSpec(_ kind: String, _ inv: Invocation, session: EngineSession, threads: Int) throws -> (PlotSpec, [String]) {
        if kind == "results" {
            let filter = try ResultsFilter(inv)
            let r = filter.apply(session.results)
            guard !session.results.rows.isEmpty else { throw inv.error("the results table is empty: run eval first") }
            guard !r.rows.isEmpty else { throw inv.error("the results table has no rows where \(filter.description)") }
            let columns = r.allColumns
            for key in ["x", "y", "by"] {
                let c = try inv.string(key)
                if !columns.contains(c) {
                    throw inv.error("results has no column '\(c)'; columns: \(columns.joined(separator: ", "))", at: key)
                }
            }
            let logY = try inv.bool("logy")
            do {
                if var spec = try errorBarSpec(r, x: try inv.string("x"), y: try inv.string("y"), by: try inv.string("by")) {
                    spec.logY = logY
                    return (spec, [])
                }
            } catch let error as ResultsReportError { throw inv.error(error.message, at: "x") }
            let rows: [[String: ResultValue]] = r.rows.map { row in
                Dictionary(uniqueKeysWithValues: columns.compactMap { c -> (String, ResultValue)? in
                    if let x = r.numeric(row, c) { return (c, .number(x)) }
                    let text = r.cell(row, c)
                    return text.isEmpty ? nil : (c, .text(text))
                })
            }
            var spec = try PlotSpec.results(rows: rows, x: try inv.string("x"), y: try inv.string("y"),
                                            by: try inv.string("by"))
            spec.logY = logY
            return (spec, [])
        }
        if kind == "position" { return try positionPlot(inv, threads: threads) }
        if kind == "series" { return try seriesPlot(inv) }
        let objects = try inv.objects("MODEL", kinds: ["model", "run"]).map { object -> ModelObject in
            if let g = object as? NGramObject { throw notRecurrent(g, inv, at: "MODEL") }
            guard let m = object as? ModelObject else {
                throw inv.error("plot \(kind) takes models, got \(object.kindName) '\(object.displayName)'", at: "MODEL")
            }
            return m
        }
        // Each model is called by the name written in the command (`plot svd u r2`), which
        // may be another name for it than the one it was made under.
        let names = inv.writtenNames("MODEL", of: objects)
        let models = try zip(names, objects).map { name, m -> (String, Learner) in
            do { return ("\(name): \(m.config.summary)", try m.built()) } catch { throw failure(inv, error) }
        }
        switch kind {
        case "loss", "accuracy":
            let runs = models.map { name, l -> TrainingRun in
                let steps = l.history.steps
                let held = l.history.evaluations.filter { kind == "loss" || $0.accuracy != nil }
                return TrainingRun(name: name, batches: steps.map { Double($0.step) },
                                   values: steps.map { kind == "loss" ? $0.loss : ($0.accuracy ?? .nan) },
                                   heldOutBatches: held.map { Double($0.step) },
                                   heldOutValues: held.map { kind == "loss" ? $0.loss : ($0.accuracy ?? .nan) })
            }
            let smooth = try inv.int("smooth")
            let baseline = kind == "loss" ? models.compactMap { $0.1.history.baseline }.first : nil
            // The accuracy chart is on [0, 1] and declares no `logy`.
            let logY = kind == "loss" ? try inv.bool("logy") : false
            return (try PlotSpec.training(kind == "loss" ? .loss : .accuracy, runs: runs, smooth: smooth > 1 ? smooth : nil,
                                          logY: logY, baseline: baseline), names)
        case "history":
            let metrics = try historyMetrics(inv)
            let spec = try PlotSpec.history(runs: models.map { ($0.0, $0.1.history) }, metrics: metrics,
                                            logY: try inv.bool("logy"), logY2: try inv.bool("logy2"))
            return (spec, names + metrics.map(\.rawValue))
        case "unitarity":
            let curves = models.map { name, l in
                NamedCurve(name: name, x: l.history.steps.map { Double($0.step) }, y: l.history.steps.map(\.unitarityError))
            }
            var spec = try PlotSpec.unitarity(curves)
            spec.logY = try inv.bool("logy")
            return (spec, names)
        case "eig":
            let sets = try models.map { name, l in EigenvalueSet(name: name, values: try l.model.spectrum().eigenvalues) }
            return (try PlotSpec.eigenvalues(sets), names)
        case "svd":
            let sets = try models.map { name, l in NamedCurve(name: name, y: try l.model.recurrentMatrix.singularValues()) }
            return (try PlotSpec.singularValues(sets, logY: try inv.bool("logy")), names)
        case "gradflow":
            let d = try data(inv)
            let batchSize = try inv.int("batch")
            // As `gradflow`: each model at the length it was trained on unless `seq` is given.
            let curves = try zip(objects, models).map { m, entry -> NamedCurve in
                let (name, l) = entry
                try d.dataset.check(l.config)
                try l.trainedOn?.check(d.dataset, dataName: d.displayName)
                let batch = try d.dataset.inspectionBatch(batchSize: batchSize, length: try inspectionLength(inv, m))
                l.model.threads = threads
                return NamedCurve(name: name, y: try l.model.gradientFlow(on: batch))
            }
            var spec = try PlotSpec.gradientFlow(curves)
            spec.logY = try inv.bool("logy")
            return (spec, names + [inv.writtenName("DATA", of: d)])
        default:
            throw inv.error("unknown plot kind '\(kind)'")
        }
    }
}

extension EngineCommands {
    /// `plot position MODEL ... on DATA`: each model evaluated as `eval` evaluates it (the test
    /// split's windows, each from a fresh state; no results row is added), its accuracy drawn
    /// against the position t = 1 ... L in the window.
    static func positionPlot(_ inv: Invocation, threads: Int) throws -> (PlotSpec, [String]) {
        let d = try data(inv)
        let batch = try inv.int("batch")
        var curves: [NamedCurve] = [], names: [String] = []
        let objects = try inv.objects("MODEL", kinds: ["model", "run"])
        for (object, written) in zip(objects, inv.writtenNames("MODEL", of: objects)) {
            let summary: LossSummary, name: String
            if let g = object as? NGramObject {
                let counts = try countsForScoring(g, on: d, inv)
                let seq = try inv.autoInt("seq") ?? Commands.defaultSequenceLength
                do { summary = try counts.evaluate(try d.dataset.evaluationBatches(batchSize: batch, length: seq)) }
                catch { throw failure(inv, error) }
                name = "\(written): \(g.kindSummary)"
            } else if let m = object as? ModelObject {
                guard d.dataset.symbolInputs else {
                    throw inv.error("plot position needs next-symbol targets (a corpus or the copy task); "
                                    + "'\(d.displayName)' has one target per sequence", at: "DATA")
                }
                do {
                    let learner = try m.learner(for: d.dataset, named: d.displayName, threads: threads)
                    let batches = try d.dataset.evaluationBatches(batchSize: batch, length: try positionLength(inv, m))
                    summary = try learner.model.evaluate(batches)
                } catch { throw failure(inv, error) }
                name = "\(written): \(m.config.summary)"
            } else {
                throw inv.error("plot position takes models, got \(object.kindName) '\(object.displayName)'", at: "MODEL")
            }
            curves.append(NamedCurve(name: name, y: summary.positions.accuracy))
            names.append(written)
        }
        return (try PlotSpec.position(curves), names + [inv.writtenName("DATA", of: d)])
    }

    /// The window length of a recurrent model in `plot position`: as `eval` chooses it.
    static func positionLength(_ inv: Invocation, _ m: ModelObject) throws -> Int {
        try inv.autoInt("seq") ?? m.trainedLength ?? Commands.defaultSequenceLength
    }
}
