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
final class ElmanRNN: RecurrentModel {
    let config: ModelConfig
    let recurrence: RealRecurrence
    let inputMap: Parameter       // U, H x I
    let bias: Parameter           // b, H
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
            recurrence = DenseRecurrence(w, role: .recurrent)
        default:
            let a = RecurrentInit.skewGenerator(config.generatorInit, n: h, using: &g)
            if config.rule == .free {
                recurrence = DenseRecurrence(try expm(a), role: .retracted)
            } else {
                recurrence = try ExpSkewRecurrence(generator: a, rule: config.rule)
            }
        }
        let uScale = (6.0 / Double(i + h)).squareRoot()
        inputMap = Parameter(name: "U", matrix: Matrix.randomUniform(rows: h, cols: i, -uScale, uScale, using: &g))
        bias = Parameter(name: "b", rows: h, cols: 1, value: [Double](repeating: 0, count: h))
        activationBias = config.activation.hasBias
            ? Parameter(name: "b_mod", rows: h, cols: 1, value: [Double](repeating: 0, count: h)) : nil
        let vScale = (6.0 / Double(h + k)).squareRoot()
        readOut = ReadOut(weights: Parameter(name: "V", matrix: Matrix.randomUniform(rows: k, cols: h, -vScale, vScale, using: &g)),
                          bias: Parameter(name: "c", rows: k, cols: 1, value: [Double](repeating: 0, count: k)))
    }

    var parameters: [Parameter] {
        recurrence.parameters + [inputMap, bias] + (activationBias.map { [$0] } ?? []) + [readOut.weights, readOut.bias]
    }

    var recurrentMatrix: RecurrentMatrix { .real(recurrence.matrix) }
    var generator: RecurrentMatrix? { recurrence.generator.map { .real($0) } }

    func parametersDidChange() throws { try recurrence.refresh() }
    func applyRecurrentRules(learningRate: Double) throws { try recurrence.applyRule(learningRate: learningRate) }

    func run(_ batch: SequenceBatch, state: HiddenState?, options: RunOptions) throws -> RunResult {
        let h = config.hidden, steps = batch.steps, b = batch.batchSize, n = steps * b
        guard steps > 0, b > 0 else { throw ModelError.shape("empty batch") }
        let w = recurrence.matrix
        let act = config.activation
        let modBias = activationBias?.value ?? []

        // Z = U X + b over all steps.
        var z = Matrix(rows: h, cols: n)
        try projectInputs(batch.input, into: &z, steps: steps, batch: b)
        for j in 0..<n { for i in 0..<h { z.elements[j * h + i] += bias.value[i] } }

        // States h_0…h_T.
        var states = Matrix(rows: h, cols: (steps + 1) * b)
        if let state {
            guard case .real(let h0) = state, h0.rows == h, h0.cols == b else {
                throw ModelError.shape("carried state does not match H=\(h), B=\(b)")
            }
            states.elements.replaceSubrange(0..<(h * b), with: h0.elements)
        }
        for t in 0..<steps {
            let zt = t * b * h
            // Z_t += W h_{t−1}
            z.elements.withUnsafeMutableBufferPointer { pz in
                states.elements.withUnsafeBufferPointer { ps in
                    w.elements.withUnsafeBufferPointer { pw in
                        Double.gemm(.none, .none, m: h, n: b, k: h, alpha: 1, pw.baseAddress!, lda: h,
                                    ps.baseAddress! + t * b * h, ldb: h, beta: 1, pz.baseAddress! + zt, ldc: h)
                    }
                }
            }
            let zBlock = Matrix(rows: h, cols: b, elements: Array(z.elements[zt..<(zt + h * b)]))
            let hBlock = act.apply(zBlock, bias: modBias)
            states.elements.replaceSubrange(((t + 1) * b * h)..<((t + 2) * b * h), with: hBlock.elements)
        }
        let finalState = HiddenState.real(states.columns((steps * b)..<((steps + 1) * b)))
        let outputsOf = states.columns(b..<((steps + 1) * b))

        if options.backward { zeroGradients() }
        var logits = Matrix(rows: 0, cols: 0)
        let (summary, dOut) = try withUnsafeMutablePointer(to: &logits) { lp in
            try readOut.loss(features: outputsOf, steps: steps, batch: b, target: batch.target,
                             backward: options.backward, logitsOut: options.keepOutputs ? lp : nil)
        }
        guard options.backward, let dOut else {
            return RunResult(summary: summary, finalState: finalState, gradientFlow: nil,
                             outputs: options.keepOutputs ? logits : nil)
        }

        // Backward through time.
        var dz = Matrix(rows: h, cols: n)
        var dh = Matrix(rows: h, cols: b)
        var flow: [Double] = options.recordGradientFlow ? [Double](repeating: 0, count: steps) : []
        var modBiasGrad = [Double](repeating: 0, count: h)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            let range = (t * b * h)..<((t + 1) * b * h)
            dOut.elements.withUnsafeBufferPointer { po in
                for k in 0..<(h * b) { dh.elements[k] += po[range.lowerBound + k] }
            }
            if options.recordGradientFlow { flow[t] = dh.frobeniusNorm }
            let zBlock = Matrix(rows: h, cols: b, elements: Array(z.elements[range]))
            let hBlock = Matrix(rows: h, cols: b, elements: Array(states.elements[((t + 1) * b * h)..<((t + 2) * b * h)]))
            let dzBlock = act.backward(z: zBlock, h: hBlock, dh: dh, bias: modBias, biasGradient: &modBiasGrad)
            dz.elements.replaceSubrange(range, with: dzBlock.elements)
            if let k = options.truncation, k > 0, t % k == 0 {
                dh = Matrix(rows: h, cols: b)
            } else {
                DenseMatrix.gemm(w, .transpose, dzBlock, .none, into: &dh)
            }
        }
        // dW = dZ H_prevᵀ, db = row sums of dZ, dU from the inputs.
        let prev = states.columns(0..<n)
        let dw = DenseMatrix.product(dz, .none, prev, .transpose)
        try recurrence.setGradient(fromMatrixGradient: dw)
        for j in 0..<n { for i in 0..<h { bias.gradient[i] += dz.elements[j * h + i] } }
        if let ab = activationBias { ab.gradient = modBiasGrad }
        try inputGradient(batch.input, dz: dz, steps: steps, batch: b)
        return RunResult(summary: summary, finalState: finalState,
                         gradientFlow: options.recordGradientFlow ? flow : nil,
                         outputs: options.keepOutputs ? logits : nil)
    }

    /// Z = U X: a column lookup for symbols, one product for dense inputs.
    private func projectInputs(_ input: SequenceInput, into z: inout Matrix, steps: Int, batch b: Int) throws {
        let h = config.hidden, i = config.inputSize
        switch input {
        case .symbols(let s):
            guard config.symbolInputs else { throw ModelError.shape("model expects dense inputs, got symbols") }
            for t in 0..<steps {
                guard s[t].count == b else { throw ModelError.shape("step \(t) has \(s[t].count) sequences, expected \(b)") }
                for bb in 0..<b {
                    let x = s[t][bb]
                    guard x >= 0 && x < i else { throw ModelError.shape("input symbol \(x) outside 0..<\(i)") }
                    let dst = (t * b + bb) * h, src = x * h
                    for r in 0..<h { z.elements[dst + r] = inputMap.value[src + r] }
                }
            }
        case .dense(let xs):
            guard !config.symbolInputs else { throw ModelError.shape("model expects symbols, got dense inputs") }
            let x = try concatenate(xs, rows: i, batch: b)
            DenseMatrix.gemm(inputMap.matrix, .none, x, .none, into: &z)
        }
    }

    private func inputGradient(_ input: SequenceInput, dz: Matrix, steps: Int, batch b: Int) throws {
        let h = config.hidden, i = config.inputSize
        switch input {
        case .symbols(let s):
            for t in 0..<steps {
                for bb in 0..<b {
                    let dst = s[t][bb] * h, src = (t * b + bb) * h
                    for r in 0..<h { inputMap.gradient[dst + r] += dz.elements[src + r] }
                }
            }
        case .dense(let xs):
            let x = try concatenate(xs, rows: i, batch: b)
            inputMap.gradient = DenseMatrix.product(dz, .none, x, .transpose).elements
        }
    }
}

/// T matrices I x B side by side as one I x T·B matrix.
func concatenate(_ xs: [Matrix], rows: Int, batch: Int) throws -> Matrix {
    var elements: [Double] = []
    elements.reserveCapacity(rows * batch * xs.count)
    for (t, x) in xs.enumerated() {
        guard x.rows == rows, x.cols == batch else {
            throw ModelError.shape("input at step \(t) is \(x.shapeDescription), expected \(rows)x\(batch)")
        }
        elements.append(contentsOf: x.elements)
    }
    return Matrix(rows: rows, cols: batch * xs.count, elements: elements)
}
