import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Replacing a file in one step, the only way urnn writes files (checkpoints, `.npy`, CSV,
/// plots and their scripts and data, saved sessions, reports).
///
/// The bytes go to a new temporary file in the target's folder, created under a random name with
/// `O_CREAT|O_EXCL` (`mkstemp`), so nothing planted at a guessable name (a symbolic link to
/// another file) is followed. The temporary is flushed (`fsync`) and renamed over the target: a
/// reader sees the old file or the new one, never a half-written one, and a crash leaves the old
/// file in place. On every failure the temporary is removed (also when the writer is dropped
/// without `commit`).
///
/// Only a regular file is ever replaced: a directory, a device, a FIFO or a socket at the target
/// is refused before anything is created. A symbolic link at the target is followed only when the
/// user named the path (`followsLink: true`): then the regular file it points to is replaced and
/// the link stays. At names the program derives (a plot's `.gp` and `.dat`) a link is refused.
public final class AtomicFileWriter {
    /// The path that `commit` replaces: the target, or the file a named link points to.
    public let destination: URL
    /// The temporary file being written; gone after `commit` or `discard`.
    public let temporary: URL
    private var descriptor: Int32
    private let target: String
    private let writeBytes: (Int32, UnsafeRawPointer, Int) -> Int

    /// Prepares to replace `url`: checks what is there, creates the folder if needed (unless
    /// `createsFolder` is false), and creates the temporary. Throws `FileAccessError` if the target
    /// is not a regular file (or a link to one, when `followsLink`), or the temporary cannot be
    /// created.
    public convenience init(replacing url: URL, followsLink: Bool, createsFolder: Bool = true) throws {
        try self.init(replacing: url, followsLink: followsLink, createsFolder: createsFolder,
                      writeBytes: { Glibc.write($0, $1, $2) })
    }

    /// `writeBytes` stands in for `write(2)`, so that tests can make a write fail (ENOSPC).
    init(replacing url: URL, followsLink: Bool, createsFolder: Bool = true,
         writeBytes: @escaping (Int32, UnsafeRawPointer, Int) -> Int) throws {
        target = url.path
        let destination = try AtomicFileWriter.destination(for: url, followsLink: followsLink)
        let folder = destination.deletingLastPathComponent().path
        if createsFolder { try AtomicFileWriter.makeFolders(folder, for: target) }
        // mkstemp opens with O_CREAT|O_EXCL under a name whose six X it replaces at random; the
        // name stays within NAME_MAX (255 bytes).
        let stem = String(decoding: Array(destination.lastPathComponent.utf8.prefix(200)), as: UTF8.self)
        var template = Array("\(folder == "/" ? "" : folder)/.\(stem).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileAccessError(path: target, operation: .write, errno: errno) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        descriptor = fd
        self.destination = destination
        temporary = URL(fileURLWithPath: String(cString: template))
        self.writeBytes = writeBytes
        // mkstemp makes the file 0600; give it the mode of the file it replaces, or the mode a
        // new file would get (0666 less the umask).
        var info = stat()
        let mode = stat(destination.path, &info) == 0 ? info.st_mode & 0o777 : 0o666 & ~AtomicFileWriter.umask
        fchmod(fd, mode)
    }

    deinit { discard() }

    /// Appends `data` to the temporary file.
    public func write(_ data: Data) throws {
        guard descriptor >= 0 else { throw failure(.system("the file was already closed")) }
        if let code = data.withUnsafeBytes({ writeAll(descriptor, $0, using: writeBytes) }) {
            discard()
            throw FileAccessError(path: target, operation: .write, errno: code)
        }
    }

    /// The temporary file's size in bytes (what was written to it, by this writer or another
    /// program given `temporary`).
    public var size: Int {
        var info = stat()
        return descriptor >= 0 && fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Flushes the temporary and renames it over the destination. The destination is checked
    /// again first: it must still be a regular file or absent.
    public func commit() throws {
        guard descriptor >= 0 else { throw failure(.system("the file was already closed")) }
        if fsync(descriptor) != 0, errno != EINVAL {
            let code = errno
            discard()
            throw FileAccessError(path: target, operation: .write, errno: code)
        }
        close(descriptor)
        descriptor = -1
        do {
            if let kind = try FileKind.at(destination.path, operation: .write), kind != .regular {
                throw FileAccessError(path: destination.path, operation: .write, problem: .notRegular(kind))
            }
        } catch {
            unlink(temporary.path)
            throw error
        }
        if rename(temporary.path, destination.path) != 0 {
            let code = errno
            unlink(temporary.path)
            throw FileAccessError(path: target, operation: .write, errno: code)
        }
    }

    /// Closes and removes the temporary file; nothing at the destination changes.
    public func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporary.path)
    }

    /// Writes `data` to `url` in one step (see the type's description).
    public static func write(_ data: Data, to url: URL, followsLink: Bool = true, createsFolder: Bool = true) throws {
        let writer = try AtomicFileWriter(replacing: url, followsLink: followsLink, createsFolder: createsFolder)
        try writer.write(data)
        try writer.commit()
    }

    /// The path a write to `url` replaces, after checking what is there: `url` itself when it is
    /// absent or a regular file; with `followsLink`, the regular file a link there points to.
    /// Throws `FileAccessError` for anything else. Nothing is created.
    public static func destination(for url: URL, followsLink: Bool) throws -> URL {
        let path = url.path
        func refuse(_ problem: FileAccessError.Problem, _ at: String = path) -> FileAccessError {
            FileAccessError(path: at, operation: .write, problem: problem)
        }
        let name = url.lastPathComponent
        guard !name.isEmpty, name != ".", name != "..", !path.hasSuffix("/") else {
            throw refuse(.notRegular(.directory))
        }
        guard let kind = try FileKind.at(path, operation: .write) else { return url }
        switch kind {
        case .regular:
            return url
        case .symbolicLink:
            guard followsLink else { throw refuse(.symbolicLink) }
            guard let resolved = realpath(path, nil) else {
                throw errno == ENOENT ? refuse(.danglingLink) : FileAccessError(path: path, operation: .write, errno: errno)
            }
            defer { free(resolved) }
            let real = String(cString: resolved)
            guard let pointed = try FileKind.at(real, operation: .write) else { throw refuse(.danglingLink) }
            guard pointed == .regular else { throw refuse(.notRegular(pointed), "\(path) (a link to \(real))") }
            return URL(fileURLWithPath: real)
        default:
            throw refuse(.notRegular(kind))
        }
    }

    /// Creates `folder` and any missing parents (mode 0777 less the umask, like `mkdir -p`).
    static func makeFolders(_ folder: String, for target: String) throws {
        var info = stat()
        if stat(folder, &info) == 0 {
            let kind = FileKind(mode: info.st_mode)
            guard kind == .directory else {
                throw FileAccessError(path: target, operation: .write,
                                      problem: .system("\(folder) is a \(kind.rawValue), not a folder"))
            }
            return
        }
        let parent = (folder as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != folder { try makeFolders(parent, for: target) }
        if mkdir(folder, 0o777) != 0, errno != EEXIST {
            let why = String(cString: strerror(errno))
            throw FileAccessError(path: target, operation: .write, problem: .system("cannot create the folder \(folder): \(why)"))
        }
    }

    /// The process's file creation mask, read without changing it (`umask(2)` can only set it).
    static let umask: mode_t = {
        if let status = RegularFile.rawText("/proc/self/status"),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
           let mask = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8) {
            return mask
        }
        return 0o022
    }()

    private func failure(_ problem: FileAccessError.Problem) -> FileAccessError {
        FileAccessError(path: target, operation: .write, problem: problem)
    }
}
