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
