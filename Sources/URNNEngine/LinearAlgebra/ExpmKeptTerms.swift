import Foundation
import Numerics

// exp(A) now, its Fréchet derivative at the same A later.
//
// A training step computes exp(A) before its forward pass and the gradient L(Aᴴ, G)
// after the backward pass, at the same A. Algorithm 6.4 of Al-Mohy & Higham (see
// ExpmFrechet.swift) evaluates both from one set of terms: the powers A², A⁴, A⁶, the
// Padé polynomials, the LU factors of V − U and the squares of r = (V − U)⁻¹(V + U).
// Keeping them from the first call, the derivative costs 13 + 2s products and one
// pair of triangular solves instead of 19 + 3s products and a factorisation.

/// exp(A), with the terms its Fréchet derivative at A reuses (degree 13; for the
/// smaller norms that take a lower degree the derivative is computed afresh, which is
/// cheap there).
public struct ExpmWithTerms<S: LinearAlgebraScalar> {
    /// exp(A).
    public let exp: DenseMatrix<S>
    private let a: DenseMatrix<S>
    private let terms: Terms?

    /// The degree-13 terms, for c = 2⁻ˢ: cA, (cA)², (cA)⁴, (cA)⁶, W₁, Z₁, W, the LU
    /// factors of V − U, and r, r², …, r^(2^(s−1)).
    private struct Terms {
        let scale: Double
        let a1, a2, a4, a6, w1, z1, w: DenseMatrix<S>
        let factor: DenseMatrix<S>
        let pivots: [Int32]
        let squares: [DenseMatrix<S>]
    }

    /// exp(A), keeping the terms of its evaluation.
    @_specialize(where S == Double)
    @_specialize(where S == Complex<Double>)
    public init(_ a: DenseMatrix<S>) throws {
        guard a.isSquare else { throw LinearAlgebraError.notSquare(operation: "expm", shape: a.shapeDescription) }
        guard a.isFinite else { throw LinearAlgebraError.nonFinite(operation: "expm") }
        let (m, s, powers) = a.rows == 0 ? (3, 0, []) : try frechetDegree(a)
        if m == 13 {
            try self.init(a, squarings: s, powers: powers)
        } else {
            self.init(a: a, exp: try expm(a), terms: nil)
        }
    }

    private init(a: DenseMatrix<S>, exp: DenseMatrix<S>, terms: Terms?) {
        self.a = a
        self.exp = exp
        self.terms = terms
    }

    /// The degree-13 evaluation with s squarings (`frechetDegree`'s choice), from the
    /// unscaled A², A⁴, A⁶ when the choice formed them.
    init(_ a: DenseMatrix<S>, squarings s: Int, powers: [DenseMatrix<S>]) throws {
        self.a = a
        let n = a.rows
        let c = pow(2.0, Double(-s))
        func scaled(_ x: DenseMatrix<S>, _ factor: Double) -> DenseMatrix<S> { factor == 1 ? x : x * S(real: factor) }
        let a1 = scaled(a, c)
        let a2: DenseMatrix<S>, a4: DenseMatrix<S>, a6: DenseMatrix<S>
        if powers.count == 3 {
            a2 = scaled(powers[0], c * c); a4 = scaled(powers[1], pow(c, 4)); a6 = scaled(powers[2], pow(c, 6))
        } else {
            a2 = a1 * a1; a4 = a2 * a2; a6 = a2 * a4
        }
        let b = PadeCoefficients.b13
        var (w1, w, z1, v) = combinations(a6, a4, a2, [b[13], b[11], b[9], b[7], b[5], b[3], b[12], b[10], b[8], b[6], b[4], b[2]])
        for i in 0..<n {
            w[i, i] = w[i, i] + S(real: b[1])
            v[i, i] = v[i, i] + S(real: b[0])
        }
        DenseMatrix.gemm(a6, .none, w1, .none, alpha: .one, beta: .one, into: &w)
        let u = a1 * w
        DenseMatrix.gemm(a6, .none, z1, .none, alpha: .one, beta: .one, into: &v)
        var (factor, r) = padeDenominatorAndNumerator(u: u, v: v)
        guard factor.isFinite, r.isFinite else { throw LinearAlgebraError.nonFinite(operation: "expm") }
        var pivots = [Int32](repeating: 0, count: n)
        let info = factor.elements.withUnsafeMutableBufferPointer { pf in
            pivots.withUnsafeMutableBufferPointer { pp in S.getrf(n: n, pf.baseAddress!, pp.baseAddress!) }
        }
        if info > 0 { throw LinearAlgebraError.singular(operation: "expm") }
        if info < 0 { throw LinearAlgebraError.lapackFailure(routine: "getrf", info: info) }
        Self.solve(factor, pivots, &r)
        var squares = [r]
        for _ in 0..<s { squares.append(squares[squares.count - 1] * squares[squares.count - 1]) }
        exp = squares.removeLast()
        terms = Terms(scale: c, a1: a1, a2: a2, a4: a4, a6: a6, w1: w1, z1: z1, w: w,
                      factor: factor, pivots: pivots, squares: squares)
    }

