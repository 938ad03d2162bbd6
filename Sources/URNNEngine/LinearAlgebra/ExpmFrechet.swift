import Foundation
import Numerics

// The Fréchet derivative of the matrix exponential and its adjoint.
//
// Reference: A. H. Al-Mohy and N. J. Higham, "Computing the Fréchet derivative of
// the matrix exponential, with an application to condition number estimation",
// SIMAX 30(4), 2009, Algorithm 6.4. The Padé approximant r_m(A) = (V−U)⁻¹(V+U) is
// differentiated term by term along E, so one LU factorisation of V−U serves both
// exp(A) and L(A, E); the squaring phase differentiates R ← R² as L ← RL + LR. The
// degree-13 evaluation, with scaling and squaring, is `ExpmWithTerms`
// (ExpmKeptTerms.swift), which training also uses to keep the terms between the two.

/// ℓ_m: the largest ‖A‖₁ for which the degree-m approximant of both exp(A) and
/// L(A, E) is accurate to double precision without scaling (AMH 2009, Table 6.1).
private let frechetEll: [Int: Double] = [3: 1.08e-2, 5: 2.00e-1, 7: 7.83e-1, 9: 1.78, 13: 4.74]

/// exp(A) and the Fréchet derivative L(A, E) = d/dt exp(A + tE) at t = 0.
@_specialize(where S == Double)
@_specialize(where S == Complex<Double>)
public func expmFrechet<S: LinearAlgebraScalar>(_ a: DenseMatrix<S>, _ e: DenseMatrix<S>) throws
    -> (exp: DenseMatrix<S>, frechet: DenseMatrix<S>)
{
    guard a.isSquare else { throw LinearAlgebraError.notSquare(operation: "expm_frechet", shape: a.shapeDescription) }
    guard e.rows == a.rows && e.cols == a.cols else {
        throw LinearAlgebraError.shapeMismatch(operation: "expm_frechet", lhs: a.shapeDescription, rhs: e.shapeDescription)
    }
    guard a.isFinite && e.isFinite else { throw LinearAlgebraError.nonFinite(operation: "expm_frechet") }
    let n = a.rows
    if n == 0 { return (a, e) }

    let (m, s, powers) = try frechetDegree(a)
    if m == 13 {
        // Degree 13 (with scaling) is `ExpmWithTerms`: exp(A) first, then L(A, E) from its terms.
        let kept = try ExpmWithTerms(a, squarings: s, powers: powers)
        return (kept.exp, try kept.frechet(e))
    }
    // Below degree 13 there is no scaling (s = 0).
    let terms = differentiatedPade(a, e, m: m, knownPowers: powers)

    // V − U (to factor once for both solves), U + V, L_U + L_V and L_U − L_V, in one pass.
    var factor = DenseMatrix<S>(rows: n, cols: n), r = factor, rhs = factor, lDiff = factor
    factor.elements.withUnsafeMutableBufferPointer { pf in
        r.elements.withUnsafeMutableBufferPointer { pr in
            rhs.elements.withUnsafeMutableBufferPointer { ps in
                lDiff.elements.withUnsafeMutableBufferPointer { pd in
                    for i in 0..<(n * n) {
                        let u = terms.u.elements[i], v = terms.v.elements[i]
                        let lu = terms.lu.elements[i], lv = terms.lv.elements[i]
                        pf[i] = v - u; pr[i] = u + v; ps[i] = lu + lv; pd[i] = lu - lv
                    }
                }
            }
        }
    }
    var ipiv = [Int32](repeating: 0, count: n)
    let info = factor.elements.withUnsafeMutableBufferPointer { pf in
        ipiv.withUnsafeMutableBufferPointer { pp in S.getrf(n: n, pf.baseAddress!, pp.baseAddress!) }
    }
    if info > 0 { throw LinearAlgebraError.singular(operation: "expm_frechet") }
    if info < 0 { throw LinearAlgebraError.lapackFailure(routine: "getrf", info: info) }
    /// Overwrites `b` with (V − U)⁻¹ b.
    func solveFactored(_ b: inout DenseMatrix<S>) {
        let cols = b.cols
        _ = factor.elements.withUnsafeBufferPointer { pf in
            ipiv.withUnsafeBufferPointer { pp in
                b.elements.withUnsafeMutableBufferPointer { pb in
                    S.getrs(n: n, nrhs: cols, pf.baseAddress!, pp.baseAddress!, pb.baseAddress!)
                }
            }
        }
    }

    solveFactored(&r)
    DenseMatrix.gemm(lDiff, .none, r, .none, alpha: .one, beta: .one, into: &rhs)
    solveFactored(&rhs)
    return (r, rhs)
}

