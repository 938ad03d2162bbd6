/// The version of urnn, reported by `urnn --version` and written into checkpoints.
public enum URNNVersion {
    public static let string = "0.1.0"
}

/// How this binary was built.
public enum URNNBuild {
    /// The CPU the engine was compiled for: `native` (the building machine's own, the
    /// default) or `haswell` (the portable build, `scripts/urnn --portable`: AVX2 and FMA, as x86-64-v3).
    public static var cpuTarget: String {
        #if URNN_PORTABLE
        return "haswell"
        #else
        return "native"
        #endif
    }
}