    /// The Fréchet derivative L(A, E) = d/dt exp(A + tE) at t = 0.
    @_specialize(where S == Double)
    @_specialize(where S == Complex<Double>)
    public func frechet(_ e: DenseMatrix<S>) throws -> DenseMatrix<S> {
        guard e.rows == a.rows && e.cols == a.cols else {
            throw LinearAlgebraError.shapeMismatch(operation: "expm_frechet", lhs: a.shapeDescription, rhs: e.shapeDescription)
        }
        guard let t = terms else { return try expmFrechet(a, e).frechet }
        guard e.isFinite else { throw LinearAlgebraError.nonFinite(operation: "expm_frechet") }
        let n = a.rows
        func productSum(_ p: DenseMatrix<S>, _ q: DenseMatrix<S>, _ r: DenseMatrix<S>, _ s: DenseMatrix<S>) -> DenseMatrix<S> {
            var out = DenseMatrix.product(p, .none, q, .none)
            DenseMatrix.gemm(r, .none, s, .none, alpha: .one, beta: .one, into: &out)
            return out
        }
        // The derivatives of (cA)², (cA)⁴, (cA)⁶ along cE, then of W, U and V (AMH 2009,
        // Algorithm 6.4, lines 12-22, with the terms that do not involve E kept).
        let ec = t.scale == 1 ? e : e * S(real: t.scale)
        let m2 = productSum(t.a1, ec, ec, t.a1)
        let m4 = productSum(t.a2, m2, m2, t.a2)
        let m6 = productSum(t.a4, m2, m4, t.a2)
        let b = PadeCoefficients.b13
        var (lw1, lw, lz1, lv) = combinations(m6, m4, m2, [b[13], b[11], b[9], b[7], b[5], b[3], b[12], b[10], b[8], b[6], b[4], b[2]])
        DenseMatrix.gemm(t.a6, .none, lw1, .none, alpha: .one, beta: .one, into: &lw)
        DenseMatrix.gemm(m6, .none, t.w1, .none, alpha: .one, beta: .one, into: &lw)
        let lu = productSum(t.a1, lw, ec, t.w)
        DenseMatrix.gemm(t.a6, .none, lz1, .none, alpha: .one, beta: .one, into: &lv)
        DenseMatrix.gemm(m6, .none, t.z1, .none, alpha: .one, beta: .one, into: &lv)
        // L = (V − U)⁻¹ ((L_U + L_V) + (L_U − L_V) r), then L ← R L + L R per squaring.
        var rhs = lu, difference = lu
        rhs.elements.withUnsafeMutableBufferPointer { ps in
            difference.elements.withUnsafeMutableBufferPointer { pd in
                lv.elements.withUnsafeBufferPointer { pv in
                    for i in 0..<(n * n) {
                        ps[i] = ps[i] + pv[i]
                        pd[i] = pd[i] - pv[i]
                    }
                }
            }
        }
        let r = t.squares.first ?? exp
        DenseMatrix.gemm(difference, .none, r, .none, alpha: .one, beta: .one, into: &rhs)
        Self.solve(t.factor, t.pivots, &rhs)
        var l = rhs
        for square in t.squares {
            var next = DenseMatrix.product(square, .none, l, .none)
            DenseMatrix.gemm(l, .none, square, .none, alpha: .one, beta: .one, into: &next)
            l = next
        }
        return l
    }

    /// The gradient of Re⟨G, exp(A)⟩ with respect to A: L(Aᴴ, G) = L(A, Gᴴ)ᴴ, since
    /// exp(Xᴴ) = exp(X)ᴴ. The same as `expmFrechetAdjoint(A, G).gradient`.
    // The update rules call this from code generic over the field (a rule is made
    // through the registry's existential): name the specialisations, as `init` does.
    @_specialize(where S == Double)
    @_specialize(where S == Complex<Double>)
    public func adjointGradient(_ g: DenseMatrix<S>) throws -> DenseMatrix<S> {
        try frechet(g.adjoint()).adjoint()
    }

    /// Overwrites `b` with (V − U)⁻¹ b from the LU factors.
    private static func solve(_ factor: DenseMatrix<S>, _ pivots: [Int32], _ b: inout DenseMatrix<S>) {
        let n = factor.rows, cols = b.cols
        _ = factor.elements.withUnsafeBufferPointer { pf in
            pivots.withUnsafeBufferPointer { pp in
                b.elements.withUnsafeMutableBufferPointer { pb in
                    S.getrs(n: n, nrhs: cols, pf.baseAddress!, pp.baseAddress!, pb.baseAddress!)
                }
            }
        }
    }
}