/// The Padé degree m and the squarings s that Algorithm 6.4 takes for A, with the
/// unscaled A², A⁴, A⁶ when they were formed to choose them (else none).
///
/// For a skew-Hermitian A, m and s come from a bound on ‖A‖₂ (the analysis of ℓ_m
/// holds in any consistent norm; see `skewTwoNormBound`), which needs the unscaled
/// powers; otherwise from ‖A‖₁, and the powers are formed later from the scaled A, so
/// that no power of a matrix with a huge norm overflows.
func frechetDegree<S: LinearAlgebraScalar>(_ a: DenseMatrix<S>) throws -> (m: Int, s: Int, powers: [DenseMatrix<S>]) {
    let norm1 = a.oneNorm
    if let m = [3, 5, 7, 9].first(where: { norm1 <= frechetEll[$0]! }) { return (m, 0, []) }
    guard norm1.isFinite else {
        throw LinearAlgebraError.nonFinite(operation: "expm_frechet (the matrix's norm overflows)")
    }
    var bound = norm1
    var powers: [DenseMatrix<S>] = []
    if a.isExactlySkewHermitian {
        let a2 = a * a, a4 = a2 * a2
        powers = [a2, a4, a4 * a2]
        let norms = powers.map(\.oneNorm)
        guard norms.allSatisfy(\.isFinite) else {
            throw LinearAlgebraError.nonFinite(operation: "expm_frechet (the matrix is so large that its powers overflow)")
        }
        bound = skewTwoNormBound(oneNorm: norm1, evenPowerNorms: norms)
    }
    if let m = [5, 7, 9].first(where: { bound <= frechetEll[$0]! }) { return (m, 0, powers) }
    let s = Swift.min(Swift.max(0, Int(log2(bound / frechetEll[13]!).rounded(.up))), 1100)
    return (13, s, powers)
}

/// The gradient of f(A) = Re⟨G, exp(A)⟩ with respect to A, which is the adjoint of the
/// Fréchet derivative applied to G: L(Aᴴ, G) (Aᵀ for real A). Returns exp(A) as well,
/// read off the same computation (exp(Aᴴ) = exp(A)ᴴ), so a training step pays for
/// one Padé evaluation, not two.
@_specialize(where S == Double)
@_specialize(where S == Complex<Double>)
public func expmFrechetAdjoint<S: LinearAlgebraScalar>(_ a: DenseMatrix<S>, _ g: DenseMatrix<S>) throws
    -> (exp: DenseMatrix<S>, gradient: DenseMatrix<S>)
{
    let (expAH, l) = try expmFrechet(a.adjoint(), g)
    return (expAH.adjoint(), l)
}

/// U, V and their derivatives L_U, L_V along E for the degree-m approximant, m ≤ 9;
/// `knownPowers` are A², A⁴, … already formed (as many as the caller has).
private func differentiatedPade<S: LinearAlgebraScalar>(_ a: DenseMatrix<S>, _ e: DenseMatrix<S>, m: Int,
                                                        knownPowers: [DenseMatrix<S>] = [])
    -> (u: DenseMatrix<S>, v: DenseMatrix<S>, lu: DenseMatrix<S>, lv: DenseMatrix<S>)
{
    let b = PadeCoefficients.table(m).map { S(real: $0) }
    let n = a.rows
    // Even powers A^(2k) and their derivatives M_(2k), from
    // M_(2(i+j)) = A_(2i) M_(2j) + M_(2i) A_(2j).
    let a2 = knownPowers.first ?? a * a
    var m2 = DenseMatrix.product(a, .none, e, .none)
    DenseMatrix.gemm(e, .none, a, .none, alpha: .one, beta: .one, into: &m2)
    var powers = [a2], derivs = [m2]
    while powers.count < (m - 1) / 2 {
        let k = powers.count  // next power is A^(2(k+1))
        let i = (k + 1) / 2, j = k + 1 - i  // split 2(k+1) = 2i + 2j, with i, j ≥ 1
        let ai = powers[i - 1], aj = powers[j - 1], mi = derivs[i - 1], mj = derivs[j - 1]
        powers.append(k < knownPowers.count ? knownPowers[k] : ai * aj)
        var mk = DenseMatrix.product(ai, .none, mj, .none)
        DenseMatrix.gemm(mi, .none, aj, .none, alpha: .one, beta: .one, into: &mk)
        derivs.append(mk)
    }
    var odd = DenseMatrix<S>.identity(n) * b[1], even = DenseMatrix<S>.identity(n) * b[0]
    var oddDeriv = DenseMatrix<S>(rows: n, cols: n), evenDeriv = DenseMatrix<S>(rows: n, cols: n)
    for k in 0..<powers.count {
        odd.add(powers[k], scaledBy: b[2 * k + 3]); even.add(powers[k], scaledBy: b[2 * k + 2])
        oddDeriv.add(derivs[k], scaledBy: b[2 * k + 3]); evenDeriv.add(derivs[k], scaledBy: b[2 * k + 2])
    }
    let u = a * odd
    var lu = DenseMatrix.product(a, .none, oddDeriv, .none)
    DenseMatrix.gemm(e, .none, odd, .none, alpha: .one, beta: .one, into: &lu)
    return (u, even, lu, evenDeriv)
}
