import Foundation
import Glibc
import URNNEngine

/// The history file that every urnn session of a user shares, in readline's format (one line
/// per entry).
///
/// Two sessions append to it at once. Each append holds an exclusive `flock` on the file while it
/// adds its line and, when the file has grown past `limit` lines, cuts it back to the newest
/// `limit` from what is on disk at that moment, written in one step (`AtomicFileWriter`). The cut
/// replaces the file, so a session that waited for the lock on the old file sees that the path
/// now names another file, and takes the lock again on the new one: no line is lost in the window
/// that is kept. (readline's `append_history` with `history_truncate_file` read, cut and rewrote
/// the file unlocked, dropping lines another session appended in between.)
struct HistoryFile {
    let path: String
    let limit: Int

    /// Appends `line` (line breaks become spaces) and trims the file to `limit` lines.
    func append(_ line: String) throws {
        let fd = try lockedDescriptor()
        defer { flock(fd, LOCK_UN); close(fd) }
        let entry = Data((line.replacingOccurrences(of: "\n", with: " ") + "\n").utf8)
        if let code = entry.withUnsafeBytes({ writeAll(fd, $0) }) {
            throw FileAccessError(path: path, operation: .write, errno: code)
        }
        try trim(fd)
    }

    /// Opens the file (creating it, mode 0600) and locks it; retries when the path was replaced
    /// by another session's trim while this one waited. Each retry means another session
    /// completed an append, so retrying makes progress; flock is not fair, though, and a busy
    /// session can win the lock many times in a row on a loaded machine, so the bound is a
    /// time (10 s), not a count.
    private func lockedDescriptor() throws -> Int32 {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw FileAccessError(path: path, operation: .write, errno: errno)
            }
            var opened = stat(), current = stat()
            guard fstat(fd, &opened) == 0, FileKind(mode: opened.st_mode) == .regular else {
                close(fd)
                throw FileAccessError(path: path, operation: .write, problem: .notRegular(FileKind(mode: opened.st_mode)))
            }
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
            if stat(path, &current) == 0, current.st_ino == opened.st_ino, current.st_dev == opened.st_dev {
                return fd
            }
            flock(fd, LOCK_UN)
            close(fd)
        }
        throw FileAccessError(path: path, operation: .write, problem: .system("the file keeps being replaced"))
    }

    /// Cuts the file to its newest `limit` lines when it has more; called with the lock held.
    private func trim(_ fd: Int32) throws {
        let text = try RegularFile.read(path)
        var lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.count > limit else { return }
        var kept = Data()
        for line in lines.suffix(limit) {
            kept.append(contentsOf: line)
            kept.append(UInt8(ascii: "\n"))
        }
        try AtomicFileWriter.write(kept, to: URL(fileURLWithPath: path), followsLink: true)
    }
}
