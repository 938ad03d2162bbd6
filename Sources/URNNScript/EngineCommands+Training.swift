import Foundation
import URNNEngine

extension EngineCommands {
    static func installTraining(on interpreter: Interpreter, session: EngineSession) {
        interpreter.register("train") { inv, interp in
            if let g = try ngram(inv) { return try trainNGram(g, inv, interp) }
            let m = try model(inv), d = try data(inv)
            let learner: Learner
            do { learner = try m.learner(for: d.dataset, named: d.displayName, threads: interp.settings.threads) } catch { throw failure(inv, error) }
            // Ranges (batch, seq, steps, epochs at least 1) were checked against the declaration.
            let batch = try inv.int("batch"), seq = try inv.int("seq")
            let budget: TrainingSettings.Budget
            if let epochs = try inv.autoInt("epochs") {
                guard d.dataset.hasEpochs else {
                    throw inv.error("a task has no epochs (its batches are drawn at random): use steps=N", at: "epochs")
                }
                budget = .epochs(epochs)
            } else {
                budget = .steps(try inv.int("steps"))
            }
            let clip = try inv.number("clip")
            guard let optimizer = OptimizerKind(rawValue: try inv.string("optimizer")) else {
                throw inv.error("internal error: 'train' declares an optimizer the engine does not know", at: "optimizer",
                                category: .internal)
            }
            // `momentum` is SGD's (PyTorch's SGD momentum); RMSprop's decay and Adam's betas
            // are fixed at PyTorch's defaults, so a momentum they would ignore is refused.
            let momentum = try inv.number("momentum")
            if optimizer != .sgd, momentum != 0, try inv.isGiven("momentum") {
                throw inv.error("momentum is SGD's (optimizer=sgd); \(optimizer.rawValue) does not use it "
                                + "(rmsprop's decay is alpha = 0.99, adam's betas are 0.9, 0.999)", at: "momentum")
            }
            let patience = try inv.autoInt("patience"), evaluateEvery = try inv.int("eval_every")
            if patience != nil, evaluateEvery == 0, !d.dataset.hasEpochs {
                throw inv.error("patience on a task needs eval_every=N: a task's batches are drawn at random, "
                                + "so it has no epochs to evaluate after", at: "patience")
            }
            let settings = TrainingSettings(
                budget: budget, learningRate: try inv.number("lr"), recurrentLearningRate: try inv.autoNumber("lr_w"),
                optimizer: optimizer, momentum: optimizer == .sgd ? momentum : 0, clip: clip > 0 ? clip : nil,
                truncation: try inv.autoInt("tbptt"), evaluateEvery: evaluateEvery,
                reportEvery: try inv.int("log_every"), patience: patience)
            let heldOutBatch = d.dataset.isCorpus ? batch : Swift.max(batch, 256)
            var source: DatasetSource
            do {
                // Sizes first: nothing is generated or allocated for a training that cannot fit.
                try d.dataset.checkTrainingMemory(learner.config, batchSize: batch, length: seq,
                                                  evaluationBatchSize: heldOutBatch, keepsSnapshot: patience != nil)
                source = try d.dataset.trainingSource(batchSize: batch, length: seq, carry: try inv.bool("carry"),
                                                      seed: learner.config.seed, isCancelled: interp.isCancelled)
            } catch { throw failure(inv, error) }
            source.start(atEpoch: learner.epochsCompleted)
            learner.history.baseline = d.dataset.baseline
            let modelName = inv.writtenName("MODEL", of: m)
            let title = "train \(modelName) on \(d.displayName)"
            let heldOut: [SequenceBatch]
            do {
                heldOut = try d.dataset.evaluationBatches(batchSize: heldOutBatch, length: seq, valid: d.dataset.hasValidationSplit,
                                                          isCancelled: interp.isCancelled)
            } catch { throw failure(inv, error) }
            let evaluate: () throws -> EvaluationRecord = {
                let s = try learner.model.evaluate(heldOut)
                return EvaluationRecord(step: learner.stepsTaken, loss: s.meanLoss,
                                        accuracy: d.dataset.isClassification ? s.accuracy : nil)
            }
            let outcome: TrainingOutcome
            do {
                outcome = try Trainer.train(learner, on: &source, settings: settings, evaluate: evaluate, progress: { p in
                    var metrics: [(String, Double)] = [("loss", p.loss)]
                    if let a = p.accuracy { metrics.append(("acc", a)) }
                    metrics.append(("steps/s", p.stepsPerSecond))
                    if let eta = p.eta, !p.isFinal { metrics.append(("eta_s", eta)) }
                    interp.progress?.report(ProgressReport(title: title, step: p.step, total: p.totalSteps,
                                                           metrics: metrics, finished: p.isFinal))
                }, isCancelled: interp.isCancelled)
            } catch {
                throw inv.error("\(error)")
            }
            m.trainedData = d
            learner.trainedOn = TrainingRecord(dataset: d.dataset, name: d.displayName, length: seq)
            switch outcome.reason {
            case .cancelled: session.interruptedTrainingSteps = outcome.steps
            case .completed, .noImprovement: session.interruptedTrainingSteps = nil
            }
            interp.output.write(trainingSummary(title: title, model: modelName, learner: learner, outcome: outcome,
                                                budget: budget, evaluateEvery: evaluateEvery,
                                                baseline: d.dataset.baseline))
            return .none
        }

        interpreter.register("eval") { inv, interp in
            if let g = try ngram(inv) { return try evalNGram(g, inv, interp, session: session) }
            let m = try model(inv), d = try data(inv)
            let learner: Learner
            do { learner = try m.learner(for: d.dataset, named: d.displayName, threads: interp.settings.threads) } catch { throw failure(inv, error) }
            let batch = try inv.int("batch"), seq = try inspectionLength(inv, m)
            // The row and the line call the model by the name written in the command.
            let modelName = inv.writtenName("MODEL", of: m)
            let split = try inv.string("split"), valid = split == "valid"
            if valid, !d.dataset.hasValidationSplit {
                throw failure(inv, TrainingError.incompatibleData("'\(d.displayName)' has no validation split (it was defined with valid=0)"))
            }
            let summary: LossSummary
            var row = ResultsObject.Row(model: modelName, data: d.displayName, split: split, seq: nil,
                                        step: learner.stepsTaken, loss: 0)
            do {
                let batches = try d.dataset.evaluationBatches(batchSize: batch, length: seq, valid: valid,
                                                              isCancelled: interp.isCancelled)
                summary = try learner.model.evaluate(batches)
                let w = learner.model.recurrentMatrix
                row.radius = try w.eigenvalues().map(\.length).max()
                row.unitarity = try w.unitarityError()
                if try inv.bool("gradflow"), let first = batches.first {
                    let norms = try learner.model.gradientFlow(on: first)
                    if let n1 = norms.first, let nT = norms.last, nT > 0 { row.flow = n1 / nT }
                }
            } catch { throw failure(inv, error) }
            row.loss = summary.meanLoss
            row.positions = summary.positions
            let line: String
            switch d.dataset {
            case .corpus(let c):
                line = corpusEvaluation(model: modelName, data: d, corpus: c, seq: seq, summary: summary, into: &row)
            case .copy(let t):
                row.seq = t.delay
                row.accuracy = summary.accuracy
                row.baseline = t.baseline
                line = "eval \(modelName) on \(d.displayName) (\(split) split): loss \(formatReal(summary.meanLoss)) (baseline \(formatReal(t.baseline))), "
                    + "accuracy \(percent(summary.accuracy))"
            case .images(let t):
                row.seq = t.steps
                row.accuracy = summary.accuracy
                row.baseline = t.baseline
                line = "eval \(modelName) on \(d.displayName) (\(t.size(of: .test)) test images, \(t.order.rawValue) order): "
                    + "cross-entropy \(formatReal(summary.meanLoss)) (baseline \(formatReal(t.baseline))), "
                    + "accuracy \(percent(summary.accuracy))"
            case .adding(let t):
                row.seq = t.length
                row.baseline = t.baseline
                line = "eval \(modelName) on \(d.displayName) (\(split) split): loss \(formatReal(summary.meanLoss)) (baseline \(formatReal(t.baseline)))"
            }
            session.results.rows.append(row)
            interp.output.write(line)
            return .none
        }
    }

