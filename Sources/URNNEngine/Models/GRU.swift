import Foundation

/// The gated recurrent unit (Cho et al. 2014), in PyTorch's formulation (the reset gate
/// applied to W_hn h plus its bias):
///
///     r = σ(W_ir x + W_hr h + b_r),   z = σ(W_iz x + W_hz h + b_z)
///     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),   h' = (1 − z) ⊙ n + z ⊙ h
///     y = V h' + c
///
/// W_x = [W_ir; W_iz; W_in] and b = [b_r; b_z; b_in] are the shared `InputProjection`
/// (3H rows), W_h = [W_hr; W_hz; W_hn] is 3H x H (orthogonal blocks at the start, as the
/// LSTM's), b_hn is H. Shapes as in `LSTM`: gates 3H x T·B, states H x (T+1)·B.
/// For inspection its `recurrentMatrix` is W_hn, the block that feeds the candidate n.
final class GRU: RealStateCell {
    let config: ModelConfig
    var threads = Parallelism.defaultThreads
    let recurrentWeights: Parameter  // W_h, 3H x H
    let input: InputProjection       // W_x (3H x I) and b (3H)
    let candidateBias: Parameter     // b_hn, H
    let readOut: ReadOut

    init(_ config: ModelConfig) throws {
        self.config = config
        let h = config.hidden, i = config.inputSize, k = config.outputSize
        var g = SeededGenerator(seed: config.seed)
        recurrentWeights = try GatedRecurrence.initialWeights(blocks: 3, hidden: h, using: &g)
        input = InputProjection(glorot: "W_x", rows: 3 * h, inputs: i, symbolInputs: config.symbolInputs, using: &g)
        candidateBias = Parameter(name: "b_hn", rows: h, cols: 1, value: [Double](repeating: 0, count: h))
        readOut = ReadOut(glorotOutputs: k, features: h, using: &g)
    }

    var parameters: [Parameter] {
        [recurrentWeights, input.weights, input.bias, candidateBias, readOut.weights, readOut.bias]
    }

    var recurrentMatrix: RecurrentMatrix { GatedRecurrence.candidateBlock(recurrentWeights.matrix, hidden: config.hidden) }
    var generator: RecurrentMatrix? { nil }
    func parametersDidChange() throws {}
    func applyRecurrentRules(learningRate: Double) throws {}

    /// The gradients and measurements of one pass over part of a batch.
    struct Pass: RealStatePass {
        var readOut: ReadOut.Result
        var finalState: Matrix
        var dWh: [Double] = [], dbhn: [Double] = []
        var inputGradient: (weights: [Double], bias: [Double]) = ([], [])
        var flowSquares: [Double] = []
    }

    var passMatrix: Matrix { recurrentWeights.matrix }

    func setRecurrentGradients(_ passes: [Pass]) {
        recurrentWeights.gradient = summed(passes.map(\.dWh))
        candidateBias.gradient = summed(passes.map(\.dbhn))
    }

