import Foundation

/// The standard LSTM (Hochreiter & Schmidhuber 1997, with forget gate; Gers et al.
/// 2000), the baseline every paper on long-memory RNNs reports against:
///
///     [i; f; g; o] = W_h h_{t−1} + W_x x_t + b          (4H)
///     c_t = σ(f) ⊙ c_{t−1} + σ(i) ⊙ tanh(g),   h_t = σ(o) ⊙ tanh(c_t),   y_t = V h_t + c
///
/// The forget-gate bias starts at 1 (Jozefowicz et al. 2015). Shapes as in
/// `ElmanRNN`: gate pre-activations Z are 4H x T·B, states H x (T+1)·B.
/// For inspection its `recurrentMatrix` is the H x H block of W_h that feeds the
/// cell candidate g (the only square recurrent map of the cell).
final class LSTM: RecurrentModel {
    let config: ModelConfig
    var threads = Parallelism.defaultThreads
    let recurrentWeights: Parameter  // W_h, 4H x H
    let input: InputProjection       // W_x (4H x I) and b (4H)
    let readOut: ReadOut

    init(_ config: ModelConfig) throws {
        self.config = config
        let h = config.hidden, i = config.inputSize, k = config.outputSize
        var g = SeededGenerator(seed: config.seed)
        // W_h: four orthogonal H x H blocks; W_x: Glorot uniform.
        recurrentWeights = try GatedRecurrence.initialWeights(blocks: 4, hidden: h, using: &g)
        // The forget gate's bias starts at 1.
        var b = [Double](repeating: 0, count: 4 * h)
        for r in h..<(2 * h) { b[r] = 1 }
        input = InputProjection(glorot: "W_x", rows: 4 * h, inputs: i, bias: b, symbolInputs: config.symbolInputs, using: &g)
        readOut = ReadOut(glorotOutputs: k, features: h, using: &g)
    }

    var parameters: [Parameter] { [recurrentWeights, input.weights, input.bias, readOut.weights, readOut.bias] }

    var recurrentMatrix: RecurrentMatrix { GatedRecurrence.candidateBlock(recurrentWeights.matrix, hidden: config.hidden) }
    var generator: RecurrentMatrix? { nil }
    func parametersDidChange() throws {}
    func applyRecurrentRules(learningRate: Double) throws {}

    /// The gradients and measurements of one pass over part of a batch.
    private struct Pass {
        var readOut: ReadOut.Result
        var finalH: Matrix, finalC: Matrix
        var dWh: [Double] = [], dWx: [Double] = [], db: [Double] = []
        var flowSquares: [Double] = []
    }

    func run(_ batch: SequenceBatch, state: HiddenState?, options: RunOptions) throws -> RunResult {
        let h = config.hidden, b = batch.batchSize
        guard batch.steps > 0, b > 0 else { throw ModelError.shape("empty batch") }
        var h0: Matrix?, c0: Matrix?
        if let state {
            guard case .lstm(let hm, let cm) = state, hm.rows == h, hm.cols == b, cm.rows == h, cm.cols == b else {
                throw ModelError.shape("carried state does not match an LSTM with H=\(h), B=\(b)")
            }
            h0 = hm
            c0 = cm
        }
        let normalizer = batch.lossPositions
        let wh = recurrentWeights.matrix
        let (passes, summary) = try Parallelism.runParts(batch, threads: threads, keepOutputs: options.keepOutputs,
                                                         summary: \.readOut.summary) { part, range in
            try pass(part, h0: h0?.columns(range), c0: c0?.columns(range), wh: wh, options: options, normalizer: normalizer)
        }
        let finalState = HiddenState.lstm(h: Matrix.concatenatingColumns(passes.map(\.finalH)),
                                          c: Matrix.concatenatingColumns(passes.map(\.finalC)))
        if options.backward {
            recurrentWeights.gradient = summed(passes.map(\.dWh))
            input.weights.gradient = summed(passes.map(\.dWx))
            input.bias.gradient = summed(passes.map(\.db))
            readOut.weights.gradient = summed(passes.map(\.readOut.weightGradient))
            readOut.bias.gradient = summed(passes.map(\.readOut.biasGradient))
        }
        return RunResult(summary: summary, finalState: finalState, flowSquares: passes.map(\.flowSquares),
                         options: options, outputs: passes[0].readOut.outputs)
    }

