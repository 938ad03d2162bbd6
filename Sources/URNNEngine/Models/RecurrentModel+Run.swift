/// What every cell's `run` does around its passes: the carried state it takes, the
/// split of the batch, and the result it returns from the parts.
extension RunResult {
    /// The result of a run over parts of a batch: `flowSquares` are the parts'
    /// ‖∂L/∂h_t‖² per step, summed here and rooted when the run recorded the gradient flow.
    init(summary: LossSummary, finalState: HiddenState, flowSquares: [[Double]], options: RunOptions, outputs: Matrix?) {
        let record = options.backward && options.recordGradientFlow
        self.init(summary: summary, finalState: finalState,
                  gradientFlow: record ? summed(flowSquares).map { $0.squareRoot() } : nil, outputs: outputs)
    }
}

extension HiddenState {
    /// The carried state of a cell with one real H x B state (`RealStateCell`); nil when
    /// none is carried.
    static func realColumns(_ state: HiddenState?, hidden h: Int, batch b: Int) throws -> Matrix? {
        guard let state else { return nil }
        guard case .real(let m) = state, m.rows == h, m.cols == b else {
            throw ModelError.shape("carried state does not match H=\(h), B=\(b)")
        }
        return m
    }
}

/// What a pass over part of a batch gives back that the frame of `run` reads.
protocol RealStatePass {
    /// The read-out's loss and gradients.
    var readOut: ReadOut.Result { get }
    /// h_T of the part (H x its B).
    var finalState: Matrix { get }
    /// ∂L/∂U and ∂L/∂b of the input projection.
    var inputGradient: (weights: [Double], bias: [Double]) { get }
    /// ‖∂L/∂h_t‖² per step, when the run records the gradient flow.
    var flowSquares: [Double] { get }
}

/// A cell with one real H x B state (the Elman cell, the GRU), whose `run` is the shared
/// frame: it checks the batch and the carried state, runs `pass` on each part of the
/// batch over `threads` threads (with the part's columns of h_0 and the whole batch's
/// loss normaliser), joins the parts' final states and, after a backward pass, sums
/// the parts' gradients into the input projection, the read-out and (through
/// `setRecurrentGradients`) the cell's own parameters.
protocol RealStateCell: RecurrentModel {
    associatedtype Pass: RealStatePass
    var input: InputProjection { get }
    var readOut: ReadOut { get }
    /// The matrix that multiplies h_{t−1}, formed once per run, before the batch splits.
    var passMatrix: Matrix { get }
    /// Forward and backward over B sequences (a whole batch or one thread's part).
    func pass(_ batch: SequenceBatch, h0: Matrix?, w: Matrix, options: RunOptions, normalizer: Int) throws -> Pass
    /// The gradients of the cell's own parameters from the parts'.
    func setRecurrentGradients(_ passes: [Pass]) throws
}

extension RealStateCell {
    func run(_ batch: SequenceBatch, state: HiddenState?, options: RunOptions) throws -> RunResult {
        guard batch.steps > 0, batch.batchSize > 0 else { throw ModelError.shape("empty batch") }
        let h0 = try HiddenState.realColumns(state, hidden: config.hidden, batch: batch.batchSize)
        let normalizer = batch.lossPositions
        let w = passMatrix
        let (passes, summary) = try Parallelism.runParts(batch, threads: threads, keepOutputs: options.keepOutputs,
                                                         summary: \.readOut.summary) { part, range in
            try pass(part, h0: h0?.columns(range), w: w, options: options, normalizer: normalizer)
        }
        if options.backward {
            try setRecurrentGradients(passes)
            input.weights.gradient = summed(passes.map(\.inputGradient.weights))
            input.bias.gradient = summed(passes.map(\.inputGradient.bias))
            readOut.weights.gradient = summed(passes.map(\.readOut.weightGradient))
            readOut.bias.gradient = summed(passes.map(\.readOut.biasGradient))
        }
        return RunResult(summary: summary, finalState: .real(Matrix.concatenatingColumns(passes.map(\.finalState))),
                         flowSquares: passes.map(\.flowSquares), options: options, outputs: passes[0].readOut.outputs)
    }
}