    /// Forward and backward over B sequences (a whole batch or one thread's part).
    func pass(_ batch: SequenceBatch, h0: Matrix?, w wh: Matrix, options: RunOptions, normalizer: Int) throws -> Pass {
        let h = config.hidden, h3 = 3 * h, steps = batch.steps, b = batch.batchSize, n = steps * b, hb = h * b

        // Z = W_x X + b; the gates r, z, n overwrite it step by step. The long arrays
        // come from ScratchArrays and go back to it at the end.
        var gates = Matrix(rows: h3, cols: n, elements: try input.project(batch.input, steps: steps, batch: b))
        defer { ScratchArrays.give(&gates.elements) }
        // W_hn h_{t−1} + b_hn for every step (the backward of r needs it).
        var candidates: [Double] = ScratchArrays.take(h * n, zeroed: false)
        defer { ScratchArrays.give(&candidates) }
        var hs = Matrix(rows: h, cols: (steps + 1) * b, elements: ScratchArrays.take(h * (steps + 1) * b, zeroed: false))
        defer { ScratchArrays.give(&hs.elements) }
        hs.elements.withUnsafeMutableBufferPointer { ph in
            if let h0 {
                h0.elements.withUnsafeBufferPointer { ph.baseAddress!.update(from: $0.baseAddress!, count: hb) }
            } else {
                ph.baseAddress!.update(repeating: 0, count: hb)
            }
        }
        // A_t = W_h h_{t−1} (3H x B), one product per step.
        var a = [Double](repeating: 0, count: h3 * b)
        let recurrence = FixedShapeProduct(m: h3, n: b, k: h, lda: h3, ldb: h, ldc: h3, accumulate: false)
        gates.elements.withUnsafeMutableBufferPointer { pg in
            hs.elements.withUnsafeMutableBufferPointer { ph in
                candidates.withUnsafeMutableBufferPointer { pn in
                    a.withUnsafeMutableBufferPointer { pa in
                        wh.elements.withUnsafeBufferPointer { pw in
                            candidateBias.value.withUnsafeBufferPointer { pbn in
                                for t in 0..<steps {
                                    recurrence(pw.baseAddress!, ph.baseAddress! + t * hb, pa.baseAddress!)
                                    for bb in 0..<b {
                                        let g = pg.baseAddress! + (t * b + bb) * h3, ab = pa.baseAddress! + bb * h3
                                        let cand = pn.baseAddress! + (t * b + bb) * h
                                        // r and z: σ over the first 2H rows, vectorised.
                                        for r in 0..<(2 * h) { g[r] += ab[r] }
                                        VectorMath.sigmoid(UnsafeMutableBufferPointer(start: g, count: 2 * h))
                                        for r in 0..<h {
                                            cand[r] = ab[2 * h + r] + pbn[r]
                                            g[2 * h + r] += g[r] * cand[r]
                                        }
                                        VectorMath.tanh(UnsafeMutableBufferPointer(start: g + 2 * h, count: h))
                                        let prev = ph.baseAddress! + (t * b + bb) * h, cur = ph.baseAddress! + ((t + 1) * b + bb) * h
                                        for r in 0..<h {
                                            let zg = g[h + r], ng = g[2 * h + r]
                                            cur[r] = ng + zg * (prev[r] - ng)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let finalState = hs.columns((steps * b)..<((steps + 1) * b))
        let out = try readOut.loss(features: hs, columnOffset: b, steps: steps, batch: b, target: batch.target,
                                   backward: options.backward, normalizer: normalizer, keepOutputs: options.keepOutputs)
        var result = Pass(readOut: out, finalState: finalState)
        guard options.backward, var dOut = out.featureGradient else { return result }
        result.readOut.featureGradient = nil
        defer { ScratchArrays.give(&dOut.elements) }

        // Backward through time, with dh = ∂L/∂h_t and a_n = W_in x + b_in + r ⊙ ĉ (ĉ the
        // candidate W_hn h + b_hn):
        //   ∂a_n = dh (1 − z)(1 − n²),  ∂ĉ = ∂a_n ⊙ r,  ∂r = ∂a_n ⊙ ĉ ⊙ r(1 − r),
        //   ∂z = dh (h_{t−1} − n) z(1 − z),  ∂h_{t−1} = dh ⊙ z + W_hᵀ [∂r; ∂z; ∂ĉ].
        // ∂Z = [∂r; ∂z; ∂a_n] (the projection's) overwrites the gates; ∂A = [∂r; ∂z; ∂ĉ]
        // (W_h's) is kept for all steps, so dW_h is one product at the end.
        var dA: [Double] = ScratchArrays.take(h3 * n, zeroed: false)
        defer { ScratchArrays.give(&dA) }
        var dbhn = [Double](repeating: 0, count: h)
        gates.elements.withUnsafeMutableBufferPointer { pg in
            hs.elements.withUnsafeBufferPointer { ph in
                candidates.withUnsafeBufferPointer { pn in
                    dA.withUnsafeMutableBufferPointer { pda in
                        dbhn.withUnsafeMutableBufferPointer { pdb in
                            (result.dWh, result.flowSquares) = GatedRecurrence.backward(
                                wh: wh, hidden: h, batch: b, steps: steps, featureGradient: dOut, da: pda.baseAddress!,
                                states: ph.baseAddress!, keepsDirectPath: true, options: options) { t, pdh in
                                for bb in 0..<b {
                                    let g = pg.baseAddress! + (t * b + bb) * h3, d = pda.baseAddress! + (t * b + bb) * h3
                                    let cand = pn.baseAddress! + (t * b + bb) * h
                                    let prev = ph.baseAddress! + (t * b + bb) * h, dhb = pdh + bb * h
                                    for r in 0..<h {
                                        let rg = g[r], zg = g[h + r], ng = g[2 * h + r], dhv = dhb[r]
                                        let dan = dhv * (1 - zg) * (1 - ng * ng)
                                        let dr = dan * cand[r] * rg * (1 - rg)
                                        let dz = dhv * (prev[r] - ng) * zg * (1 - zg)
                                        g[r] = dr; g[h + r] = dz; g[2 * h + r] = dan
                                        d[r] = dr; d[h + r] = dz; d[2 * h + r] = dan * rg
                                        pdb[r] += dan * rg
                                        dhb[r] = dhv * zg
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // db and dW_x from the projection (∂Z in place of the gates).
        result.inputGradient = try input.gradient(batch.input, dz: gates.elements, steps: steps, batch: b)
        result.dbhn = dbhn
        return result
    }
}
