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
/// Shapes: B batch, T steps, H hidden, I inputs, K outputs. Z is H x T·B (complex) and the
/// states h_0…h_T are H x (T+1)·B, column t·B + b for step t of sequence b, held as their
/// interleaved doubles (a real 2H x (T+1)·B matrix that the read-out takes as it is).
final class ComplexUnitaryRNN: RecurrentModel {
    let config: ModelConfig
    var threads = Parallelism.defaultThreads {
        didSet { recurrence.threads = threads }
    }
    let recurrence: ComplexRecurrence
    let input: InputProjection      // U (H x I complex) and b (H complex), interleaved
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
            recurrence = try ExpRecurrence(generator: a, rule: config.rule)
        }
        // Glorot-uniform in each part: E|u|² = 2/(I + H), the variance of the real model's U.
        let uScale = (3.0 / Double(i + h)).squareRoot()
        input = InputProjection(
            weights: Parameter(name: "U", rows: h, cols: i, isComplex: true,
                               value: (0..<(2 * h * i)).map { _ in g.uniform(-uScale, uScale) }),
            bias: Parameter(name: "b", rows: h, cols: 1, isComplex: true, value: [Double](repeating: 0, count: 2 * h)),
            rows: 2 * h, inputs: i, symbolInputs: config.symbolInputs)
        activationBias = config.activation.hasBias
            ? Parameter(name: "b_mod", rows: h, cols: 1, value: [Double](repeating: 0, count: h)) : nil
        readOut = ReadOut(glorotOutputs: k, features: 2 * h, using: &g)
    }

    var parameters: [Parameter] {
        recurrence.parameters + [input.weights, input.bias] + (activationBias.map { [$0] } ?? []) + [readOut.weights, readOut.bias]
    }

    var recurrentMatrix: RecurrentMatrix { .complex(recurrence.matrix) }
    var generator: RecurrentMatrix? { recurrence.generator.map { .complex($0) } }

    func parametersDidChange() throws { try recurrence.refresh() }
    func applyRecurrentRules(learningRate: Double) throws { try recurrence.applyRule(learningRate: learningRate) }

    /// The gradients and measurements of one pass over part of a batch.
    private struct Pass {
        var readOut: ReadOut.Result
        var finalState: ComplexMatrix
        var recurrence: [Double] = []
        var du: [Double] = [], db: [Double] = [], dModBias: [Double] = []
        var flowSquares: [Double] = []
    }

    func run(_ batch: SequenceBatch, state: HiddenState?, options: RunOptions) throws -> RunResult {
        let h = config.hidden, b = batch.batchSize
        guard batch.steps > 0, b > 0 else { throw ModelError.shape("empty batch") }
        var h0: ComplexMatrix?
        if let state {
            guard case .complex(let m) = state, m.rows == h, m.cols == b else {
                throw ModelError.shape("carried state does not match a complex H=\(h), B=\(b)")
            }
            h0 = m
        }
        let normalizer = batch.lossPositions
        let stateReadOut = interleavedReadOut()
        let (passes, summary) = try Parallelism.runParts(batch, threads: threads, keepOutputs: options.keepOutputs,
                                                         summary: \.readOut.summary) { part, range in
            try pass(part, h0: h0?.columns(range), readOut: stateReadOut, options: options, normalizer: normalizer)
        }
        let finalState = HiddenState.complex(ComplexMatrix.concatenatingColumns(passes.map(\.finalState)))
        if options.backward { try setGradients(passes) }
        // ‖ĝ_h‖_F is the norm of the real gradient over (Re h, Im h).
        return RunResult(summary: summary, finalState: finalState, flowSquares: passes.map(\.flowSquares),
                         options: options, outputs: passes[0].readOut.outputs)
    }

    /// The parameters' gradients from the parts' (the recurrence turns its summed part
    /// into its parameters' once).
    private func setGradients(_ passes: [Pass]) throws {
        try recurrence.setGradient(summing: passes.map(\.recurrence))
        input.weights.gradient = summed(passes.map(\.du))
        input.bias.gradient = summed(passes.map(\.db))
        activationBias?.gradient = summed(passes.map(\.dModBias))
        readOut.weights.gradient = deinterleavedColumns(summed(passes.map(\.readOut.weightGradient)))
        readOut.bias.gradient = summed(passes.map(\.readOut.biasGradient))
    }

    /// The read-out y = V [Re h; Im h] + c as the same map on the interleaved doubles
    /// (Re h_1, Im h_1, …, Re h_H, Im h_H) of a complex state: V with its columns r and
    /// H + r moved to 2r and 2r + 1. The states are stored that way, so the features are
    /// the states themselves and ∂L/∂F is ĝ_h itself, with no conversion either way.
    private func interleavedReadOut() -> ReadOut {
        let h = config.hidden, k = readOut.outputs
        var v = [Double](repeating: 0, count: k * 2 * h)
        readOut.weights.value.withUnsafeBufferPointer { pv in
            for r in 0..<h {
                for o in 0..<k {
                    v[2 * r * k + o] = pv[r * k + o]
                    v[(2 * r + 1) * k + o] = pv[(h + r) * k + o]
                }
            }
        }
        return ReadOut(weights: Parameter(name: "V", rows: k, cols: 2 * h, value: v), bias: readOut.bias)
    }

    /// ∂L/∂V from the gradient of the interleaved read-out's weights.
    private func deinterleavedColumns(_ g: [Double]) -> [Double] {
        let h = config.hidden, k = readOut.outputs
        var v = [Double](repeating: 0, count: g.count)
        for r in 0..<h {
            for o in 0..<k {
                v[r * k + o] = g[2 * r * k + o]
                v[(h + r) * k + o] = g[(2 * r + 1) * k + o]
            }
        }
        return v
    }

    /// Forward and backward over B sequences (a whole batch or one thread's part).
    private func pass(_ batch: SequenceBatch, h0: ComplexMatrix?, readOut: ReadOut, options: RunOptions,
                      normalizer: Int) throws -> Pass {
        let h = config.hidden, steps = batch.steps, b = batch.batchSize, hb = h * b
        let act = config.activation
        let modBias = activationBias?.value ?? []
        let cell = try recurrence.makePass(columns: b)

        // Z = U X + b over all steps.
        var z = ComplexMatrix(rows: h, cols: steps * b, elements: try input.project(batch.input, steps: steps, batch: b))
        // States h_0…h_T: h_t = act(Z_t + W h_{t−1}), stored as interleaved doubles (a real
        // 2H x (T+1)·B matrix, see `interleavedReadOut`).
        // The long arrays come from ScratchArrays and go back to it at the end.
        var states = Matrix(rows: 2 * h, cols: (steps + 1) * b, elements: ScratchArrays.take(2 * h * (steps + 1) * b, zeroed: false))
        defer { ScratchArrays.give(&states.elements) }
        try states.elements.withUnsafeMutableBufferPointer { psd in
            let ps = complexes(psd.baseAddress!)
            if let h0 {
                h0.elements.withUnsafeBufferPointer { ps.update(from: $0.baseAddress!, count: hb) }
            } else {
                ps.update(repeating: .zero, count: hb)
            }
            try z.elements.withUnsafeMutableBufferPointer { pz in
                try modBias.withUnsafeBufferPointer { pm in
                    for t in 0..<steps {
                        try cell.multiply(ps + t * hb, into: pz.baseAddress! + t * hb, accumulate: true)
                        act.forwardComplex(pz.baseAddress! + t * hb, into: ps + (t + 1) * hb,
                                           rows: h, cols: b, bias: pm.isEmpty ? nil : pm.baseAddress)
                    }
                }
            }
        }
        let finalState = ComplexMatrix(rows: h, cols: b,
                                       elements: complexValues(Array(states.elements[(2 * steps * hb)...])))
        let out = try readOut.loss(features: states, columnOffset: b, steps: steps, batch: b, target: batch.target,
                                   backward: options.backward, normalizer: normalizer,
                                   keepOutputs: options.keepOutputs)
        var result = Pass(readOut: out, finalState: finalState)
        guard options.backward, var dFeatures = out.featureGradient else {
            ScratchArrays.give(&z.elements)
            return result
        }
        result.readOut.featureGradient = nil
        defer { ScratchArrays.give(&dFeatures.elements) }

        // Backward through time, ĝ_h = ∂L/∂Re h + i ∂L/∂Im h (∂L/∂F read as complex values):
        // ĝ_{z_t} = act'(ĝ_{h_t}), ĝ_{h_{t−1}} += Wᴴ ĝ_{z_t}. dz overwrites z step by step
        // (z_t is last read by the backward of step t).
        var dh = [Complex<Double>](repeating: .zero, count: hb)
        var flow = GradientFlowRecord(steps: steps, options: options)
        var dModBias = [Double](repeating: 0, count: h)
        // ∂L/∂b and, for symbol inputs, ∂L/∂U (a column per symbol) are summed step by
        // step while ĝ_{z_t} is in cache, not in sweeps over the whole T·B-wide array.
        var db = [Double](repeating: 0, count: 2 * h)
        let symbols: [[Int]]? = if case .symbols(let s) = batch.input { s } else { nil }
        var du = [Double](repeating: 0, count: symbols == nil ? 0 : 2 * h * config.inputSize)
        try z.elements.withUnsafeMutableBufferPointer { pz in
            try dh.withUnsafeMutableBufferPointer { pdh in
                try dFeatures.elements.withUnsafeBufferPointer { po in
                    try states.elements.withUnsafeBufferPointer { psd in
                        let ps = complexes(psd.baseAddress!)
                        try modBias.withUnsafeBufferPointer { pm in
                            try dModBias.withUnsafeMutableBufferPointer { pdm in
                                try db.withUnsafeMutableBufferPointer { pdb in
                                    try du.withUnsafeMutableBufferPointer { pdu in
                                        let dhd = reals(pdh.baseAddress!)
                                        for t in stride(from: steps - 1, through: 0, by: -1) {
                                            flow.addReadOutGradient(dhd, po.baseAddress! + 2 * t * hb, count: 2 * hb, step: t)
                                            let zt = pz.baseAddress! + t * hb
                                            act.backwardComplex(z: zt, h: ps + (t + 1) * hb, dh: pdh.baseAddress!,
                                                                into: zt, rows: h, cols: b,
                                                                bias: pm.isEmpty ? nil : pm.baseAddress, biasGradient: pdm.baseAddress!)
                                            input.addStepGradient(reals(zt), symbols: symbols?[t], batch: b,
                                                                  weights: pdu.baseAddress!, bias: pdb.baseAddress!)
                                            let truncated = options.truncation.map { $0 > 0 && t % $0 == 0 } ?? false
                                            try cell.backward(zt, input: ps + t * hb,
                                                              into: truncated ? nil : pdh.baseAddress!)
                                            if truncated { for k in 0..<hb { pdh[k] = .zero } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var dz = z
        z = ComplexMatrix(rows: 0, cols: 0)  // dz now holds the only reference
        defer { ScratchArrays.give(&dz.elements) }
        result.recurrence = try dz.elements.withUnsafeBufferPointer { pdz in
            try states.elements.withUnsafeBufferPointer { psd in
                try cell.gradientPart(outputs: pdz.baseAddress!, inputs: complexes(psd.baseAddress!), steps: steps)
            }
        }
        result.db = db
        result.dModBias = activationBias == nil ? [] : dModBias
        if case .dense(let xs) = batch.input {
            du = try dz.elements.withUnsafeBufferPointer { try input.denseWeightGradient(xs, dz: reals($0.baseAddress!), batch: b) }
        }
        result.du = du
        result.flowSquares = flow.squares
        return result
    }
}
