import Foundation

extension ScriptRunner {
    /// The most bytes a script file (or standard input) may hold: 64 MiB, far beyond any
    /// script a person writes, and small enough to read, lex and parse in seconds.
    public static let maxScriptBytes = 64 << 20

    /// The text of `path` (or standard input for `-`) as a source file. The text is read in
    /// pieces and reading stops past `maxScriptBytes`, so an endless input (`/dev/zero`)
    /// fails with a message instead of filling memory. An empty input is an empty script.
    public static func load(_ path: String) -> Result<SourceFile, ScriptError> {
        let fd: Int32
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return .failure(cannotRead(path, errno: errno, opening: true)) }
        }
        defer { if path != "-" { close(fd) } }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            return .failure(cannotRead(path, errno: EISDIR, opening: false))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(cannotRead(path, errno: errno, opening: false))
            }
            bytes += chunk[0..<n]
            if bytes.count > maxScriptBytes {
                return .failure(ScriptError("script '\(displayName(path))' is too large: more than "
                                            + "\(maxScriptBytes >> 20) MiB (the limit)", at: nil))
            }
        }
        return .success(SourceFile(name: displayName(path), text: String(decoding: bytes, as: UTF8.self)))
    }

    static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// "cannot open 'x': no such file", in words a user can act on.
    static func cannotRead(_ path: String, errno code: Int32, opening: Bool) -> ScriptError {
        let reason: String
        switch code {
        case ENOENT: reason = "no such file"
        case EACCES: reason = "permission denied"
        case EISDIR: reason = "it is a folder, not a script file"
        case ENOTDIR: reason = "a part of the path is not a folder"
        default: reason = String(cString: strerror(code)).lowercased()
        }
        return ScriptError("cannot \(opening ? "open" : "read") '\(displayName(path))': \(reason)",
                           at: nil, category: .missingInput)
    }
}
