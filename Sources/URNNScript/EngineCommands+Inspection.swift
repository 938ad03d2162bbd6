import Foundation
import URNNEngine

extension EngineCommands {
    static func installInspection(on interpreter: Interpreter, session: EngineSession) {
        interpreter.register("eig") { inv, interp in
            let m = try model(inv)
            let learner: Learner
            do { learner = try m.built() } catch { throw failure(inv, error) }
            let s: SpectrumSummary
            do { s = try learner.model.spectrum() } catch { throw failure(inv, error) }
            let top = try inv.int("top")
            let w = learner.model.recurrentMatrix
            let field: String
            if case .complex = w { field = "complex" } else { field = "real" }
            interp.output.write("eig \(m.displayName): W is \(w.size)x\(w.size) \(field), \(learner.config.summary)")
            interp.output.write("  spectral radius \(formatReal(s.spectralRadius)), |lambda| in [\(formatReal(s.minModulus)), "
                                + "\(formatReal(s.maxModulus))], max ||lambda| - 1| \(formatReal(s.unitCircleDeviation))")
            interp.output.write("  unitarity error ||W W^H - I||_F = \(formatReal(s.unitarityError))")
            if top > 0 {
                let sv = s.singularValues.prefix(top).map(formatReal).joined(separator: ", ")
                interp.output.write("  top singular values: \(sv)" + (s.singularValues.count > top ? ", ..." : ""))
            }
            return .none
        }

        interpreter.register("gradflow") { inv, interp in
            let m = try model(inv), d = try data(inv)
            let flow: [Double]
            do {
                let learner = try m.learner(for: d.dataset, named: d.displayName, threads: interp.settings.threads)
                let batch = try d.dataset.inspectionBatch(batchSize: try inv.int("batch"), length: try inspectionLength(inv, m),
                                                          isCancelled: interp.isCancelled)
                flow = try learner.model.gradientFlow(on: batch)
            } catch { throw failure(inv, error) }
            guard let last = flow.last, let first = flow.first else { return .none }
            let t = flow.count
            let ratio = last > 0 ? first / last : .nan
            let lowest = flow.min()!, highest = flow.max()!
            let verdict = gradientFlowVerdict(flow)
            interp.output.write("gradflow \(m.displayName) on \(d.displayName): ||dL/dh_t|| at t=\(t) \(formatReal(last)), "
                                + "at t=1 \(formatReal(first)); ratio t=1/t=\(t) \(formatReal(ratio)); "
                                + "smallest over t \(formatReal(lowest)), largest \(formatReal(highest)) (\(verdict))")
            let marks = Array(Set([1, t / 4, t / 2, 3 * t / 4, t].filter { $0 >= 1 })).sorted()
            interp.output.write("  " + marks.map { "t=\($0): \(formatReal(flow[$0 - 1]))" }.joined(separator: "  "))
            return .none
        }

        interpreter.register("generate") { inv, interp in
            let m = try model(inv)
            guard case .string(let prompt)? = inv.argument("PROMPT") else { throw inv.error("generate needs a prompt", at: "PROMPT") }
            // The vocabulary and tokenizer of the last training, which a checkpoint keeps.
            guard let learner = m.learner, let record = learner.trainedOn, let vocabulary = record.vocabulary,
                  let options = record.corpusOptions else {
                let why = m.learner?.trainedOn != nil ? "was last trained on a task, not a corpus"
                    : "has not been trained on a corpus (a model loaded from a format-1 checkpoint does not know its corpus: train it on one)"
                throw inv.error("model '\(m.displayName)' \(why): generate needs one", at: "MODEL")
            }
            learner.model.threads = interp.settings.threads
            let topK = try inv.int("top_k")
            let sampler = Sampler(temperature: try inv.number("temperature"), topK: topK > 0 ? topK : nil,
                                  greedy: try inv.bool("greedy"))
            // The declared range keeps the seed at least 0; max only keeps UInt64 from trapping.
            let seed = try inv.autoInt("seed")
            var g = seed.map { SeededGenerator(seed: UInt64(Swift.max(0, $0))) } ?? interp.generator
            let result: Generation
            do {
                result = try learner.model.generate(from: prompt, vocabulary: vocabulary, tokenizer: options.tokenizer,
                                                    count: try inv.int("words"), sampler: sampler, using: &g)
            } catch { throw failure(inv, error) }
            if seed == nil { interp.generator = g }
            if !result.unknownWords.isEmpty {
                interp.output.note("unknown prompt words read as <unk>: \(result.unknownWords.joined(separator: ", "))")
            }
            interp.output.write(prompt + (options.tokenizer.unit == .char ? "" : " ") + result.text)
            return .none
        }

        interpreter.register("show models") { _, interp in
            showObjects(interp, kind: "model", empty: "no models yet")
            return .none
        }
        interpreter.register("show corpora") { _, interp in
            showObjects(interp, kind: "corpus", empty: "no corpora yet")
            return .none
        }
        interpreter.register("show tasks") { _, interp in
            showObjects(interp, kind: "task", empty: "no tasks yet")
            return .none
        }
        interpreter.register("show results") { inv, interp in
            let filter = try ResultsFilter(inv)
            let results = filter.apply(session.results)
            if !filter.isEmpty && results.rows.isEmpty && !session.results.rows.isEmpty {
                interp.output.write("results: no rows where \(filter.description) (of \(session.results.rows.count))")
                return .none
            }
            if results.isOverSeeds {
                // Rows that repeat a grid point over seeds: mean ± std (n) per point.
                let pivot = try inv.autoWords("pivot")
                do {
                    let lines = try ResultsReport.lines(results.table, format: .table,
                                                        pivot: try pivot.map(ResultsReport.Pivot.init))
                    for line in lines { interp.output.write(line) }
                } catch let error as ResultsReportError {
                    throw inv.error(error.message, at: pivot == nil ? nil : "pivot")
                }
                return .none
            }
            if let pivot = try inv.autoWords("pivot") {
                guard pivot.count == 3 else {
                    throw inv.error("pivot takes three columns: rows,columns,values (e.g. pivot=model,seq,accuracy)", at: "pivot")
                }
                for c in pivot where !ResultsObject.columns.contains(c) {
                    throw inv.error("results has no column '\(c)'; columns: \(ResultsObject.columns.joined(separator: ", "))", at: "pivot")
                }
                for line in pivotTable(results, rows: pivot[0], columns: pivot[1], values: pivot[2]) { interp.output.write(line) }
            } else {
                for line in table(results) { interp.output.write(line) }
            }
            return .none
        }
    }

