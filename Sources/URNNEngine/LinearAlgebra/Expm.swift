import Foundation
import Numerics

// The matrix exponential by scaling and squaring with Padé approximants.
//
// References: N. J. Higham, "The scaling and squaring method for the matrix
// exponential revisited", SIMAX 26(4), 2005 (degrees 3/5/7/9/13, the θ_m bounds,
// the Padé coefficients); A. H. Al-Mohy and N. J. Higham, "A new scaling and
// squaring algorithm for the matrix exponential", SIMAX 31(3), 2009 (choosing the
// degree from d_k = ‖A^k‖^(1/k) rather than ‖A‖, and the ℓ correction that stops
// over-scaling for non-normal matrices).
//
// The public generic entry points carry @_specialize for Double and Complex<Double>:
// a caller in another module sees only the generic entry point, and without these
// it would run every element operation through the protocol witness table (about
// 4x slower at n = 64; see docs/performance.md).

/// Coefficients b_0…b_m of the degree-m diagonal Padé approximant of exp.
enum PadeCoefficients {
    static let b3: [Double] = [120, 60, 12, 1]
    static let b5: [Double] = [30240, 15120, 3360, 420, 30, 1]
    static let b7: [Double] = [17_297_280, 8_648_640, 1_995_840, 277_200, 25200, 1512, 56, 1]
    static let b9: [Double] = [17_643_225_600, 8_821_612_800, 2_075_673_600, 302_702_400, 30_270_240,
                               2_162_160, 110_880, 3960, 90, 1]
    static let b13: [Double] = [64_764_752_532_480_000, 32_382_376_266_240_000, 7_771_770_303_897_600,
                                1_187_353_796_428_800, 129_060_195_264_000, 10_559_470_521_600,
                                670_442_572_800, 33_522_128_640, 1_323_241_920, 40_840_800, 960_960,
                                16380, 182, 1]
    static func table(_ m: Int) -> [Double] {
        switch m {
        case 3: return b3
        case 5: return b5
        case 7: return b7
        case 9: return b9
        default: return b13
        }
    }
}

/// θ_m: the largest d for which the degree-m approximant meets double-precision
/// backward error without scaling (Al-Mohy & Higham 2009, Table 3.1).
enum ExpmTheta {
    static let theta3 = 1.495585217958292e-2
    static let theta5 = 2.539398330063230e-1
    static let theta7 = 9.504178996162932e-1
    static let theta9 = 2.097847961257068e0
    static let theta13 = 4.25
}

/// Reciprocals of the leading coefficient of the Padé remainder, |c_{2m+1}|⁻¹,
/// used by the ℓ correction.
private func remainderCoefficientReciprocal(_ m: Int) -> Double {
    switch m {
    case 3: return 100_800
    case 5: return 10_059_033_600
    case 7: return 4_487_938_430_976_000
    case 9: return 5.914_384_781_877_411_84e21
    default: return 1.132_507_756_060_211_134_832_836_608e35
    }
}

extension DenseMatrix {
    /// ‖ |A|^p ‖₁ computed exactly with p vector–matrix products on |A| (no matrix powers).
    func absolutePowerOneNorm(_ p: Int) -> Double {
        let n = rows
        let absA = Matrix(rows: n, cols: n, elements: elements.map(\.modulus))
        var v = [Double](repeating: 1, count: n)
        // ‖M‖₁ for a non-negative M is the largest entry of 1ᵀ M.
        for _ in 0..<p { v = absA.apply(v, .transpose) }
        return v.max() ?? 0
    }

    /// ℓ(A, m): extra squarings needed so that the truncation error of the degree-m
    /// approximant, bounded through ‖ |A|^(2m+1) ‖, stays below the unit roundoff
    /// (Al-Mohy & Higham 2009, eq. (5.1)).
    func expmEll(_ m: Int) -> Int {
        let p = 2 * m + 1
        let absNorm = absolutePowerOneNorm(p)
        if absNorm == 0 { return 0 }
        let alpha = absNorm / (oneNorm * remainderCoefficientReciprocal(m))
        let u = 0x1p-53
        let value = (log2(alpha / u) / Double(2 * m)).rounded(.up)
        // Overflow in |A|^p makes alpha infinite: ask for the most squarings there are.
        guard value.isFinite else { return value > 0 ? 1100 : 0 }
        return Swift.min(Swift.max(Int(value), 0), 1100)
    }
}

extension DenseMatrix {
    /// Whether Aᴴ = −A holds exactly: A is skew-symmetric (real) or skew-Hermitian
    /// (complex), the generators whose exponentials are orthogonal or unitary.
    var isExactlySkewHermitian: Bool {
        guard isSquare else { return false }
        let n = rows
        return elements.withUnsafeBufferPointer { p in
            for j in 0..<n {
                for i in 0...j where p[i + j * n] + p[j + i * n].conjugated != .zero { return false }
            }
            return true
        }
    }
}

