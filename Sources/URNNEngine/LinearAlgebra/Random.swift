import Numerics

/// The engine's pseudo-random generator: xoshiro256** (Blackman & Vigna 2018),
/// seeded through SplitMix64. It uses only integer arithmetic, so one seed gives
/// the same stream on every machine; normal deviates use the Marsaglia polar
/// method (one `log` and one `sqrt` per pair). Its whole state is four words,
/// saved in checkpoints so that training resumes exactly.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable, Codable {
    public private(set) var state: [UInt64]
    private var spareNormal: Double?

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        var z = seed
        var s: [UInt64] = []
        for _ in 0..<4 {
            // SplitMix64 step.
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            s.append(x ^ (x >> 31))
        }
        state = s
    }

    /// Restores a generator from a saved `state` (four words).
    public init(state: [UInt64]) {
        precondition(state.count == 4)
        self.state = state
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = SeededGenerator.rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = SeededGenerator.rotl(state[3], 45)
        return result
    }

    /// Uniform on [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform on [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Uniform integer in 0..<n (unbiased, Lemire's method via the standard library).
    public mutating func int(below n: Int) -> Int { Int.random(in: 0..<n, using: &self) }

    /// A standard normal deviate.
    public mutating func normal() -> Double {
        if let s = spareNormal { spareNormal = nil; return s }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * Double.log(s) / s).squareRoot()
                spareNormal = v * f
                return u * f
            }
        }
    }

    /// A uniformly random permutation of 0..<n (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n < 2 { return p }
        for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, int(below: i + 1)) }
        return p
    }
}

extension DenseMatrix where Scalar == Double {
    /// Entries drawn from N(0, std²).
    public static func randomNormal(rows: Int, cols: Int, std: Double = 1, using g: inout SeededGenerator) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for k in 0..<m.count { m.elements[k] = std * g.normal() }
        return m
    }

    /// Entries drawn from U(a, b).
    public static func randomUniform(rows: Int, cols: Int, _ a: Double = 0, _ b: Double = 1, using g: inout SeededGenerator) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for k in 0..<m.count { m.elements[k] = g.uniform(a, b) }
        return m
    }
}

extension DenseMatrix where Scalar == Complex<Double> {
    /// Entries with independent N(0, std²/2) real and imaginary parts (E|z|² = std²).
    public static func randomNormal(rows: Int, cols: Int, std: Double = 1, using g: inout SeededGenerator) -> ComplexMatrix {
        var m = ComplexMatrix(rows: rows, cols: cols)
        let s = std / 2.0.squareRoot()
        for k in 0..<m.count { m.elements[k] = Complex(s * g.normal(), s * g.normal()) }
        return m
    }
}

extension DenseMatrix {
    /// The skew-symmetric (real) or skew-Hermitian (complex) part, (X − Xᴴ)/2: the
    /// orthogonal projection onto the Lie algebra whose exponentials are unitary.
    public func skewPart() throws -> DenseMatrix {
        guard isSquare else { throw LinearAlgebraError.notSquare(operation: "skew", shape: shapeDescription) }
        var r = self
        let half = Scalar(real: 0.5)
        for j in 0..<cols {
            for i in 0..<rows { r[i, j] = half * (self[i, j] - self[j, i].conjugated) }
        }
        return r
    }
}

/// (X − Xᵀ)/2 for a real square X.
public func skew(_ x: Matrix) throws -> Matrix { try x.skewPart() }
/// (X − Xᴴ)/2 for a complex square X.
public func skewHermitian(_ x: ComplexMatrix) throws -> ComplexMatrix { try x.skewPart() }
