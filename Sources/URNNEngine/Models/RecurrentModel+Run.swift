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
    /// The carried state of a cell with one real H x B state (the Elman cell, the GRU);
    /// nil when none is carried.
    static func realColumns(_ state: HiddenState?, hidden h: Int, batch b: Int) throws -> Matrix? {
        guard let state else { return nil }
        guard case .real(let m) = state, m.rows == h, m.cols == b else {
            throw ModelError.shape("carried state does not match H=\(h), B=\(b)")
        }
        return m
    }
}

/// The frame of the `run` of a cell with one real H x B state (the Elman cell, the GRU):
/// checks the batch and the carried state, runs `pass` on each part of the batch over
/// `threads` threads (with the part's columns of h_0 and the whole batch's loss
/// normaliser), and joins the parts' final states.
func runRealStateCell<P>(_ batch: SequenceBatch, state: HiddenState?, hidden h: Int, threads: Int, options: RunOptions,
                         summary: (P) -> LossSummary, finalState: (P) -> Matrix,
                         _ pass: (_ part: SequenceBatch, _ h0: Matrix?, _ normalizer: Int) throws -> P) throws
    -> (passes: [P], summary: LossSummary, finalState: HiddenState) {
    guard batch.steps > 0, batch.batchSize > 0 else { throw ModelError.shape("empty batch") }
    let h0 = try HiddenState.realColumns(state, hidden: h, batch: batch.batchSize)
    let normalizer = batch.lossPositions
    let (passes, total) = try Parallelism.runParts(batch, threads: threads, keepOutputs: options.keepOutputs,
                                                   summary: summary) { part, range in
        try pass(part, h0?.columns(range), normalizer)
    }
    return (passes, total, .real(Matrix.concatenatingColumns(passes.map(finalState))))
}
