/// How a unitary (orthogonal) recurrent matrix is updated from the gradient G = ∂L/∂W.
/// With M = G Wᴴ − W Gᴴ (skew-Hermitian: the Riemannian gradient moved to the
/// identity):
public enum UpdateRule: String, Sendable, Codable, CaseIterable {
    /// W = exp(A); the exact gradient ∂L/∂A through the exponential (the adjoint of
    /// its Fréchet derivative), then the optimizer on A (expRNN, Lezcano-Casado &
    /// Martínez-Rubio 2019).
    case exact
    /// The seed document's rule with the sign for descent: A ← A − lr M, W = exp(A).
    case seed
    /// Full-capacity uRNN (Wisdom et al. 2016): W ← (I + lr/2 M)⁻¹ (I − lr/2 M) W.
    case cayley
    /// A step along the geodesic: W ← exp(−lr M) W.
    case geodesic
    /// Plain gradient steps on W from a unitary start, no constraint: the control
    /// that shows unitarity drifting.
    case free
}

/// How the generator A of W = exp(A) starts.
public enum GeneratorInit: String, Sendable, Codable, CaseIterable {
    /// Block-diagonal 2x2 rotation generators with angles U(−π, π) (Henaff et al. 2016).
    case henaff
    /// Block-diagonal generators with entries −tan(u/2), u ~ U(0, π/2), as expRNN's
    /// Cayley initialisation.
    case cayley
    /// The skew part of a Gaussian matrix with entries N(0, 1/H).
    case random
    /// A = 0, so W = I.
    case zero
}
