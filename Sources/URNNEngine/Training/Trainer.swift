import Foundation

/// A stream of training batches. `next` returns nil when the requested amount of
/// data (an epoch) is exhausted; sources driven by a step budget never return nil.
public protocol BatchSource {
    /// The next batch and whether the hidden state carries over from the previous one.
    mutating func next(using generator: inout SeededGenerator) throws -> (batch: SequenceBatch, carry: Bool)?
    /// Starts a new epoch.
    mutating func rewind()
    /// Batches in one epoch, when the source knows (for progress reports).
    var batchesPerEpoch: Int? { get }
}

extension BatchSource {
    public var batchesPerEpoch: Int? { nil }
}

/// How long and how to train.
public struct TrainingSettings: Sendable {
    public enum Budget: Sendable, Equatable {
        case steps(Int)
        case epochs(Int)
    }
    public var budget: Budget
    public var learningRate: Double
    /// Learning rate of recurrent parameters (A, W); defaults to `learningRate`.
    public var recurrentLearningRate: Double?
    public var optimizer: OptimizerKind
    public var momentum: Double
    /// Clip the global gradient norm to this value (nil: no clipping).
    public var clip: Double?
    public var truncation: Int?
    /// Evaluate on the validation data every this many steps (0: after each epoch when
    /// `patience` is set, otherwise only at the end).
    public var evaluateEvery: Int
    /// Stop after this many evaluations in a row without a lower validation loss, and
    /// restore the parameters of the best one (`EarlyStopping`); nil: train the whole budget.
    public var patience: Int?
    /// Report progress every this many steps.
    public var reportEvery: Int

    public init(budget: Budget, learningRate: Double = 1e-3, recurrentLearningRate: Double? = nil,
                optimizer: OptimizerKind = .rmsprop, momentum: Double = 0.9, clip: Double? = nil,
                truncation: Int? = nil, evaluateEvery: Int = 0, reportEvery: Int = 10, patience: Int? = nil) {
        self.budget = budget
        self.learningRate = learningRate
        self.recurrentLearningRate = recurrentLearningRate
        self.optimizer = optimizer
        self.momentum = momentum
        self.clip = clip
        self.truncation = truncation
        self.evaluateEvery = evaluateEvery
        self.reportEvery = reportEvery
        self.patience = patience
    }
}

/// A progress report, sent every `reportEvery` steps and at the end.
public struct TrainingProgress: Sendable {
    public var step: Int            // steps of this training call so far
    public var totalSteps: Int?     // when known
    public var epoch: Int
    public var loss: Double         // mean over the steps since the last report
    public var accuracy: Double?
    public var stepsPerSecond: Double
    public var isFinal: Bool
    /// Seconds left at the current speed, when the total is known.
    public var eta: Double? {
        guard let total = totalSteps, stepsPerSecond > 0 else { return nil }
        return Double(total - step) / stepsPerSecond
    }
}

/// How a training call ended.
public struct TrainingOutcome: Sendable {
    public enum Reason: Sendable, Equatable {
        /// The whole budget ran.
        case completed
        /// `isCancelled` returned true.
        case cancelled
        /// `patience` evaluations in a row brought no lower validation loss.
        case noImprovement
    }
    public var reason: Reason
    public var steps: Int
    public var lastLoss: Double?
    public var seconds: Double
    /// With `patience`: the best evaluation, its epoch and the evaluations since it.
    public var selection: EarlyStopping? = nil
    /// Whether the parameters of the best evaluation were put back (false when the
    /// best was the last step, or there was none).
    public var restoredBest = false
}

/// Training failures. Parameters are always left at the last finite step.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    case nonFinite(step: Int, what: String)
    case incompatibleData(String)

    public var description: String {
        switch self {
        case let .nonFinite(step, what):
            return "training stopped at step \(step): \(what) is not finite (NaN or Inf); the parameters of the last finite step were kept (try a smaller lr or clip=1)"
        case let .incompatibleData(s): return s
        }
    }
}