// Scaling a skew-Hermitian A by its 2-norm.
//
// The backward-error bounds behind θ_m (Higham 2005, §2; AMH 2009, §3) and behind the
// ℓ_m of the Fréchet derivative (Al-Mohy & Higham, SIMAX 30(4), 2009, §6) hold in any
// consistent matrix norm: they bound a power series in X by the same series in ‖X‖.
// The 1-norm is used because it is cheap, but a skew-Hermitian A is normal, so
// ‖A^k‖₂ = ‖A‖₂^k, and each even power A^(2k) is Hermitian, so ‖A^(2k)‖₂ ≤ ‖A^(2k)‖₁.
// Hence ‖A‖₂ ≤ ‖A^(2k)‖₁^(1/(2k)) for every k, and the norms of A², A⁴, A⁶, which the
// degree-13 approximant forms anyway, give a bound on ‖A‖₂ that is often several
// times below ‖A‖₁ (about √n/2.5 for a random skew matrix): fewer squarings for the
// same backward error, in the norm the analysis is then carried out in.

/// The smallest bound on ‖A‖₂ that ‖A‖₁ and the 1-norms of the even powers give, for a
/// skew-Hermitian A; `evenPowerNorms[k]` is ‖A^(2k+2)‖₁.
func skewTwoNormBound(oneNorm: Double, evenPowerNorms: [Double]) -> Double {
    var bound = oneNorm
    for (k, norm) in evenPowerNorms.enumerated() { bound = Swift.min(bound, pow(norm, 1 / Double(2 * k + 2))) }
    return bound
}

/// The matrix exponential exp(A) of a real or complex square matrix.
///
/// Chooses the Padé degree m ∈ {3, 5, 7, 9, 13} and the number of squarings s from
/// d_k = ‖A^k‖₁^(1/k), which can be far smaller than ‖A‖₁ for non-normal A; the
/// norms of A⁸ and A¹⁰ are bounded by products of the norms of the powers already
/// formed (A², A⁴, A⁶), which can only over-estimate, never under-scale. For an
/// exactly skew-symmetric or skew-Hermitian A, m and s come from a bound on ‖A‖₂
/// instead (see `skewTwoNormBound`).
@_specialize(where S == Double)
@_specialize(where S == Complex<Double>)
public func expm<S: LinearAlgebraScalar>(_ a: DenseMatrix<S>) throws -> DenseMatrix<S> {
    guard a.isSquare else { throw LinearAlgebraError.notSquare(operation: "expm", shape: a.shapeDescription) }
    guard a.isFinite else { throw LinearAlgebraError.nonFinite(operation: "expm") }
    let n = a.rows
    if n == 0 { return a }
    if a.elements.allSatisfy({ $0 == .zero }) { return .identity(n) }
    if a.isExactlySkewHermitian { return try skewExpm(a) }

    let a2 = a * a
    let n2 = a2.oneNorm
    // ‖A⁴‖^(1/4) and ‖A⁶‖^(1/6) are both at most ‖A²‖^(1/2).
    if n2.squareRoot() <= ExpmTheta.theta3 && a.expmEll(3) == 0 {
        return try padeSolve(pade(a, [a2], m: 3))
    }
    let a4 = a2 * a2
    let a6 = a4 * a2
    let n4 = a4.oneNorm, n6 = a6.oneNorm
    let d4 = pow(n4, 1.0 / 4), d6 = pow(n6, 1.0 / 6)
    let eta2 = Swift.max(d4, d6)
    if eta2 <= ExpmTheta.theta5 && a.expmEll(5) == 0 {
        return try padeSolve(pade(a, [a2, a4], m: 5))
    }
    let d8 = Swift.min(d4, pow(n6 * n2, 1.0 / 8))
    let eta3 = Swift.max(d6, d8)
    if eta3 <= ExpmTheta.theta7 && a.expmEll(7) == 0 {
        return try padeSolve(pade(a, [a2, a4, a6], m: 7))
    }
    if eta3 <= ExpmTheta.theta9 && a.expmEll(9) == 0 {
        let a8 = a4 * a4
        return try padeSolve(pade(a, [a2, a4, a6, a8], m: 9))
    }
    let d10 = Swift.min(pow(n6 * n4, 1.0 / 10), pow(n4 * n4 * n2, 1.0 / 10))
    let eta5 = Swift.min(eta3, Swift.max(d8, d10))
    // Powers of a finite matrix can still overflow: then no scaling brings it back.
    guard eta5.isFinite else { throw LinearAlgebraError.nonFinite(operation: "expm (the matrix is so large that its powers overflow)") }
    var s = eta5 == 0 ? 0 : Swift.min(Swift.max(Int(log2(eta5 / ExpmTheta.theta13).rounded(.up)), 0), 1100)
    s += (a * S(real: pow(2.0, Double(-s)))).expmEll(13)
    s = Swift.min(s, 1100)  // beyond this every finite input has overflowed anyway

    var r = try padeSolve(pade13(a, a2, a4, a6, scale: pow(2.0, Double(-s))))
    for _ in 0..<s { r = r * r }
    return r
}

