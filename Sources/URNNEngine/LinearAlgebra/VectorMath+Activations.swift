extension VectorMath {
    /// tanh(x) on every lane, with no branch: both formulas below are computed and the lane
    /// picks its numerator and denominator before the single division.
    ///
    /// With a = |x| (the sign is put back at the end, so tanh(-0.0) = -0.0):
    /// - a < 0.625: tanh(a) = a + a z P(z) / Q(z), z = a^2, Moshier's (Cephes) rational
    ///   approximation, relative error 2.5e-16. Writing it as a plus a correction of about
    ///   -a^3/3 (at most 0.13 a) means the correction's own rounding errors reach the result
    ///   scaled down by 0.13 or more, avoids the cancellation that (e^2a - 1)/(e^2a + 1)
    ///   suffers near 0, and gives tanh(a) = a exactly once a^2 is below half an ulp.
    /// - a >= 0.625: tanh(a) = 1 - 2 / (e^2a + 1). Here u = 2/(e^2a + 1) <= 0.445 while the
    ///   result is >= 0.555, so the subtraction amplifies u's relative error (that of exp
    ///   plus two roundings) by at most u / (1 - u) = 0.8. For a > 19.1, u < 2^-54 and the
    ///   result rounds to exactly 1; a is clamped to 20 so exp never overflows (and a NaN,
    ///   which fails every comparison, is kept and propagates).
    @inline(__always)
    static func tanhKernel(_ x: Lanes) -> Lanes {
        let a = magnitude(x)
        let z = a * a
        let p = ((-9.64399179425052238628e-1 * z - 9.92877231001918586564e1) * z
            - 1.61468768441708447952e3) * (z * a)
        let q = ((z + 1.12811678491632931402e2) * z + 2.23548839060100448583e3) * z
            + 4.84406305325125486048e3

        let e = expKernel(2 * a.replacing(with: 20, where: a .> 20))

        let small = a .< 0.625
        let lead = Lanes(repeating: 1).replacing(with: a, where: small)
        let numerator = Lanes(repeating: -2).replacing(with: p, where: small)
        let denominator = (e + 1).replacing(with: q, where: small)
        let t = lead + numerator / denominator
        return lanes(bits(t) | (bits(x) & 0x8000_0000_0000_0000))
    }

    /// 1 / (1 + e^-x) on every lane, with no branch.
    ///
    /// With e = e^-|x| in (0, 1], never overflowing: x >= 0 gives 1 / (1 + e), x < 0 gives
    /// e / (1 + e) (= 1 / (1 + e^-x) multiplied through by e^x). The relative error is that
    /// of exp, scaled by e/(1 + e) <= 1/2 when x >= 0, plus the roundings of 1 + e and of
    /// the division: at most about 1.2e-16 + 2 * 1.1e-16 for x >= 0 and 2.3e-16 + 2.2e-16
    /// in the worst case for x < 0, much less in practice. -0.0 counts as x >= 0 and gives 1/2.
    @inline(__always)
    static func sigmoidKernel(_ x: Lanes) -> Lanes {
        let e = expKernel(-magnitude(x))
        let numerator = e.replacing(with: 1, where: x .>= 0)
        return numerator / (1 + e)
    }
}