    /// The results row and the printed line of an evaluation on a corpus (a recurrent model's
    /// or an n-gram's).
    static func corpusEvaluation(model: String, data d: DataObject, corpus c: Corpus, seq: Int,
                                 summary: LossSummary, into row: inout ResultsObject.Row) -> String {
        row.seq = seq
        row.loss = summary.meanLoss
        row.positions = summary.positions
        row.accuracy = summary.accuracy
        let top5 = summary.count > 0 ? Double(summary.top5Correct) / Double(summary.count) : 0
        let perplexity = Foundation.exp(summary.meanLoss)
        row.top5 = top5
        row.perplexity = perplexity
        var text = "eval \(model) on \(d.displayName) (\(row.split) split, seq \(seq)): cross-entropy "
            + "\(formatReal(summary.meanLoss)) nats/token, "
            + "perplexity \(formatReal(perplexity)), accuracy \(percent(summary.accuracy)) (top-5 \(percent(top5)))"
        if c.options.tokenizer.unit == .char { text += ", \(formatReal(summary.meanLoss / Foundation.log(2.0))) bits/char" }
        return text
    }

    /// The line `train` prints: how training ended (with patience, where it stopped, why,
    /// and which evaluation's parameters the model holds), then steps, time and last loss.
    static func trainingSummary(title: String, model: String, learner: Learner, outcome: TrainingOutcome,
                                budget: TrainingSettings.Budget, evaluateEvery: Int, baseline: Double?) -> String {
        let last = learner.history.steps.last.map { formatReal($0.loss) } ?? "-"
        let base = baseline.map { " (baseline \(formatReal($0)))" } ?? ""
        let done = "\(outcome.steps) steps in \(String(format: "%.1f", outcome.seconds)) s, loss \(last)"
        guard let selection = outcome.selection, let best = selection.best else {
            switch outcome.reason {
            case .completed, .noImprovement:
                let held = learner.history.evaluations.last.map { ", valid loss \(formatReal($0.loss))" } ?? ""
                return "\(title): \(done)\(held)\(base)"
            case .cancelled:
                return "\(title): interrupted after \(outcome.steps) steps; \(model) keeps step "
                    + "\(learner.stepsTaken) (loss \(last))"
            }
        }
        // Evaluations after each epoch speak of epochs; evaluations every N steps, of steps.
        let byEpoch = evaluateEvery == 0 && { if case .epochs = budget { return true }; return false }()
        let bestName = byEpoch ? "best epoch \(selection.bestEpoch)" : "best step \(best.step)"
        let bestLoss = "valid loss \(formatReal(best.loss))"
        let kept = outcome.restoredBest ? ", parameters restored" : " (the last evaluation)"
        let ended: String
        switch outcome.reason {
        case .noImprovement:
            let at = byEpoch ? "epoch \(learner.epochsCompleted)" : "step \(learner.stepsTaken)"
            let n = selection.sinceBest
            ended = "stopped at \(at): no improvement in \(n) evaluation\(n == 1 ? "" : "s")"
        case .completed:
            if case .epochs(let e) = budget { ended = "completed \(e) epoch\(e == 1 ? "" : "s")" } else {
                ended = "completed \(outcome.steps) steps"
            }
        case .cancelled:
            ended = "interrupted after \(outcome.steps) steps"
        }
        return "\(title): \(ended); \(bestName), \(bestLoss)\(kept); \(done)\(base)"
    }

    /// The `seq` of eval, gradflow and plot gradflow: as given, else the length `m` was
    /// last trained on, else train's default.
    static func inspectionLength(_ inv: Invocation, _ m: ModelObject) throws -> Int {
        try inv.autoInt("seq") ?? m.trainedLength ?? Commands.defaultSequenceLength
    }

    static func percent(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }
}
