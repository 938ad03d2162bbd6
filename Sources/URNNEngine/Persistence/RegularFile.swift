import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading a file the user named, as every loader does (checkpoints, `.npy`, corpora).
///
/// Only regular files are read. A FIFO would block `open` and `read` until some writer
/// appears, a device may never end, and the files of `/proc` and `/sys` report sizes that are
/// not their contents (`/proc/self/mem` fails with an I/O error, `/proc/kmsg` blocks); each is refused with a
/// message that says what the path is. The kind is checked before opening, and again on the
/// opened descriptor (opened with `O_NONBLOCK`, so that even a FIFO swapped in between cannot
/// block), since the path may change between the two.
public enum RegularFile {
    /// Filesystem types whose files are the kernel's interfaces, not data.
    static let kernelFilesystems: Set<String> = [
        "proc", "sysfs", "debugfs", "tracefs", "securityfs", "cgroup", "cgroup2", "configfs", "bpf",
        "efivarfs", "pstore", "binfmt_misc", "fusectl", "mqueue",
    ]

    /// True when `path` (resolved) lies on one of the kernel's filesystems, by the mount table
    /// (`statfs` is not visible from Swift's Glibc module). Without a mount table, `/proc` and
    /// `/sys` are assumed.
    static func isKernelFile(_ path: String) -> Bool {
        guard let resolved = realpath(path, nil) else { return false }
        let real = String(cString: resolved)
        free(resolved)
        var points = ["/proc", "/sys"]
        if let table = rawText("/proc/self/mounts") {
            for line in table.split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count >= 3, kernelFilesystems.contains(String(fields[2])) else { continue }
                // The table escapes space, tab, newline and backslash as octal (`\040`).
                points.append(String(fields[1]).replacingOccurrences(of: "\\040", with: " ")
                    .replacingOccurrences(of: "\\011", with: "\t").replacingOccurrences(of: "\\012", with: "\n")
                    .replacingOccurrences(of: "\\134", with: "\\"))
            }
        }
        return points.contains { $0 != "/" && (real == $0 || real.hasPrefix($0 + "/")) }
    }

    /// The text of a kernel file such as `/proc/self/mounts`, whose size `stat` reports as 0.
    static func rawText(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let data = try? readAll(fd, path: path, sizeHint: 0, limit: 1 << 22) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The whole contents of the regular file at `path` (a symbolic link is followed: the user
    /// named it). Throws `FileAccessError` for a missing path, a directory, a device, a FIFO, a
    /// socket, a kernel file, a file over `limit` bytes, or a failed read.
    public static func read(_ path: String, limit: Int? = nil) throws -> Data {
        func failure(_ problem: FileAccessError.Problem) -> FileAccessError {
            FileAccessError(path: path, operation: .read, problem: problem)
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            // `stat` follows links: ENOENT with a link in place means it points to nothing.
            if code == ENOENT, (try? FileKind.at(path, operation: .read)) == .symbolicLink {
                throw failure(.danglingLink)
            }
            throw FileAccessError(path: path, operation: .read, errno: code)
        }
        try check(info, failure)
        if isKernelFile(path) { throw failure(.kernelInterface) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileAccessError(path: path, operation: .read, errno: errno) }
        defer { close(fd) }
        guard fstat(fd, &info) == 0 else { throw FileAccessError(path: path, operation: .read, errno: errno) }
        try check(info, failure)
        let size = Int(info.st_size)
        if let limit, size > limit { throw failure(.tooLarge(size: size, limit: limit)) }
        let data = try readAll(fd, path: path, sizeHint: size, limit: limit)
        return data
    }

    /// Everything `fd` reads until its end; throws `tooLarge` past `limit` bytes (the file may
    /// grow while it is read).
    static func readAll(_ fd: Int32, path: String, sizeHint: Int, limit: Int?) throws -> Data {
        var data = Data()
        data.reserveCapacity(sizeHint)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw FileAccessError(path: path, operation: .read, errno: code)
            }
            if n == 0 { return data }
            data.append(chunk, count: n)
            if let limit, data.count > limit {
                throw FileAccessError(path: path, operation: .read, problem: .tooLarge(size: data.count, limit: limit))
            }
        }
    }

    private static func check(_ info: stat, _ failure: (FileAccessError.Problem) -> FileAccessError) throws {
        let kind = FileKind(mode: info.st_mode)
        guard kind == .regular else { throw failure(.notRegular(kind)) }
    }
}
