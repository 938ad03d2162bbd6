import Foundation

/// The real recurrent cell h_t = act(W h_{t−1} + U x_t + b), y_t = V h_t + c.
///
/// - `rnn`: W dense and free (orthogonal, Gaussian or identity start), tanh/relu/sigmoid.
/// - `urnn field=real`: W orthogonal through a `RealRecurrence` (exp of a skew
///   generator under the exact, seed, cayley or geodesic rule, or the free control),
///   modReLU by default.
///
/// Shapes: B batch, T steps, H hidden, I inputs, K outputs. Z (pre-activations)
/// is H x T·B and the states h_0…h_T are H x (T+1)·B, column t·B + b for step t of
/// sequence b, so the input map, the read-out and the weight gradients are each one
/// product over all steps; only W h_{t−1} and Wᵀ δ_t run step by step.
final class ElmanRNN: RealStateCell {
    let config: ModelConfig
    var threads = Parallelism.defaultThreads {
        didSet { recurrence.threads = threads }
    }
    let recurrence: RealRecurrence
    let input: InputProjection    // U (H x I) and b (H)
    let activationBias: Parameter?  // modReLU's b, H
    let readOut: ReadOut

    init(_ config: ModelConfig) throws {
        self.config = config
        let h = config.hidden, i = config.inputSize, k = config.outputSize
        var g = SeededGenerator(seed: config.seed)
        switch config.kind {
        case .rnn:
            let w: Matrix
            switch config.denseInit {
            case .orthogonal: w = try RecurrentInit.orthogonal(n: h, using: &g)
            case .gaussian: w = Matrix.randomNormal(rows: h, cols: h, std: 1 / Double(h).squareRoot(), using: &g)
            case .identity: w = Matrix.identity(h)
            }
            recurrence = DenseRecurrence(w)
        default:
            let a = RecurrentInit.skewGenerator(config.generatorInit, n: h, using: &g)
            recurrence = try ExpRecurrence(generator: a, rule: config.rule)
        }
        input = InputProjection(glorot: "U", rows: h, inputs: i, symbolInputs: config.symbolInputs, using: &g)
        activationBias = config.activation.hasBias
            ? Parameter(name: "b_mod", rows: h, cols: 1, value: [Double](repeating: 0, count: h)) : nil
        readOut = ReadOut(glorotOutputs: k, features: h, using: &g)
    }

    var parameters: [Parameter] {
        recurrence.parameters + [input.weights, input.bias] + (activationBias.map { [$0] } ?? []) + [readOut.weights, readOut.bias]
    }

    var recurrentMatrix: RecurrentMatrix { .real(recurrence.matrix) }
    var generator: RecurrentMatrix? { recurrence.generator.map { .real($0) } }

    func parametersDidChange() throws { try recurrence.refresh() }
    func applyRecurrentRules(learningRate: Double) throws { try recurrence.applyRule(learningRate: learningRate) }

    /// The gradients and measurements of one pass over part of a batch.
    struct Pass: RealStatePass {
        var readOut: ReadOut.Result
        var finalState: Matrix
        var dw: Matrix?, dModBias: [Double] = []
        var inputGradient: (weights: [Double], bias: [Double]) = ([], [])
        var flowSquares: [Double] = []
    }

    var passMatrix: Matrix { recurrence.matrix }

    func setRecurrentGradients(_ passes: [Pass]) throws {
        var dw = passes[0].dw!
        for p in passes.dropFirst() { dw += p.dw! }
        try recurrence.setGradient(fromMatrixGradient: dw)
        activationBias?.gradient = summed(passes.map(\.dModBias))
    }

