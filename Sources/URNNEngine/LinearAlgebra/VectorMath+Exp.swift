extension VectorMath {
    /// e^x on every lane, with no branch.
    ///
    /// Method (Cody–Waite): write x = n ln2 + r with n = round(x / ln2), so |r| <= ln2/2
    /// (a hair more when x / ln2 rounds the other way; harmless), then e^x = 2^n e^r with e^r
    /// from its Taylor series and 2^n built in the exponent field.
    ///
    /// - Reduction: ln2 is split as ln2Hi + ln2Lo where ln2Hi has 32 significant bits, so
    ///   n ln2Hi is exact for |n| < 2^21 and x - n ln2Hi is exact (the two are within a
    ///   factor 2 of each other, Sterbenz). Only the final subtraction of n ln2Lo rounds:
    ///   r carries an absolute error of at most ulp(r)/2 <= 2^-55, a relative error of
    ///   at most 2^-55 in e^r.
    /// - Polynomial: Taylor of degree 13 on |r| <= 0.3466 leaves r^14/14! <= 4.2e-18, 1/26
    ///   of an ulp of 1; degree 12 would leave 1.7e-16 and is not enough. It is evaluated as
    ///   1 + (r + r^2 q(r)) so the only rounding that matters is the final 1 + s (half an ulp);
    ///   the rounding errors inside r^2 q(r) <= 0.067 add about 3e-17, inside r + t about 3e-17.
    ///   Bound before comparing with a reference: about 2.3e-16 relative.
    /// - No FMA: on baseline x86-64 `addingProduct` becomes a libm call per lane, and the
    ///   bound above is met without it.
    /// - Range: x is clamped to [-746, 710] first. At 710, n = 1024 and 2^n overflows as it
    ///   should; at -746, n = -1076 and the result rounds to 0. 2^n is applied as two factors
    ///   2^(n/2) 2^(n - n/2), each a normal number for every n in [-1076, 1024], so the
    ///   product is exact until the last multiply, which rounds once into the subnormals.
    /// - n = round(x log2 e) comes from adding 1.5 * 2^52, which leaves n in the low mantissa
    ///   bits: no float-to-int conversion, so NaN (which the clamp keeps) cannot trap and
    ///   comes out as NaN.
    @inline(__always)
    static func expKernel(_ x: Lanes) -> Lanes {
        let log2e = 1.4426950408889634
        let ln2Hi = 6.93147180369123816490e-01  // 0x3fe62e42_fee00000, low 21 bits zero
        let ln2Lo = 1.90821492927058770002e-10  // ln2 - ln2Hi
        let shifter = 0x1.8p52

        var xc = x.replacing(with: 710, where: x .> 710)
        xc.replace(with: -746, where: xc .< -746)

        let shifted = xc * log2e + shifter
        let n = LaneInts(truncatingIfNeeded: bits(shifted) &- shifter.bitPattern)
        let nd = shifted - shifter
        let r = (xc - nd * ln2Hi) - nd * ln2Lo

        // 1/k! for k = 2...13, rounded to nearest, summed by Estrin's scheme: pairs, then
        // pairs of pairs with r^2, r^4, r^8. Its dependency chain is 7 operations deep where
        // Horner's is 24 (measured about 7% faster); its rounding errors stay in q, which
        // reaches the result scaled by r^2 <= 0.12.
        let r2 = r * r
        let r4 = r2 * r2
        let r8 = r4 * r4
        let a0 = 1.0 / 6 * r + 0.5
        let a1 = 1.0 / 120 * r + 1.0 / 24
        let a2 = 1.0 / 5_040 * r + 1.0 / 720
        let a3 = 1.0 / 362_880 * r + 1.0 / 40_320
        let a4 = 1.0 / 39_916_800 * r + 1.0 / 3_628_800
        let a5 = 1.0 / 6_227_020_800 * r + 1.0 / 479_001_600
        let b0 = a1 * r2 + a0
        let b1 = a3 * r2 + a2
        let b2 = a5 * r2 + a4
        let q = (b2 * r8 + b1 * r4) + b0
        let er = 1 + (r + r2 * q)

        let half = n &>> 1
        let scale1 = lanes(LaneBits(truncatingIfNeeded: (half &+ 1023) &<< 52))
        let scale2 = lanes(LaneBits(truncatingIfNeeded: (n &- half &+ 1023) &<< 52))
        return er * scale1 * scale2
    }
}