    static func installClear(on interpreter: Interpreter, session: EngineSession) {
        interpreter.register("clear results") { inv, interp in
            let filter = try ResultsFilter(inv)
            let before = session.results.rows.count
            session.results.rows.removeAll { filter.matches($0, in: session.results) }
            let removed = before - session.results.rows.count
            interp.output.write("results: removed \(removed) row\(removed == 1 ? "" : "s")"
                                + (filter.isEmpty ? "" : " where \(filter.description)")
                                + ", \(session.results.rows.count) left")
            return .none
        }
    }

    /// One line per object of `kind`, under every name bound to it (`kjv, _, _39: corpus ...`):
    /// the names the user chose first, then the REPL's `_` and `_N` in cell order.
    static func showObjects(_ interp: Interpreter, kind: String, empty: String) {
        var names: [ObjectIdentifier: [String]] = [:], objects: [ObjectIdentifier: ScriptObject] = [:]
        for (name, value) in interp.globals {
            guard case .object(let o) = value, o.kindName == kind else { continue }
            names[ObjectIdentifier(o), default: []].append(name)
            objects[ObjectIdentifier(o)] = o
        }
        let lines = names.map { id, bound -> (key: [String], line: String) in
            let sorted = bound.sorted(by: nameOrder)
            return (sorted, "\(sorted.joined(separator: ", ")): \(objects[id]?.summary ?? "")")
        }.sorted { a, b in a.key.lexicographicallyPrecedes(b.key, by: nameOrder) }
        if lines.isEmpty { interp.output.write(empty) }
        for entry in lines { interp.output.write(entry.line) }
    }

    /// Names in the order `show` lists them: the user's alphabetically, then `_`, then `_N` by N.
    static func nameOrder(_ a: String, _ b: String) -> Bool {
        func key(_ name: String) -> (Int, Int, String) {
            guard Interpreter.isCellValueName(name) else { return (0, 0, name) }
            return name == "_" ? (1, 0, name) : (2, Int(name.dropFirst()) ?? 0, name)
        }
        return key(a) < key(b)
    }

    /// The results as an aligned text table, one row per eval.
    static func table(_ r: ResultsObject) -> [String] {
        if r.rows.isEmpty { return ["results: empty (every eval adds a row)"] }
        let columns = ResultsObject.columns.filter { c in r.rows.contains { !r.cell($0, c).isEmpty } }
        return aligned([columns] + r.rows.map { row in columns.map { r.cell(row, $0) } })
    }

    /// The seed's table: one row per value of `rows`, one column per value of `columns`.
    static func pivotTable(_ r: ResultsObject, rows: String, columns: String, values: String) -> [String] {
        var rowKeys: [String] = [], columnKeys: [String] = []
        var cells: [String: String] = [:]
        for row in r.rows {
            let rk = r.cell(row, rows), ck = r.cell(row, columns)
            if !rowKeys.contains(rk) { rowKeys.append(rk) }
            if !columnKeys.contains(ck) { columnKeys.append(ck) }
            var value = r.cell(row, values)
            if values == "accuracy" || values == "top5", let x = r.numeric(row, values) { value = String(format: "%.2f", 100 * x) }
            cells[rk + "\u{1}" + ck] = value
        }
        columnKeys.sort { (Double($0) ?? .infinity, $0) < (Double($1) ?? .infinity, $1) }
        let header = ["\(values == "accuracy" ? "accuracy (%)" : values) / \(columns)"] + columnKeys
        return aligned([header] + rowKeys.map { rk in [rk] + columnKeys.map { cells[rk + "\u{1}" + $0] ?? "-" } })
    }

    static func aligned(_ rows: [[String]]) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}

/// "exploding" when the largest ||dL/dh_t|| over t is over 1e3 times the one at t = T,
/// "vanishing" when the smallest is under 1e-3 times it, else "kept alive". Every step
/// counts, not only t = 1: on a task with a loss at every step, a gradient that dies in
/// the middle of the sequence is revived near its start by the loss there.
func gradientFlowVerdict(_ flow: [Double]) -> String {
    guard let last = flow.last, last > 0, let lowest = flow.min(), let highest = flow.max() else { return "undefined" }
    if highest / last > 1e3 { return "exploding" }
    if lowest / last < 1e-3 { return "vanishing" }
    return "kept alive"
}
