import Foundation
import URNNEngine

extension EngineCommands {
    static func installTraining(on interpreter: Interpreter, session: EngineSession) {
        interpreter.register("train") { inv, interp in
            let m = try model(inv), d = try data(inv)
            let learner: Learner
            do { learner = try m.learner(for: d.dataset, named: d.displayName, threads: interp.settings.threads) } catch { throw failure(inv, error) }
            // Ranges (batch, seq, steps, epochs at least 1) were checked against the declaration.
            let batch = try inv.int("batch"), seq = try inv.int("seq")
            let budget: TrainingSettings.Budget
            if let epochs = try inv.autoInt("epochs") {
                guard d.dataset.isCorpus else {
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
            let settings = TrainingSettings(
                budget: budget, learningRate: try inv.number("lr"), recurrentLearningRate: try inv.autoNumber("lr_w"),
                optimizer: optimizer, momentum: optimizer == .sgd ? momentum : 0, clip: clip > 0 ? clip : nil,
                truncation: try inv.autoInt("tbptt"), evaluateEvery: try inv.int("eval_every"),
                reportEvery: try inv.int("log_every"))
            let heldOutBatch = d.dataset.isCorpus ? batch : Swift.max(batch, 256)
            var source: DatasetSource
            do {
                // Sizes first: nothing is generated or allocated for a training that cannot fit.
                try d.dataset.checkTrainingMemory(learner.config, batchSize: batch, length: seq,
                                                  evaluationBatchSize: heldOutBatch)
                source = try d.dataset.trainingSource(batchSize: batch, length: seq, carry: try inv.bool("carry"),
                                                      seed: learner.config.seed, isCancelled: interp.isCancelled)
            } catch { throw failure(inv, error) }
            source.start(atEpoch: learner.epochsCompleted)
            learner.history.baseline = d.dataset.baseline
            let title = "train \(m.displayName) on \(d.displayName)"
            let heldOut: [SequenceBatch]
            do {
                heldOut = try d.dataset.evaluationBatches(batchSize: heldOutBatch, length: seq, valid: d.dataset.isCorpus,
                                                          isCancelled: interp.isCancelled)
            } catch { throw failure(inv, error) }
            let evaluate: () throws -> EvaluationRecord = {
                let s = try learner.model.evaluate(heldOut)
                return EvaluationRecord(step: learner.stepsTaken, loss: s.meanLoss,
                                        accuracy: d.dataset.symbolInputs ? s.accuracy : nil)
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
            let last = learner.history.steps.last.map { formatReal($0.loss) } ?? "-"
            let held = learner.history.evaluations.last.map { ", held-out loss \(formatReal($0.loss))" } ?? ""
            let base = d.dataset.baseline.map { " (baseline \(formatReal($0)))" } ?? ""
            switch outcome.reason {
            case .completed:
                session.interruptedTrainingSteps = nil
                interp.output.write("\(title): \(outcome.steps) steps in \(String(format: "%.1f", outcome.seconds)) s, "
                                    + "loss \(last)\(held)\(base)")
            case .cancelled:
                session.interruptedTrainingSteps = outcome.steps
                interp.output.write("\(title): interrupted after \(outcome.steps) steps; \(m.displayName) keeps step "
                                    + "\(learner.stepsTaken) (loss \(last))")
            }
            return .none
        }

        interpreter.register("eval") { inv, interp in
            let m = try model(inv), d = try data(inv)
            let learner: Learner
            do { learner = try m.learner(for: d.dataset, named: d.displayName, threads: interp.settings.threads) } catch { throw failure(inv, error) }
            let batch = try inv.int("batch"), seq = try inspectionLength(inv, m)
            let split = try inv.string("split"), valid = split == "valid"
            if valid, !d.dataset.isCorpus {
                throw failure(inv, TrainingError.incompatibleData("'\(d.displayName)' has no validation split: split=valid is for corpora"))
            }
            let summary: LossSummary
            var row = ResultsObject.Row(model: m.displayName, data: d.displayName, split: split, seq: nil,
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
            let line: String
            switch d.dataset {
            case .corpus(let c):
                row.seq = seq
                row.accuracy = summary.accuracy
                row.top5 = summary.count > 0 ? Double(summary.top5Correct) / Double(summary.count) : 0
                row.perplexity = Foundation.exp(summary.meanLoss)
                var text = "eval \(m.displayName) on \(d.displayName) (\(split) split, seq \(seq)): cross-entropy \(formatReal(summary.meanLoss)) nats/token, "
                    + "perplexity \(formatReal(row.perplexity!)), accuracy \(percent(summary.accuracy)) (top-5 \(percent(row.top5!)))"
                if c.options.tokenizer.unit == .char { text += ", \(formatReal(summary.meanLoss / Foundation.log(2.0))) bits/char" }
                line = text
            case .copy(let t):
                row.seq = t.delay
                row.accuracy = summary.accuracy
                row.baseline = t.baseline
                line = "eval \(m.displayName) on \(d.displayName) (\(split) split): loss \(formatReal(summary.meanLoss)) (baseline \(formatReal(t.baseline))), "
                    + "accuracy \(percent(summary.accuracy))"
            case .adding(let t):
                row.seq = t.length
                row.baseline = t.baseline
                line = "eval \(m.displayName) on \(d.displayName) (\(split) split): loss \(formatReal(summary.meanLoss)) (baseline \(formatReal(t.baseline)))"
            }
            session.results.rows.append(row)
            interp.output.write(line)
            return .none
        }
    }

    /// The `seq` of eval, gradflow and plot gradflow: as given, else the length `m` was
    /// last trained on, else train's default.
    static func inspectionLength(_ inv: Invocation, _ m: ModelObject) throws -> Int {
        try inv.autoInt("seq") ?? m.trainedLength ?? Commands.defaultSequenceLength
    }

    static func percent(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }
}
