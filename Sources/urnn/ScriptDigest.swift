import Crypto
import Foundation

/// The digest a sweep records of its script, to notice a changed script on a rerun.
enum ScriptDigest {
    /// SHA-256 (swift-crypto) of `data`, as 64 lowercase hex digits.
    static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
