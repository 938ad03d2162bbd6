extension VectorMath {
    /// log(x) on every lane, with no branch (fdlibm's `__ieee754_log` in musl's single-formula
    /// form, error below 1 ulp).
    ///
    /// - Subnormal inputs are first multiplied by 2^54 (exact) and 54 is taken off the
    ///   exponent, so every positive finite input reaches the reduction as a normal number.
    /// - Reduction: x = 2^k m with m in [sqrt(2)/2, sqrt(2)), found by adding
    ///   1 - 0x3fe6a09e (the top of sqrt(2)/2's bits) to the exponent word, so that the
    ///   carry moves mantissas at or above sqrt(2) into the next binade. Then f = m - 1 is
    ///   exact and |f| <= 0.4143.
    /// - log(1 + f) = 2 atanh(s) with s = f / (2 + f), |s| <= 0.1716: 2 atanh(s) = 2s + 2s^3/3
    ///   + ... = 2s + s R(s^2), R a degree-7 polynomial in z = s^2 (Remez, error below 2^-58.45).
    ///   It is evaluated as f - (f^2/2 - s (f^2/2 + R)), using 2s = f - s f, so the leading term
    ///   f is exact and all rounding errors fall on the terms beyond it, which are at most
    ///   f^2/2 <= 0.086: below 1 ulp of the result.
    /// - k ln2 is added as k ln2Hi (exact: ln2Hi has 32 bits and |k| < 1100) plus k ln2Lo
    ///   folded into the small terms, so large |k| costs no accuracy.
    /// - Specials are selected at the end: log(±0) = -inf, log(x < 0) = NaN, log(+inf) = +inf,
    ///   NaN stays NaN (x + x keeps its payload).
    @inline(__always)
    static func logKernel(_ input: Lanes) -> Lanes {
        let ln2Hi = 6.93147180369123816490e-01  // 0x3fe62e42_fee00000
        let ln2Lo = 1.90821492927058770002e-10
        let lg1 = 6.666666666666735130e-01
        let lg2 = 3.999999999940941908e-01
        let lg3 = 2.857142874366239149e-01
        let lg4 = 2.222219843214978396e-01
        let lg5 = 1.818357216161805012e-01
        let lg6 = 1.531383769920937332e-01
        let lg7 = 1.479819860511658591e-01

        let subnormal = input .< 0x1p-1022
        let x = input.replacing(with: input * 0x1p54, where: subnormal)
        let kBias = LaneInts(repeating: 0).replacing(with: -54, where: subnormal)

        let u = bits(x) &+ ((0x3ff0_0000 - 0x3fe6_a09e) << 32)
        let k = LaneInts(truncatingIfNeeded: u &>> 52) &- 0x3ff &+ kBias
        let m = lanes((u & 0x000f_ffff_ffff_ffff) &+ (0x3fe6_a09e << 32))

        let f = m - 1
        let hfsq = 0.5 * f * f
        let s = f / (2 + f)
        let z = s * s
        let w = z * z
        let t1 = w * (lg2 + w * (lg4 + w * lg6))
        let t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)))
        let r = t2 + t1
        let dk = doubles(k)
        var y = dk * ln2Hi - ((hfsq - (s * (hfsq + r) + dk * ln2Lo)) - f)

        y.replace(with: -.infinity, where: input .== 0)
        y.replace(with: .nan, where: input .< 0)
        y.replace(with: .infinity, where: input .== .infinity)
        y.replace(with: input + input, where: input .!= input)
        return y
    }
}
