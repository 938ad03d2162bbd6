import Foundation
import Numerics

/// Initial generators and matrices.
enum RecurrentInit {
    /// A skew-symmetric generator drawn as `kind` says.
    static func skewGenerator(_ kind: GeneratorInit, n: Int, using g: inout SeededGenerator) -> Matrix {
        var a = Matrix(rows: n, cols: n)
        switch kind {
        case .zero:
            break
        case .random:
            let x = Matrix.randomNormal(rows: n, cols: n, std: 1 / Double(n).squareRoot(), using: &g)
            a = (x - x.transposed()) * 0.5
        case .henaff, .cayley:
            for b in stride(from: 0, to: n - 1, by: 2) {
                let s: Double
                if kind == .henaff {
                    s = g.uniform(-Double.pi, Double.pi)
                } else {
                    let u = g.uniform(0, Double.pi / 2)
                    s = -((1 - cos(u)) / (1 + cos(u))).squareRoot()
                }
                a[b, b + 1] = s
                a[b + 1, b] = -s
            }
        }
        return a
    }

    /// A Haar-random orthogonal matrix: Q of the QR factorisation of a Gaussian
    /// matrix, with the signs fixed by R's diagonal (Mezzadri 2007).
    static func orthogonal(n: Int, using g: inout SeededGenerator) throws -> Matrix {
        let x = Matrix.randomNormal(rows: n, cols: n, using: &g)
        return try householderQ(x)
    }

    /// Q of X = QR by Householder reflections, with diag(R) made positive.
    static func householderQ(_ x: Matrix) throws -> Matrix {
        let n = x.rows
        var r = x
        var q = Matrix.identity(n)
        for k in 0..<n {
            var v = [Double](repeating: 0, count: n)
            var norm = 0.0
            for i in k..<n { v[i] = r[i, k]; norm += v[i] * v[i] }
            norm = norm.squareRoot()
            if norm == 0 { continue }
            let alpha = v[k] > 0 ? -norm : norm
            v[k] -= alpha
            let vnorm2 = v.reduce(0) { $0 + $1 * $1 }
            if vnorm2 == 0 { continue }
            // R ← (I − 2vvᵀ/‖v‖²) R, Q ← Q (I − 2vvᵀ/‖v‖²).
            for j in 0..<n {
                var s = 0.0
                for i in k..<n { s += v[i] * r[i, j] }
                s *= 2 / vnorm2
                for i in k..<n { r[i, j] -= s * v[i] }
            }
            for i in 0..<n {
                var s = 0.0
                for l in k..<n { s += q[i, l] * v[l] }
                s *= 2 / vnorm2
                for l in k..<n { q[i, l] -= s * v[l] }
            }
        }
        for j in 0..<n where r[j, j] < 0 {
            for i in 0..<n { q[i, j] = -q[i, j] }
        }
        return q
    }
}

/// Initial skew-Hermitian generators, as `GeneratorInit` says.
enum ComplexInit {
    /// - henaff: 2x2 rotation blocks with angles U(−π, π) (Henaff et al. 2016) and a
    ///   random phase iφ_k, φ_k ~ U(−π, π), on every diagonal entry: W is block
    ///   diagonal with blocks of the form diag(e^{iφ}) times a rotation.
    /// - cayley: the real Cayley blocks of expRNN (−tan(u/2), u ~ U(0, π/2)) and no
    ///   phases: a real orthogonal start inside the unitary group.
    /// - random: the skew-Hermitian part of a complex Gaussian with E|x|² = 1/H.
    /// - zero: A = 0, W = I.
    static func skewHermitianGenerator(_ kind: GeneratorInit, n: Int, using g: inout SeededGenerator) -> ComplexMatrix {
        switch kind {
        case .zero:
            return ComplexMatrix(rows: n, cols: n)
        case .random:
            let x = ComplexMatrix.randomNormal(rows: n, cols: n, std: 1 / Double(n).squareRoot(), using: &g)
            return ComplexMatrix(rows: n, cols: n) { i, j in (x[i, j] - x[j, i].conjugate) * Complex(0.5) }
        case .henaff, .cayley:
            // The real blocks come from the real initialiser, so the two fields draw
            // the same rotations from the same seed.
            var a = ComplexMatrix(real: RecurrentInit.skewGenerator(kind, n: n, using: &g))
            if kind == .henaff {
                for i in 0..<n { a[i, i] = Complex(0, g.uniform(-Double.pi, Double.pi)) }
            }
            return a
        }
    }
}