/// exp(A) for a skew-Hermitian A, with m and s chosen from a bound on ‖A‖₂ (no ℓ
/// correction: that guards against non-normality, and A is normal).
private func skewExpm<S: LinearAlgebraScalar>(_ a: DenseMatrix<S>) throws -> DenseMatrix<S> {
    let a2 = a * a
    let norm1 = a.oneNorm
    var norms = [a2.oneNorm]
    var bound = skewTwoNormBound(oneNorm: norm1, evenPowerNorms: norms)
    if bound <= ExpmTheta.theta3 { return try padeSolve(pade(a, [a2], m: 3)) }
    let a4 = a2 * a2
    norms.append(a4.oneNorm)
    bound = skewTwoNormBound(oneNorm: norm1, evenPowerNorms: norms)
    if bound <= ExpmTheta.theta5 { return try padeSolve(pade(a, [a2, a4], m: 5)) }
    let a6 = a4 * a2
    norms.append(a6.oneNorm)
    bound = skewTwoNormBound(oneNorm: norm1, evenPowerNorms: norms)
    if bound <= ExpmTheta.theta7 { return try padeSolve(pade(a, [a2, a4, a6], m: 7)) }
    if bound <= ExpmTheta.theta9 { return try padeSolve(pade(a, [a2, a4, a6, a4 * a4], m: 9)) }
    guard norms.allSatisfy(\.isFinite) else {
        throw LinearAlgebraError.nonFinite(operation: "expm (the matrix is so large that its powers overflow)")
    }
    let s = Swift.min(Swift.max(Int(log2(bound / ExpmTheta.theta13).rounded(.up)), 0), 1100)
    var r = try padeSolve(pade13(a, a2, a4, a6, scale: pow(2.0, Double(-s))))
    for _ in 0..<s { r = r * r }
    return r
}

/// U (odd part) and V (even part) of the degree-m approximant, m ≤ 9, from the
/// even powers A², A⁴, … given in `evenPowers`.
private func pade<S: LinearAlgebraScalar>(_ a: DenseMatrix<S>, _ evenPowers: [DenseMatrix<S>], m: Int)
    -> (u: DenseMatrix<S>, v: DenseMatrix<S>)
{
    let b = PadeCoefficients.table(m)
    let n = a.rows
    var odd = DenseMatrix<S>(rows: n, cols: n)
    var even = DenseMatrix<S>(rows: n, cols: n)
    for (k, p) in evenPowers.enumerated() {
        odd.add(p, scaledBy: S(real: b[2 * k + 3]))
        even.add(p, scaledBy: S(real: b[2 * k + 2]))
    }
    odd = odd.addingIdentity(scaledBy: S(real: b[1]))
    even = even.addingIdentity(scaledBy: S(real: b[0]))
    return (a * odd, even)
}

/// U and V of the degree-13 approximant of exp(cA), from the unscaled powers A², A⁴,
/// A⁶, with the factorisation of Higham 2005 that needs only three more products.
/// The scaling by c = 2⁻ˢ is folded into the coefficients and the BLAS alphas (exact:
/// powers of two), so no scaled copies of the powers are made, and W₁, W₂, Z₁, Z₂
/// are formed in one pass over A², A⁴, A⁶ rather than a dozen.
private func pade13<S: LinearAlgebraScalar>(_ a: DenseMatrix<S>, _ a2: DenseMatrix<S>, _ a4: DenseMatrix<S>,
                                            _ a6: DenseMatrix<S>, scale c: Double) -> (u: DenseMatrix<S>, v: DenseMatrix<S>) {
    let b = PadeCoefficients.b13
    let c2 = c * c, c4 = c2 * c2, c6 = c4 * c2
    // Coefficients of A⁶, A⁴, A² in W₁, W₂, Z₁, Z₂, scaled powers being c⁶A⁶, c⁴A⁴, c²A².
    let k = [b[13] * c6, b[11] * c4, b[9] * c2, b[7] * c6, b[5] * c4, b[3] * c2,
             b[12] * c6, b[10] * c4, b[8] * c2, b[6] * c6, b[4] * c4, b[2] * c2]
    let n = a.rows
    var (w1, w2, z1, z2) = combinations(a6, a4, a2, k)
    for i in 0..<n {
        w2.elements[i + i * n] = w2.elements[i + i * n] + S(real: b[1])
        z2.elements[i + i * n] = z2.elements[i + i * n] + S(real: b[0])
    }
    // W = (c⁶A⁶) W₁ + W₂ and V = (c⁶A⁶) Z₁ + Z₂, with c⁶ as the gemm alpha.
    let alpha = S(real: c6)
    DenseMatrix.gemm(a6, .none, w1, .none, alpha: alpha, beta: .one, into: &w2)
    DenseMatrix.gemm(a6, .none, z1, .none, alpha: alpha, beta: .one, into: &z2)
    var u = DenseMatrix<S>(rows: n, cols: n)
    DenseMatrix.gemm(a, .none, w2, .none, alpha: S(real: c), beta: .zero, into: &u)
    return (u, z2)
}