    /// Forward and backward over B sequences (a whole batch or one thread's part).
    func pass(_ batch: SequenceBatch, h0: Matrix?, w: Matrix, options: RunOptions, normalizer: Int) throws -> Pass {
        let h = config.hidden, steps = batch.steps, b = batch.batchSize, n = steps * b, hb = h * b
        let act = config.activation
        let modBias = activationBias?.value ?? [Double](repeating: 0, count: h)

        // Z = U X + b over all steps.
        // The long arrays come from ScratchArrays and go back to it at the end.
        var z = Matrix(rows: h, cols: n, elements: try input.project(batch.input, steps: steps, batch: b))
        // States h_0…h_T: h_t = act(Z_t + W h_{t−1}).
        var states = Matrix(rows: h, cols: (steps + 1) * b, elements: ScratchArrays.take(h * (steps + 1) * b, zeroed: false))
        defer { ScratchArrays.give(&states.elements) }
        if let h0 {
            states.elements.replaceSubrange(0..<hb, with: h0.elements)
        } else {
            states.elements.withUnsafeMutableBufferPointer { $0.baseAddress!.update(repeating: 0, count: hb) }
        }
        let recurrence = FixedShapeProduct(m: h, n: b, k: h, lda: h, ldb: h, ldc: h, accumulate: true)
        z.elements.withUnsafeMutableBufferPointer { pz in
            states.elements.withUnsafeMutableBufferPointer { ps in
                w.elements.withUnsafeBufferPointer { pw in
                    for t in 0..<steps {
                        recurrence(pw.baseAddress!, ps.baseAddress! + t * hb, pz.baseAddress! + t * hb)
                        act.forward(pz.baseAddress! + t * hb, into: ps.baseAddress! + (t + 1) * hb,
                                    rows: h, cols: b, bias: modBias)
                    }
                }
            }
        }
        let finalState = states.columns((steps * b)..<((steps + 1) * b))
        let out = try readOut.loss(features: states, columnOffset: b, steps: steps, batch: b,
                                   target: batch.target, backward: options.backward, normalizer: normalizer,
                                   keepOutputs: options.keepOutputs)
        var result = Pass(readOut: out, finalState: finalState)
        guard options.backward, var dOut = out.featureGradient else {
            ScratchArrays.give(&z.elements)
            return result
        }
        result.readOut.featureGradient = nil
        defer { ScratchArrays.give(&dOut.elements) }

        // Backward through time: δ_t = act'(Z_t) ⊙ (∂L/∂h_t + Wᵀ δ_{t+1}), with Wᵀ formed once.
        // δ_t overwrites Z_t, which is not needed after it: one T·B-wide array less at long T.
        var dz = z
        z = Matrix(rows: 0, cols: 0)  // dz now holds the only reference: updated in place
        defer { ScratchArrays.give(&dz.elements) }
        var dh = [Double](repeating: 0, count: hb)
        var flow = GradientFlowRecord(steps: steps, options: options)
        var dModBias = [Double](repeating: 0, count: h)
        let wt = w.transposed()
        let recurrenceBack = FixedShapeProduct(m: h, n: b, k: h, lda: h, ldb: h, ldc: h, accumulate: false)
        dz.elements.withUnsafeMutableBufferPointer { pdz in
            dh.withUnsafeMutableBufferPointer { pdh in
                dOut.elements.withUnsafeBufferPointer { po in
                    do {
                        states.elements.withUnsafeBufferPointer { ps in
                            wt.elements.withUnsafeBufferPointer { pwt in
                                for t in stride(from: steps - 1, through: 0, by: -1) {
                                    flow.addReadOutGradient(pdh.baseAddress!, po.baseAddress! + t * hb, count: hb, step: t)
                                    act.backward(z: pdz.baseAddress! + t * hb, h: ps.baseAddress! + (t + 1) * hb,
                                                 dh: pdh.baseAddress!, into: pdz.baseAddress! + t * hb,
                                                 rows: h, cols: b, bias: modBias, biasGradient: &dModBias)
                                    if let k = options.truncation, k > 0, t % k == 0 {
                                        for i in 0..<hb { pdh[i] = 0 }
                                    } else {
                                        recurrenceBack(pwt.baseAddress!, pdz.baseAddress! + t * hb, pdh.baseAddress!)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // dW = dZ H_prevᵀ; db and dU from the projection.
        var dw = Matrix(rows: h, cols: h)
        dz.elements.withUnsafeBufferPointer { pdz in
            states.elements.withUnsafeBufferPointer { ps in
                dw.elements.withUnsafeMutableBufferPointer { pw in
                    FixedShapeProduct(m: h, n: h, k: n, lda: h, ldb: h, ldc: h, transposesB: true, accumulate: false)(
                        pdz.baseAddress!, ps.baseAddress!, pw.baseAddress!)
                }
            }
        }
        result.dw = dw
        result.inputGradient = try input.gradient(batch.input, dz: dz.elements, steps: steps, batch: b)
        result.dModBias = activationBias == nil ? [] : dModBias
        result.flowSquares = flow.squares
        return result
    }
}
