import Numerics
@testable import URNNEngine

// An independent reference for exp(A): a Taylor series with scaling and squaring,
// evaluated in Float80 (64-bit significand, unit roundoff 5.4e-20, about 2000 times
// finer than Double). It shares no code with the engine's Padé/BLAS path: plain
// loops, a different approximant, a different scaling rule. Its own error after s
// squarings is of order 2^s · n · 5e-20, far below the 1e-13 bar for n ≤ 64 and
// ‖A‖ ≤ 100 (s ≤ 9). The loops are O(n³) in software-visible Float80, so the tests
// use it only up to n = 64.

#if arch(x86_64) || arch(i386)

/// A square matrix in extended precision, column-major; `im` is nil for real matrices.
struct ExtendedMatrix {
    let n: Int
    var re: [Float80]
    var im: [Float80]?

    init(n: Int, complex: Bool) {
        self.n = n
        re = [Float80](repeating: 0, count: n * n)
        im = complex ? [Float80](repeating: 0, count: n * n) : nil
    }

    init<S: TestScalar>(_ a: DenseMatrix<S>) {
        n = a.rows
        re = a.elements.map { Float80($0.realPart) }
        im = S.self == Double.self ? nil : a.elements.map { Float80($0.imaginaryPart) }
    }

    /// Rounds to Double.
    func rounded<S: TestScalar>(to _: S.Type) -> DenseMatrix<S> {
        let im = self.im ?? []
        return DenseMatrix<S>(rows: n, cols: n, elements: (0..<(n * n)).map { k in
            S.embed(Complex(Double(re[k]), im.isEmpty ? 0 : Double(im[k])))
        })
    }

    /// The 1-norm (largest column sum of moduli).
    var oneNorm: Float80 {
        var best: Float80 = 0
        for j in 0..<n {
            var s: Float80 = 0
            for i in 0..<n {
                let r = re[i + j * n], c = im?[i + j * n] ?? 0
                s += (r * r + c * c).squareRoot()
            }
            best = max(best, s)
        }
        return best
    }

    static func * (a: ExtendedMatrix, b: ExtendedMatrix) -> ExtendedMatrix {
        let n = a.n
        var c = ExtendedMatrix(n: n, complex: a.im != nil)
        // C += A(:, k) B(k, j): the inner loop runs down contiguous columns.
        func accumulate(_ x: [Float80], _ y: [Float80], _ sign: Float80, into z: inout [Float80]) {
            x.withUnsafeBufferPointer { px in
                y.withUnsafeBufferPointer { py in
                    z.withUnsafeMutableBufferPointer { pz in
                        for j in 0..<n {
                            for k in 0..<n {
                                let ykj = sign * py[k + j * n]
                                if ykj == 0 { continue }
                                let xk = px.baseAddress! + k * n, zj = pz.baseAddress! + j * n
                                for i in 0..<n { zj[i] += xk[i] * ykj }
                            }
                        }
                    }
                }
            }
        }
        accumulate(a.re, b.re, 1, into: &c.re)
        if let ai = a.im, let bi = b.im, var ci = c.im {
            accumulate(ai, bi, -1, into: &c.re)
            accumulate(a.re, bi, 1, into: &ci)
            accumulate(ai, b.re, 1, into: &ci)
            c.im = ci
        }
        return c
    }
}

/// exp(A) by Taylor series in Float80: scale by 2^-s until ‖A/2^s‖₁ ≤ 1/4, sum the
/// series until a term falls below 1e-22 of the sum (about 14 terms at 1/4), then
/// square s times.
func extendedExpm<S: TestScalar>(_ a: DenseMatrix<S>) -> DenseMatrix<S> {
    var x = ExtendedMatrix(a)
    let n = x.n
    let norm = x.oneNorm
    var s = 0
    while norm / Float80(sign: .plus, exponent: s, significand: 1) > 0.25 { s += 1 }
    let scale = Float80(sign: .plus, exponent: -s, significand: 1)
    x.re = x.re.map { $0 * scale }
    x.im = x.im?.map { $0 * scale }

    var sum = ExtendedMatrix(n: n, complex: x.im != nil)
    for i in 0..<n { sum.re[i + i * n] = 1 }
    var term = sum
    for k in 1...40 {
        term = term * x
        let inv = 1 / Float80(k)
        term.re = term.re.map { $0 * inv }
        term.im = term.im?.map { $0 * inv }
        for e in 0..<(n * n) { sum.re[e] += term.re[e] }
        if let ti = term.im, var si = sum.im {
            for e in 0..<(n * n) { si[e] += ti[e] }
            sum.im = si
        }
        if term.oneNorm <= 1e-22 * sum.oneNorm { break }
    }
    for _ in 0..<s { sum = sum * sum }
    return sum.rounded(to: S.self)
}

#endif
