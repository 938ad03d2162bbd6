import Foundation

/// What travels to the hosts of a sweep that share no filesystem (`urnn sweep --transfer`):
/// besides the urnn binary, the script and each run's folder, the data files the script
/// reads, given relative to the current folder and put at the same relative place in the
/// run's working folder on the host.
struct SweepTransfer: Equatable {
    var files: [String]

    /// Checks the files: each a regular file here, given as a relative path inside the
    /// current folder (an absolute path or `..` would put it, and its clean-up, outside the
    /// run's working folder on the host), and no two of the transferred names the same.
    static func checked(_ files: [String], binary: String, script: String) throws -> SweepTransfer {
        var names: Set<String> = [URL(fileURLWithPath: binary).lastPathComponent, URL(fileURLWithPath: script).lastPathComponent]
        for file in files {
            let parts = file.split(separator: "/", omittingEmptySubsequences: false)
            if file.hasPrefix("/") || parts.contains("..") || parts.contains("") || file.isEmpty {
                throw SweepError(message: "--transfer-file \(file): give a path relative to the current folder, inside it "
                                 + "(files elsewhere must already be on the hosts, at the same path)", exitCode: 64)
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw SweepError(message: "--transfer-file \(file): no such file", exitCode: 66)
            }
            guard names.insert(file).inserted else {
                throw SweepError(message: "--transfer-file \(file): the binary or the script already travels under this name",
                                 exitCode: 64)
            }
        }
        return SweepTransfer(files: files)
    }

    /// `DIR/./NAME`: the file's path with the mark after which rsync (and so GNU Parallel's
    /// --transferfile) makes it relative to the working folder on the host.
    static func marked(_ file: URL) -> String {
        file.deletingLastPathComponent().path + "/./" + file.lastPathComponent
    }
}
