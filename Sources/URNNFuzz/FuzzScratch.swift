import Foundation

/// A private folder for the files the targets read back (a checkpoint, a corpus): made
/// once per process under the system's temporary folder, never in the working folder.
enum FuzzScratch {
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("urnn-fuzz-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Writes `bytes` to `name` in the scratch folder and returns its path; nil when the
    /// write fails (the caller then has nothing to test).
    static func write(_ bytes: [UInt8], as name: String) -> URL? {
        let url = folder.appendingPathComponent(name)
        do { try Data(bytes).write(to: url) } catch { return nil }
        return url
    }
}
