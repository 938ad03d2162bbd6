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
    let recurrentWeights: Parameter  // W_h, 4H x H
    let inputWeights: Parameter      // W_x, 4H x I
    let bias: Parameter              // b, 4H
    let readOut: ReadOut

    init(_ config: ModelConfig) throws {
        self.config = config
        let h = config.hidden, i = config.inputSize, k = config.outputSize
        var g = SeededGenerator(seed: config.seed)
        // W_h: four orthogonal H x H blocks; W_x: Glorot uniform.
        var wh = Matrix(rows: 4 * h, cols: h)
        for block in 0..<4 {
            let q = try RecurrentInit.orthogonal(n: h, using: &g)
            for c in 0..<h { for r in 0..<h { wh[block * h + r, c] = q[r, c] } }
        }
        recurrentWeights = Parameter(name: "W_h", matrix: wh, role: .recurrent)
        let s = (6.0 / Double(i + 4 * h)).squareRoot()
        inputWeights = Parameter(name: "W_x", matrix: Matrix.randomUniform(rows: 4 * h, cols: i, -s, s, using: &g))
        var b = [Double](repeating: 0, count: 4 * h)
        for r in h..<(2 * h) { b[r] = 1 }
        bias = Parameter(name: "b", rows: 4 * h, cols: 1, value: b)
        let vs = (6.0 / Double(h + k)).squareRoot()
        readOut = ReadOut(weights: Parameter(name: "V", matrix: Matrix.randomUniform(rows: k, cols: h, -vs, vs, using: &g)),
                          bias: Parameter(name: "c", rows: k, cols: 1, value: [Double](repeating: 0, count: k)))
    }

    var parameters: [Parameter] { [recurrentWeights, inputWeights, bias, readOut.weights, readOut.bias] }

    var recurrentMatrix: RecurrentMatrix {
        let h = config.hidden
        let wh = recurrentWeights.matrix
        return .real(Matrix(rows: h, cols: h) { r, c in wh[2 * h + r, c] })
    }

    var generator: RecurrentMatrix? { nil }
    func parametersDidChange() throws {}
    func applyRecurrentRules(learningRate: Double) throws {}

    @inline(__always) private static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    func run(_ batch: SequenceBatch, state: HiddenState?, options: RunOptions) throws -> RunResult {
        let h = config.hidden, h4 = 4 * h, steps = batch.steps, b = batch.batchSize, n = steps * b
        guard steps > 0, b > 0 else { throw ModelError.shape("empty batch") }
        let wh = recurrentWeights.matrix

        // Z = W_x X + b.
        var z = Matrix(rows: h4, cols: n)
        switch batch.input {
        case .symbols(let s):
            guard config.symbolInputs else { throw ModelError.shape("model expects dense inputs, got symbols") }
            for t in 0..<steps {
                guard s[t].count == b else { throw ModelError.shape("step \(t) has \(s[t].count) sequences, expected \(b)") }
                for bb in 0..<b {
                    let x = s[t][bb]
                    guard x >= 0 && x < config.inputSize else { throw ModelError.shape("input symbol \(x) outside 0..<\(config.inputSize)") }
                    let dst = (t * b + bb) * h4, src = x * h4
                    for r in 0..<h4 { z.elements[dst + r] = inputWeights.value[src + r] }
                }
            }
        case .dense(let xs):
            guard !config.symbolInputs else { throw ModelError.shape("model expects symbols, got dense inputs") }
            DenseMatrix.gemm(inputWeights.matrix, .none, try concatenate(xs, rows: config.inputSize, batch: b), .none, into: &z)
        }
        for j in 0..<n { for r in 0..<h4 { z.elements[j * h4 + r] += bias.value[r] } }

        var hs = Matrix(rows: h, cols: (steps + 1) * b)
        var cs = Matrix(rows: h, cols: (steps + 1) * b)
        if let state {
            guard case .lstm(let h0, let c0) = state, h0.rows == h, h0.cols == b else {
                throw ModelError.shape("carried state does not match an LSTM with H=\(h), B=\(b)")
            }
            hs.elements.replaceSubrange(0..<(h * b), with: h0.elements)
            cs.elements.replaceSubrange(0..<(h * b), with: c0.elements)
        }
        // Gate activations σ(i), σ(f), tanh(g), σ(o) overwrite Z in place.
        var gates = z
        for t in 0..<steps {
            gates.elements.withUnsafeMutableBufferPointer { pg in
                hs.elements.withUnsafeMutableBufferPointer { ph in
                    cs.elements.withUnsafeMutableBufferPointer { pc in
                        wh.elements.withUnsafeBufferPointer { pw in
                            Double.gemm(.none, .none, m: h4, n: b, k: h, alpha: 1, pw.baseAddress!, lda: h4,
                                        ph.baseAddress! + t * b * h, ldb: h, beta: 1, pg.baseAddress! + t * b * h4, ldc: h4)
                        }
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
                        VectorMath.tanh(UnsafeMutableBufferPointer(start: ph.baseAddress! + (t + 1) * b * h, count: b * h))
                        for bb in 0..<b {
                            let gBase = (t * b + bb) * h4, cur = ((t + 1) * b + bb) * h
                            for r in 0..<h { ph[cur + r] *= pg[gBase + 3 * h + r] }
                        }
                    }
                }
            }
        }
        let finalState = HiddenState.lstm(h: hs.columns((steps * b)..<((steps + 1) * b)),
                                          c: cs.columns((steps * b)..<((steps + 1) * b)))
        if options.backward { zeroGradients() }
        let out = try readOut.loss(features: hs.columns(b..<((steps + 1) * b)), steps: steps, batch: b, target: batch.target,
                                   backward: options.backward, keepOutputs: options.keepOutputs)
        let summary = out.summary
        let logits = out.outputs
        guard options.backward, let dOut = out.featureGradient else {
            return RunResult(summary: summary, finalState: finalState, gradientFlow: nil, outputs: logits)
        }
        readOut.weights.gradient = out.weightGradient
        readOut.bias.gradient = out.biasGradient

        // tanh(c_t) for every step at once (vectorised).
        var tanhC = cs.elements
        VectorMath.tanh(&tanhC)
        var dz = Matrix(rows: h4, cols: n)
        var dh = Matrix(rows: h, cols: b)
        var dc = [Double](repeating: 0, count: h * b)
        var flow: [Double] = options.recordGradientFlow ? [Double](repeating: 0, count: steps) : []
        for t in stride(from: steps - 1, through: 0, by: -1) {
            dh.elements.withUnsafeMutableBufferPointer { pdh in
                dOut.elements.withUnsafeBufferPointer { po in
                    for k in 0..<(h * b) { pdh[k] += po[t * b * h + k] }
                }
            }
            if options.recordGradientFlow { flow[t] = dh.frobeniusNorm }
            dz.elements.withUnsafeMutableBufferPointer { pz in
                gates.elements.withUnsafeBufferPointer { pg in
                    cs.elements.withUnsafeBufferPointer { pc in
                      tanhC.withUnsafeBufferPointer { ptc in
                        dh.elements.withUnsafeBufferPointer { pdh in
                            dc.withUnsafeMutableBufferPointer { pdc in
                                for bb in 0..<b {
                                    let gBase = (t * b + bb) * h4, prev = (t * b + bb) * h, cur = ((t + 1) * b + bb) * h, s = bb * h
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
                            }
                        }
                      }
                    }
                }
            }
            if let k = options.truncation, k > 0, t % k == 0 {
                dh = Matrix(rows: h, cols: b)
                dc = [Double](repeating: 0, count: h * b)
            } else {
                dz.elements.withUnsafeBufferPointer { pz in
                    wh.elements.withUnsafeBufferPointer { pw in
                        dh.elements.withUnsafeMutableBufferPointer { pd in
                            Double.gemm(.transpose, .none, m: h, n: b, k: h4, alpha: 1, pw.baseAddress!, lda: h4,
                                        pz.baseAddress! + t * b * h4, ldb: h4, beta: 0, pd.baseAddress!, ldc: h)
                        }
                    }
                }
            }
        }
        recurrentWeights.gradient = DenseMatrix.product(dz, .none, hs.columns(0..<n), .transpose).elements
        dz.elements.withUnsafeBufferPointer { pz in
            for j in 0..<n { for r in 0..<h4 { bias.gradient[r] += pz[j * h4 + r] } }
        }
        switch batch.input {
        case .symbols(let s):
            for t in 0..<steps {
                for bb in 0..<b {
                    let dst = s[t][bb] * h4, src = (t * b + bb) * h4
                    for r in 0..<h4 { inputWeights.gradient[dst + r] += dz.elements[src + r] }
                }
            }
        case .dense(let xs):
            let x = try concatenate(xs, rows: config.inputSize, batch: b)
            inputWeights.gradient = DenseMatrix.product(dz, .none, x, .transpose).elements
        }
        return RunResult(summary: summary, finalState: finalState, gradientFlow: options.recordGradientFlow ? flow : nil,
                         outputs: logits)
    }
}