/// Four linear combinations of x, y, z in one pass: the i-th result is
/// k[3i]·x + k[3i+1]·y + k[3i+2]·z (summed left to right).
func combinations<S: LinearAlgebraScalar>(_ x: DenseMatrix<S>, _ y: DenseMatrix<S>, _ z: DenseMatrix<S>, _ k: [Double])
    -> (DenseMatrix<S>, DenseMatrix<S>, DenseMatrix<S>, DenseMatrix<S>)
{
    let c = k.map { S(real: $0) }
    let n = x.rows, m = x.cols
    var r0 = DenseMatrix<S>(rows: n, cols: m), r1 = DenseMatrix<S>(rows: n, cols: m)
    var r2 = DenseMatrix<S>(rows: n, cols: m), r3 = DenseMatrix<S>(rows: n, cols: m)
    x.elements.withUnsafeBufferPointer { px in
        y.elements.withUnsafeBufferPointer { py in
            z.elements.withUnsafeBufferPointer { pz in
                r0.elements.withUnsafeMutableBufferPointer { p0 in
                    r1.elements.withUnsafeMutableBufferPointer { p1 in
                        r2.elements.withUnsafeMutableBufferPointer { p2 in
                            r3.elements.withUnsafeMutableBufferPointer { p3 in
                                for i in 0..<(n * m) {
                                    let u = px[i], v = py[i], w = pz[i]
                                    p0[i] = c[0] * u + c[1] * v + c[2] * w
                                    p1[i] = c[3] * u + c[4] * v + c[5] * w
                                    p2[i] = c[6] * u + c[7] * v + c[8] * w
                                    p3[i] = c[9] * u + c[10] * v + c[11] * w
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return (r0, r1, r2, r3)
}

/// V − U and V + U of a Padé approximant, in one pass.
func padeDenominatorAndNumerator<S: LinearAlgebraScalar>(u: DenseMatrix<S>, v: DenseMatrix<S>)
    -> (denominator: DenseMatrix<S>, numerator: DenseMatrix<S>)
{
    var denominator = v, numerator = v
    denominator.elements.withUnsafeMutableBufferPointer { pd in
        numerator.elements.withUnsafeMutableBufferPointer { pn in
            u.elements.withUnsafeBufferPointer { pu in
                for i in 0..<pu.count {
                    pd[i] = pd[i] - pu[i]
                    pn[i] = pn[i] + pu[i]
                }
            }
        }
    }
    return (denominator, numerator)
}

/// r_m = (V − U)⁻¹ (V + U), forming V − U and V + U in one pass and solving in place
/// (LAPACK gesv), without the copies a general `solve` makes.
private func padeSolve<S: LinearAlgebraScalar>(_ uv: (u: DenseMatrix<S>, v: DenseMatrix<S>)) throws -> DenseMatrix<S> {
    let n = uv.u.rows
    var (denominator, numerator) = padeDenominatorAndNumerator(u: uv.u, v: uv.v)
    // Only an overflowed input (s capped at 1100) gets here with non-finite terms.
    guard denominator.isFinite, numerator.isFinite else { throw LinearAlgebraError.nonFinite(operation: "expm") }
    var ipiv = [Int32](repeating: 0, count: n)
    let info = denominator.elements.withUnsafeMutableBufferPointer { pd in
        numerator.elements.withUnsafeMutableBufferPointer { pn in
            ipiv.withUnsafeMutableBufferPointer { pp in
                S.gesv(n: n, nrhs: n, pd.baseAddress!, lda: n, pp.baseAddress!, pn.baseAddress!, ldb: n)
            }
        }
    }
    if info > 0 { throw LinearAlgebraError.singular(operation: "expm") }
    if info < 0 { throw LinearAlgebraError.lapackFailure(routine: "gesv", info: info) }
    return numerator
}
