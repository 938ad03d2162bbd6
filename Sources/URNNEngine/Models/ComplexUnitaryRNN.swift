import Foundation
import Numerics

/// The complex unitary cell (Arjovsky et al. 2016; Wisdom et al. 2016):
///
///     z_t = W h_{t−1} + U x_t + b,   h_t = act(z_t),   y_t = V [Re h_t; Im h_t] + c
///
/// with h_t in C^H, U complex H x I (real inputs into C^H), b complex, act modReLU on the
/// modulus by default, and the read-out over the D = 2H real features. W comes from a
/// `ComplexRecurrence`: exp of a skew-Hermitian generator under exact, seed, cayley or
/// geodesic, the free control (`urnn field=complex`), or the structured product
/// (`urnn structure=arjovsky`). The cell never asks which.
///
/// Gradients of complex quantities are ĝ = ∂L/∂Re + i ∂L/∂Im throughout (see
/// docs/models-complex.md): ĝ_{h_{t−1}} = Wᴴ ĝ_{z_t}, G = Σ_t ĝ_{z_t} h_{t−1}ᴴ.
///
/// Shapes: B batch, T steps, H hidden, I inputs, K outputs. Z is H x T·B and the states
/// h_0…h_T are H x (T+1)·B, column t·B + b for step t of sequence b.
final class ComplexUnitaryRNN: RecurrentModel {
    let config: ModelConfig
    let recurrence: ComplexRecurrence
    let inputMap: Parameter         // U, H x I complex
    let bias: Parameter             // b, H complex
    let activationBias: Parameter?  // modReLU's b, H real
    let readOut: ReadOut

    init(_ config: ModelConfig) throws {
        self.config = config
        let h = config.hidden, i = config.inputSize, k = config.outputSize
        var g = SeededGenerator(seed: config.seed)
        if config.structure == .arjovsky {
            guard config.rule == .exact else {
                throw ModelError.invalidOption("structure=arjovsky trains its phases and reflections with the optimizer; rule=\(config.rule.rawValue) applies to dense W only (use rule=exact)")
            }
            recurrence = try ArjovskyRecurrence(size: h, seed: config.seed, using: &g)
        } else {
            let a = ComplexInit.skewHermitianGenerator(config.generatorInit, n: h, using: &g)
            if config.rule == .free {
                recurrence = FreeComplexRecurrence(try expm(a))
            } else {
                recurrence = try ExpSkewHermitianRecurrence(generator: a, rule: config.rule)
            }
        }
        // Glorot-uniform in each part: E|u|² = 2/(I + H), the variance of the real model's U.
        let uScale = (3.0 / Double(i + h)).squareRoot()
        inputMap = Parameter(name: "U", rows: h, cols: i, isComplex: true,
                             value: (0..<(2 * h * i)).map { _ in g.uniform(-uScale, uScale) })
        bias = Parameter(name: "b", rows: h, cols: 1, isComplex: true, value: [Double](repeating: 0, count: 2 * h))
        activationBias = config.activation.hasBias
            ? Parameter(name: "b_mod", rows: h, cols: 1, value: [Double](repeating: 0, count: h)) : nil
        let vScale = (6.0 / Double(2 * h + k)).squareRoot()
        readOut = ReadOut(weights: Parameter(name: "V", matrix: Matrix.randomUniform(rows: k, cols: 2 * h, -vScale, vScale, using: &g)),
                          bias: Parameter(name: "c", rows: k, cols: 1, value: [Double](repeating: 0, count: k)))
    }

    var parameters: [Parameter] {
        recurrence.parameters + [inputMap, bias] + (activationBias.map { [$0] } ?? []) + [readOut.weights, readOut.bias]
    }

    var recurrentMatrix: RecurrentMatrix { .complex(recurrence.matrix) }
    var generator: RecurrentMatrix? { recurrence.generator.map { .complex($0) } }

    func parametersDidChange() throws { try recurrence.refresh() }
    func applyRecurrentRules(learningRate: Double) throws { try recurrence.applyRule(learningRate: learningRate) }

