import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a path names on disk, as `lstat` or `fstat` reports it.
public enum FileKind: String, Sendable, Equatable {
    case regular = "regular file"
    case directory = "directory"
    case symbolicLink = "symbolic link"
    case characterDevice = "character device"
    case blockDevice = "block device"
    case fifo = "FIFO"
    case socket = "socket"
    case unknown = "special file"

    /// The kind named by the type bits of a `st_mode`.
    public init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        default: self = .unknown
        }
    }

    /// What is at `path` itself (a final symbolic link is not followed), or `nil` when nothing is.
    /// Throws for other failures, such as a folder on the way that cannot be searched.
    public static func at(_ path: String, operation: FileAccessError.Operation) throws -> FileKind? {
        var info = stat()
        if lstat(path, &info) == 0 { return FileKind(mode: info.st_mode) }
        let code = errno
        if code == ENOENT { return nil }
        throw FileAccessError(path: path, operation: operation, errno: code)
    }
}

/// Why a file could not be read or written, in plain words with the path it concerns.
///
/// urnn reads and replaces regular files only: a directory, a device, a FIFO or a socket at a
/// path is refused before anything is opened for writing, and before anything is read
/// (a FIFO would block a reader for good, a device would be replaced by a file).
public struct FileAccessError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// Whether the file was to be read or written.
    public enum Operation: Sendable, Equatable {
        case read, write
    }

    /// What stood in the way.
    public enum Problem: Sendable, Equatable {
        /// Nothing exists at the path.
        case missing
        /// Something other than a regular file is there.
        case notRegular(FileKind)
        /// A file of the kernel's (`/proc`, `/sys` and the like): no data file, and reading some
        /// of them blocks or fails.
        case kernelInterface
        /// A symbolic link at a name the program chose (a plot's `.gp` or `.dat`): not followed.
        case symbolicLink
        /// A symbolic link the user named that points to nothing.
        case danglingLink
        /// A file larger than the reader takes.
        case tooLarge(size: Int, limit: Int)
        /// The system's own reason (`strerror`), e.g. "Permission denied".
        case system(String)
    }

    /// The path as given (or, for a link the user named, the file it points to).
    public let path: String
    public let operation: Operation
    public let problem: Problem

    public init(path: String, operation: Operation, problem: Problem) {
        self.path = path
        self.operation = operation
        self.problem = problem
    }

    /// The error for a failed system call that set `errno` to `code`.
    public init(path: String, operation: Operation, errno code: Int32) {
        let problem: Problem
        switch code {
        case ENOENT: problem = .missing
        case EISDIR: problem = .notRegular(.directory)
        default: problem = .system(String(cString: strerror(code)))
        }
        self.init(path: path, operation: operation, problem: problem)
    }

    public var description: String {
        switch (operation, problem) {
        case (.read, .missing): return "\(path): no such file"
        case (.read, .notRegular(.directory)): return "\(path) is a directory, not a file"
        case (.read, .notRegular(let kind)): return "\(path) is not a regular file (it is a \(kind.rawValue))"
        case (.read, .kernelInterface): return "\(path) is a file of the kernel (/proc, /sys), not a data file"
        case (.read, .danglingLink): return "\(path) is a symbolic link to nothing"
        case (.read, .symbolicLink): return "\(path) is a symbolic link"
        case let (.read, .tooLarge(size, limit)):
            return "\(path) is \(size) bytes, more than the \(limit) bytes this reader takes"
        case let (.read, .system(why)): return "\(path): \(why)"
        case (.write, .missing): return "cannot write \(path): the folder does not exist"
        case (.write, .notRegular(let kind)):
            return "cannot write \(path): it is a \(kind.rawValue); only regular files are replaced (choose another name)"
        case (.write, .kernelInterface): return "cannot write \(path): it is a file of the kernel (/proc, /sys)"
        case (.write, .symbolicLink):
            return "cannot write \(path): it is a symbolic link, and links are not followed at names urnn derives (remove it)"
        case (.write, .danglingLink): return "cannot write \(path): it is a symbolic link to nothing"
        case let (.write, .tooLarge(size, limit)): return "cannot write \(path): \(size) bytes is more than \(limit)"
        case let (.write, .system(why)): return "cannot write \(path): \(why)"
        }
    }

    public var errorDescription: String? { description }

    /// The problem in a few words without the path, for errors that name the file themselves
    /// (`NPYError`): "no such file", "it is a directory", "it is a FIFO, not a regular file".
    public var reason: String {
        switch problem {
        case .missing: return operation == .read ? "no such file" : "the folder does not exist"
        case .notRegular(let kind): return "it is a \(kind.rawValue), not a regular file"
        case .kernelInterface: return "it is a file of the kernel (/proc, /sys), not a data file"
        case .symbolicLink: return "it is a symbolic link, not followed at names urnn derives"
        case .danglingLink: return "it is a symbolic link to nothing"
        case let .tooLarge(size, limit): return "\(size) bytes is more than the \(limit) allowed"
        case let .system(why): return why
        }
    }
}