    /// Forward and backward over B sequences (a whole batch or one thread's part).
    private func pass(_ batch: SequenceBatch, h0: Matrix?, c0: Matrix?, wh: Matrix, options: RunOptions,
                      normalizer: Int) throws -> Pass {
        let h = config.hidden, h4 = 4 * h, steps = batch.steps, b = batch.batchSize, n = steps * b, hb = h * b

        // Z = W_x X + b. The long arrays come from ScratchArrays and go back to it at the end.
        var z = Matrix(rows: h4, cols: n, elements: try input.project(batch.input, steps: steps, batch: b))
        defer { ScratchArrays.give(&z.elements) }

        var hs = Matrix(rows: h, cols: (steps + 1) * b, elements: ScratchArrays.take(h * (steps + 1) * b, zeroed: false))
        var cs = Matrix(rows: h, cols: (steps + 1) * b, elements: ScratchArrays.take(h * (steps + 1) * b, zeroed: false))
        defer { ScratchArrays.give(&hs.elements); ScratchArrays.give(&cs.elements) }
        hs.elements.withUnsafeMutableBufferPointer { ph in
            cs.elements.withUnsafeMutableBufferPointer { pc in
                if let h0, let c0 {
                    h0.elements.withUnsafeBufferPointer { ph.baseAddress!.update(from: $0.baseAddress!, count: hb) }
                    c0.elements.withUnsafeBufferPointer { pc.baseAddress!.update(from: $0.baseAddress!, count: hb) }
                } else {
                    ph.baseAddress!.update(repeating: 0, count: hb)
                    pc.baseAddress!.update(repeating: 0, count: hb)
                }
            }
        }
        // Gate activations σ(i), σ(f), tanh(g), σ(o) overwrite Z in place.
        let recurrence = FixedShapeProduct(m: h4, n: b, k: h, lda: h4, ldb: h, ldc: h4, accumulate: true)
        z.elements.withUnsafeMutableBufferPointer { pg in
            hs.elements.withUnsafeMutableBufferPointer { ph in
                cs.elements.withUnsafeMutableBufferPointer { pc in
                    wh.elements.withUnsafeBufferPointer { pw in
                        for t in 0..<steps {
                            recurrence(pw.baseAddress!, ph.baseAddress! + t * hb, pg.baseAddress! + t * b * h4)
                            // σ over the i, f, o blocks and tanh over g, vectorised per column.
                            for bb in 0..<b {
                                let gBase = (t * b + bb) * h4
                                VectorMath.sigmoid(UnsafeMutableBufferPointer(start: pg.baseAddress! + gBase, count: 2 * h))
                                VectorMath.tanh(UnsafeMutableBufferPointer(start: pg.baseAddress! + gBase + 2 * h, count: h))
                                VectorMath.sigmoid(UnsafeMutableBufferPointer(start: pg.baseAddress! + gBase + 3 * h, count: h))
                            }
                            for bb in 0..<b {
                                let gBase = (t * b + bb) * h4, prev = (t * b + bb) * h, cur = ((t + 1) * b + bb) * h
                                for r in 0..<h {
                                    pc[cur + r] = pg[gBase + h + r] * pc[prev + r] + pg[gBase + r] * pg[gBase + 2 * h + r]
                                    ph[cur + r] = pc[cur + r]
                                }
                            }
                            VectorMath.tanh(UnsafeMutableBufferPointer(start: ph.baseAddress! + (t + 1) * hb, count: hb))
                            for bb in 0..<b {
                                let gBase = (t * b + bb) * h4, cur = ((t + 1) * b + bb) * h
                                for r in 0..<h { ph[cur + r] *= pg[gBase + 3 * h + r] }
                            }
                        }
                    }
                }
            }
        }
        let gates = z
        let finalH = hs.columns((steps * b)..<((steps + 1) * b)), finalC = cs.columns((steps * b)..<((steps + 1) * b))
        let out = try readOut.loss(features: hs, columnOffset: b, steps: steps, batch: b, target: batch.target,
                                   backward: options.backward, normalizer: normalizer, keepOutputs: options.keepOutputs)
        var result = Pass(readOut: out, finalH: finalH, finalC: finalC)
        guard options.backward, var dOut = out.featureGradient else { return result }
        result.readOut.featureGradient = nil
        defer { ScratchArrays.give(&dOut.elements) }

        // tanh(c_t) for every step at once (vectorised).
        var tanhC: [Double] = ScratchArrays.take(cs.count, zeroed: false)
        defer { ScratchArrays.give(&tanhC) }
        tanhC.withUnsafeMutableBufferPointer { pt in
            cs.elements.withUnsafeBufferPointer { pt.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
        }
        VectorMath.tanh(&tanhC)
        var dz = Matrix(rows: h4, cols: n, elements: ScratchArrays.take(h4 * n, zeroed: false))
        defer { ScratchArrays.give(&dz.elements) }
        var dc = [Double](repeating: 0, count: hb)
        dz.elements.withUnsafeMutableBufferPointer { pz in
            gates.elements.withUnsafeBufferPointer { pg in
                cs.elements.withUnsafeBufferPointer { pc in
                    hs.elements.withUnsafeBufferPointer { ph in
                        tanhC.withUnsafeBufferPointer { ptc in
                            dc.withUnsafeMutableBufferPointer { pdc in
                                (result.dWh, result.flowSquares) = GatedRecurrence.backward(
                                    wh: wh, hidden: h, batch: b, steps: steps, featureGradient: dOut, da: pz.baseAddress!,
                                    states: ph.baseAddress!, keepsDirectPath: false, options: options, step: { t, pdh in
                                    for bb in 0..<b {
                                        let gBase = (t * b + bb) * h4, prev = (t * b + bb) * h
                                        let cur = ((t + 1) * b + bb) * h, s = bb * h
                                        for r in 0..<h {
                                            let ig = pg[gBase + r], fg = pg[gBase + h + r]
                                            let gg = pg[gBase + 2 * h + r], og = pg[gBase + 3 * h + r]
                                            let tc = ptc[cur + r]
                                            let dhv = pdh[s + r]
                                            let dcv = pdc[s + r] + dhv * og * (1 - tc * tc)
                                            pz[gBase + r] = dcv * gg * ig * (1 - ig)
                                            pz[gBase + h + r] = dcv * pc[prev + r] * fg * (1 - fg)
                                            pz[gBase + 2 * h + r] = dcv * ig * (1 - gg * gg)
                                            pz[gBase + 3 * h + r] = dhv * tc * og * (1 - og)
                                            pdc[s + r] = dcv * fg
                                        }
                                    }
                                }, truncate: { pdc.update(repeating: 0) })
                            }
                        }
                    }
                }
            }
        }
        // db and dW_x from the projection.
        let (dwx, db) = try input.gradient(batch.input, dz: dz.elements, steps: steps, batch: b)
        result.dWx = dwx
        result.db = db
        return result
    }
}
