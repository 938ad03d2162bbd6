import Numerics

/// The spectrum of a model's recurrent matrix: what the seed's argument is about
/// (|λ| = 1 keeps gradients from vanishing or exploding).
public struct SpectrumSummary: Sendable {
    public var eigenvalues: [Complex<Double>]
    public var singularValues: [Double]
    public var unitarityError: Double

    public var moduli: [Double] { eigenvalues.map(\.length) }
    public var spectralRadius: Double { moduli.max() ?? 0 }
    public var minModulus: Double { moduli.min() ?? 0 }
    public var maxModulus: Double { spectralRadius }
    /// The largest distance of an eigenvalue from the unit circle.
    public var unitCircleDeviation: Double { moduli.map { Swift.abs($0 - 1) }.max() ?? 0 }
}

extension RecurrentModel {
    /// Eigenvalues, singular values and unitarity error of W.
    public func spectrum() throws -> SpectrumSummary {
        let w = recurrentMatrix
        return SpectrumSummary(eigenvalues: try w.eigenvalues(), singularValues: try w.singularValues(),
                               unitarityError: try w.unitarityError())
    }

    /// ‖∂L/∂h_t‖_F for t = 1…T on one batch: the picture of vanishing and exploding
    /// gradients. The parameters' gradients are overwritten.
    public func gradientFlow(on batch: SequenceBatch, state: HiddenState? = nil) throws -> [Double] {
        let r = try run(batch, state: state, options: RunOptions(backward: true, recordGradientFlow: true))
        return r.gradientFlow ?? []
    }

    /// Loss and accuracy over `batches`; with `carry`, the hidden state flows from
    /// each batch to the next (a stateful pass over a corpus split).
    public func evaluate(_ batches: [SequenceBatch], carry: Bool = false) throws -> LossSummary {
        var total = LossSummary()
        var state: HiddenState?
        for b in batches {
            let r = try run(b, state: carry ? state : nil, options: RunOptions(backward: false))
            total = total + r.summary
            state = r.finalState
        }
        return total
    }
}
