/// Seeds for independent sub-streams of one user seed (an epoch's window order, the
/// k-th example of a task's train set), so that any of them can be produced directly,
/// in any order, and a run that resumes mid-way sees the same data.
enum DerivedSeed {
    /// A seed for sub-stream (`stream`, `index`) of `seed`: the SplitMix64 finaliser
    /// applied to a combination of the three, which scatters neighbouring inputs over
    /// the whole 64-bit range.
    static func make(_ seed: UInt64, stream: UInt64, index: UInt64) -> UInt64 {
        var z = seed &+ stream &* 0x9E37_79B9_7F4A_7C15
        z = mix(z) &+ index &* 0xD1B5_4A32_D192_ED03
        return mix(z)
    }

    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