    func run(_ batch: SequenceBatch, state: HiddenState?, options: RunOptions) throws -> RunResult {
        let h = config.hidden, steps = batch.steps, b = batch.batchSize, n = steps * b
        guard steps > 0, b > 0 else { throw ModelError.shape("empty batch") }
        let act = config.activation
        let modBias = activationBias?.value ?? []

        // Z = U X + b over all steps.
        var z = try projectInputs(batch.input, steps: steps, batch: b)
        let b0 = complexValues(bias.value)
        for j in 0..<n { for r in 0..<h { z.elements[j * h + r] = z.elements[j * h + r] + b0[r] } }

        // States h_0…h_T.
        var states = ComplexMatrix(rows: h, cols: (steps + 1) * b)
        if let state {
            guard case .complex(let h0) = state, h0.rows == h, h0.cols == b else {
                throw ModelError.shape("carried state does not match a complex H=\(h), B=\(b)")
            }
            states.elements.replaceSubrange(0..<(h * b), with: h0.elements)
        }
        for t in 0..<steps {
            let range = (t * b * h)..<((t + 1) * b * h)
            let wh = try recurrence.multiply(states.columns((t * b)..<((t + 1) * b)))
            var zBlock = ComplexMatrix(rows: h, cols: b, elements: Array(z.elements[range]))
            for k in 0..<(h * b) { zBlock.elements[k] = zBlock.elements[k] + wh.elements[k] }
            z.elements.replaceSubrange(range, with: zBlock.elements)
            let hBlock = act.applyComplex(zBlock, bias: modBias)
            states.elements.replaceSubrange(((t + 1) * b * h)..<((t + 2) * b * h), with: hBlock.elements)
        }
        let finalState = HiddenState.complex(states.columns((steps * b)..<((steps + 1) * b)))
        let outputs = states.columns(b..<((steps + 1) * b))
        // Features [Re h_t; Im h_t], 2H x T·B.
        let features = Matrix(rows: 2 * h, cols: n) { r, j in
            r < h ? outputs[r, j].real : outputs[r - h, j].imaginary
        }

        if options.backward { zeroGradients() }
        let out = try readOut.loss(features: features, steps: steps, batch: b, target: batch.target,
                                   backward: options.backward, keepOutputs: options.keepOutputs)
        let summary = out.summary
        let logits = out.outputs
        guard options.backward, let dFeatures = out.featureGradient else {
            return RunResult(summary: summary, finalState: finalState, gradientFlow: nil, outputs: logits)
        }
        readOut.weights.gradient = out.weightGradient
        readOut.bias.gradient = out.biasGradient
        // ĝ_h = ∂L/∂Re h + i ∂L/∂Im h: the two halves of ∂L/∂F.
        let dOut = ComplexMatrix(rows: h, cols: n) { r, j in Complex(dFeatures[r, j], dFeatures[r + h, j]) }

        // Backward through time.
        var dz = ComplexMatrix(rows: h, cols: n)
        var dh = ComplexMatrix(rows: h, cols: b)
        var flow: [Double] = options.recordGradientFlow ? [Double](repeating: 0, count: steps) : []
        var modBiasGrad = [Double](repeating: 0, count: h)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            let range = (t * b * h)..<((t + 1) * b * h)
            for k in 0..<(h * b) { dh.elements[k] = dh.elements[k] + dOut.elements[range.lowerBound + k] }
            // ‖ĝ_h‖_F is the norm of the real gradient over (Re h, Im h).
            if options.recordGradientFlow { flow[t] = dh.frobeniusNorm }
            let zBlock = ComplexMatrix(rows: h, cols: b, elements: Array(z.elements[range]))
            let hBlock = ComplexMatrix(rows: h, cols: b, elements: Array(states.elements[((t + 1) * b * h)..<((t + 2) * b * h)]))
            let dzBlock = act.backwardComplex(z: zBlock, h: hBlock, dh: dh, bias: modBias, biasGradient: &modBiasGrad)
            dz.elements.replaceSubrange(range, with: dzBlock.elements)
            if let k = options.truncation, k > 0, t % k == 0 {
                dh = ComplexMatrix(rows: h, cols: b)
            } else {
                dh = try recurrence.multiplyAdjoint(dzBlock)
            }
        }
        try recurrence.setGradient(outputs: dz, inputs: states.columns(0..<n), blockColumns: b)
        var db = [Complex<Double>](repeating: .zero, count: h)
        for j in 0..<n { for r in 0..<h { db[r] = db[r] + dz.elements[j * h + r] } }
        bias.gradient = interleaved(db)
        if let ab = activationBias { ab.gradient = modBiasGrad }
        try inputGradient(batch.input, dz: dz, steps: steps, batch: b)
        return RunResult(summary: summary, finalState: finalState,
                         gradientFlow: options.recordGradientFlow ? flow : nil,
                         outputs: logits)
    }

    /// U X (H x T·B): a column lookup for symbols, one product for dense inputs.
    private func projectInputs(_ input: SequenceInput, steps: Int, batch b: Int) throws -> ComplexMatrix {
        let h = config.hidden, i = config.inputSize
        var z = ComplexMatrix(rows: h, cols: steps * b)
        switch input {
        case .symbols(let s):
            guard config.symbolInputs else { throw ModelError.shape("model expects dense inputs, got symbols") }
            guard s.count == steps else { throw ModelError.shape("input has \(s.count) steps, expected \(steps)") }
            let u = complexValues(inputMap.value)
            for t in 0..<steps {
                guard s[t].count == b else { throw ModelError.shape("step \(t) has \(s[t].count) sequences, expected \(b)") }
                for bb in 0..<b {
                    let x = s[t][bb]
                    guard x >= 0 && x < i else { throw ModelError.shape("input symbol \(x) outside 0..<\(i)") }
                    let dst = (t * b + bb) * h, src = x * h
                    for r in 0..<h { z.elements[dst + r] = u[src + r] }
                }
            }
        case .dense(let xs):
            guard !config.symbolInputs else { throw ModelError.shape("model expects symbols, got dense inputs") }
            let x = ComplexMatrix(real: try concatenate(xs, rows: i, batch: b))
            DenseMatrix.gemm(inputMap.complexMatrix, .none, x, .none, into: &z)
        }
        return z
    }

    /// ĝ_U = ĝ_Z Xᵀ: Re⟨ĝ_Z, dU X⟩ = Re⟨ĝ_Z Xᴴ, dU⟩ and X is real.
    private func inputGradient(_ input: SequenceInput, dz: ComplexMatrix, steps: Int, batch b: Int) throws {
        let h = config.hidden, i = config.inputSize
        switch input {
        case .symbols(let s):
            for t in 0..<steps {
                for bb in 0..<b {
                    let dst = 2 * s[t][bb] * h, src = (t * b + bb) * h
                    for r in 0..<h {
                        inputMap.gradient[dst + 2 * r] += dz.elements[src + r].real
                        inputMap.gradient[dst + 2 * r + 1] += dz.elements[src + r].imaginary
                    }
                }
            }
        case .dense(let xs):
            let x = ComplexMatrix(real: try concatenate(xs, rows: i, batch: b))
            inputMap.setComplexGradient(DenseMatrix.product(dz, .none, x, .adjoint))
        }
    }
}