/// Runs optimizer steps of a learner over a batch source.
public enum Trainer {
    /// Trains `learner` on `source`. Between batches it checks `isCancelled`: a
    /// cancelled run keeps the parameters of its last completed step. A loss or
    /// gradient that is not finite stops with `TrainingError.nonFinite` and the
    /// parameters of the last finite step.
    ///
    /// `evaluate` scores the model on validation data, every `evaluateEvery` steps and
    /// at the end. With `patience` it also runs after each epoch (when `evaluateEvery`
    /// is 0), each result goes to an `EarlyStopping`, the parameters of the best are
    /// kept as a `ParameterSnapshot`, training stops after `patience` evaluations
    /// without improvement, and the best parameters are restored before returning,
    /// whether the run stopped early, completed its budget or was cancelled.
    public static func train(_ learner: Learner, on source: inout some BatchSource, settings: TrainingSettings,
                             evaluate: (() throws -> EvaluationRecord)? = nil,
                             progress: (TrainingProgress) -> Void = { _ in },
                             isCancelled: () -> Bool = { false }) throws -> TrainingOutcome {
        let model = learner.model
        if settings.patience != nil {
            guard evaluate != nil else {
                throw TrainingError.incompatibleData("patience needs validation data to evaluate on")
            }
            guard settings.evaluateEvery > 0 || source.batchesPerEpoch != nil else {
                throw TrainingError.incompatibleData(
                    "patience needs evaluations every N steps (eval_every=N): this data's batches are drawn at random, without epochs to evaluate after")
            }
        }
        // The passes' long arrays are kept from step to step, and freed when training ends.
        ScratchArrays.beginKeeping()
        defer { ScratchArrays.endKeeping() }
        if learner.optimizer == nil || learner.optimizer!.kind != settings.optimizer {
            learner.optimizer = Optimizer(kind: settings.optimizer, momentum: settings.momentum)
        }
        let lrW = settings.recurrentLearningRate ?? settings.learningRate
        let clock = ContinuousClock()
        let start = clock.now
        let wallOffset = learner.history.steps.last?.wallTime ?? 0
        var stepsDone = 0
        var lastLoss: Double?
        var windowLoss = 0.0, windowCorrect = 0, windowCount = 0, windowSteps = 0
        var lastReport = start
        var totalSteps: Int?
        var epochsLeft = 0
        var stepsThisEpoch = 0
        switch settings.budget {
        case .steps(let n): totalSteps = n
        case .epochs(let e): epochsLeft = e
        }
        // For progress only: an epoch budget's length, when the source can tell.
        let expectedSteps: Int? = {
            if case .epochs(let e) = settings.budget, let perEpoch = source.batchesPerEpoch { return e * perEpoch }
            return nil
        }()
        func elapsed(_ since: ContinuousClock.Instant) -> Double {
            let d = clock.now - since
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        func report(final: Bool) {
            // The final report gives the whole call's rate; the others the rate since the last.
            let secs = final ? elapsed(start) : elapsed(lastReport)
            let rate = secs > 0 ? Double(final ? stepsDone : windowSteps) / secs : 0
            progress(TrainingProgress(step: stepsDone, totalSteps: totalSteps ?? expectedSteps, epoch: learner.epochsCompleted,
                                      loss: windowSteps > 0 ? windowLoss / Double(windowSteps) : (lastLoss ?? .nan),
                                      accuracy: windowCount > 0 ? Double(windowCorrect) / Double(windowCount) : nil,
                                      stepsPerSecond: rate, isFinal: final))
            windowLoss = 0; windowCorrect = 0; windowCount = 0; windowSteps = 0
            lastReport = clock.now
        }
        var stopping = settings.patience.map { EarlyStopping(patience: $0) }
        var best: ParameterSnapshot?
        /// Evaluates, records, and with patience keeps the best; true when training should stop.
        func evaluateNow() throws -> Bool {
            guard let evaluate else { return false }
            let record = try evaluate()
            learner.history.evaluations.append(record)
            switch stopping?.record(record, epoch: learner.epochsCompleted) {
            case .improved?: best = ParameterSnapshot(of: learner)
            case .exhausted?: return true
            case .noImprovement?, nil: break
            }
            return false
        }
        func finish(_ reason: TrainingOutcome.Reason) throws -> TrainingOutcome {
            var restored = false
            if let best, best.step != learner.stepsTaken {
                try best.restore(into: learner)
                restored = true
            }
            // reportEvery 0: no progress at all (the caller prints its own summary).
            if settings.reportEvery > 0 { report(final: true) }
            return TrainingOutcome(reason: reason, steps: stepsDone, lastLoss: lastLoss, seconds: elapsed(start),
                                   selection: stopping, restoredBest: restored)
        }
        var reason = TrainingOutcome.Reason.completed

        training: while true {
            if let total = totalSteps, stepsDone >= total { break }
            if isCancelled() { return try finish(.cancelled) }
            // A draw cancelled half way leaves the generator where the step began, so the
            // learner is exactly at its last completed step.
            let generatorBefore = learner.generator
            let drawn: (batch: SequenceBatch, carry: Bool)?
            do { drawn = try source.next(using: &learner.generator) } catch SyntheticTaskError.cancelled {
                learner.generator = generatorBefore
                return try finish(.cancelled)
            }
            guard let (batch, carry) = drawn else {
                // End of an epoch.
                learner.epochsCompleted += 1
                learner.carriedState = nil
                if stopping != nil, settings.evaluateEvery == 0, stepsThisEpoch > 0, try evaluateNow() {
                    reason = .noImprovement
                    break training
                }
                // A step budget runs over as many epochs as it needs.
                if totalSteps == nil {
                    epochsLeft -= 1
                    if epochsLeft <= 0 { break training }
                }
                if stepsThisEpoch == 0 { throw TrainingError.incompatibleData("the data gives no batch of this size") }
                stepsThisEpoch = 0
                source.rewind()
                continue
            }
            let state = carry ? learner.carriedState : nil
            let result = try model.run(batch, state: state, options: RunOptions(backward: true, truncation: settings.truncation))
            let stepNumber = learner.stepsTaken + 1
            let loss = result.summary.meanLoss
            guard loss.isFinite else { throw TrainingError.nonFinite(step: stepNumber, what: "the loss") }
            var squared = 0.0
            for p in model.parameters { for g in p.gradient { squared += g * g } }
            let gradNorm = squared.squareRoot()
            guard gradNorm.isFinite else { throw TrainingError.nonFinite(step: stepNumber, what: "the gradient") }
            if let clip = settings.clip, clip > 0, gradNorm > clip {
                let scale = clip / gradNorm
                for p in model.parameters { for k in p.gradient.indices { p.gradient[k] *= scale } }
            }

            // Update, keeping what is needed to undo a step that produces non-finite values.
            let savedValues = model.parameters.map(\.value)
            let savedOptimizer = learner.optimizer
            learner.optimizer!.step(model.parameters, learningRate: settings.learningRate, recurrentLearningRate: lrW)
            do {
                try model.applyRecurrentRules(learningRate: lrW)
                try model.parametersDidChange()
                guard model.parameters.allSatisfy({ $0.value.allSatisfy(\.isFinite) }) else {
                    throw TrainingError.nonFinite(step: stepNumber, what: "a parameter after the update")
                }
            } catch {
                for (p, v) in zip(model.parameters, savedValues) { p.value = v }
                learner.optimizer = savedOptimizer
                try? model.parametersDidChange()
                if error is TrainingError { throw error }
                throw TrainingError.nonFinite(step: stepNumber, what: "the update (\(error))")
            }
            learner.carriedState = result.finalState
            let unitarity = (try? model.recurrentMatrix.unitarityError()) ?? .nan
            let isSymbols = batch.target.isClassification
            learner.history.steps.append(StepRecord(
                step: stepNumber, epoch: learner.epochsCompleted, loss: loss,
                accuracy: isSymbols ? result.summary.accuracy : nil, gradientNorm: gradNorm,
                unitarityError: unitarity, wallTime: wallOffset + elapsed(start)))
            stepsDone += 1
            stepsThisEpoch += 1
            lastLoss = loss
            windowLoss += loss; windowSteps += 1
            if isSymbols { windowCorrect += result.summary.correct; windowCount += result.summary.count }
            if settings.evaluateEvery > 0, stepsDone % settings.evaluateEvery == 0, try evaluateNow() {
                reason = .noImprovement
                break training
            }
            if settings.reportEvery > 0 && stepsDone % settings.reportEvery == 0 { report(final: false) }
        }
        if evaluate != nil, learner.history.evaluations.last?.step != learner.stepsTaken {
            _ = try evaluateNow()
        }
        return try finish(reason)
    }
}
