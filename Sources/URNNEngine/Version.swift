/// The version of urnn, reported by `urnn --version` and written into checkpoints.
public enum URNNVersion {
    public static let string = "0.1.0"
}
