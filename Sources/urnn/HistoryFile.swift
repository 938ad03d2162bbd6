import Foundation
import Glibc
import URNNEngine

/// The history file that every urnn session of a user shares: one entry per line. A cell of
/// several lines (`for ... {` ... `}`) is one entry, as in IPython: the file begins with the
/// line `#urnn-history 2`, and in each entry a line break is written `\n` and a backslash
/// `\\`. A file without that first line is the older format (each line an entry, as written),
/// and is still read; the first append rewrites it in the new format.
///
/// Two sessions append to it at once. Each append holds an exclusive `flock` on the file while it
/// adds its entry and, when the file has grown past `limit` entries, cuts it back to the newest
/// `limit` from what is on disk at that moment, written in one step (`AtomicFileWriter`). The cut
/// replaces the file, so a session that waited for the lock on the old file sees that the path
/// now names another file, and takes the lock again on the new one: no entry is lost in the window
/// that is kept. (readline's `append_history` with `history_truncate_file` read, cut and rewrote
/// the file unlocked, dropping lines another session appended in between.)
struct HistoryFile {
    let path: String
    let limit: Int

    /// The first line of a file in the current format.
    static let header = "#urnn-history 2"

    /// Appends `entry` (one cell, of one or more lines) and trims the file to `limit` entries.
    func append(_ entry: String) throws {
        let fd = try lockedDescriptor()
        defer { flock(fd, LOCK_UN); close(fd) }
        var entries = try HistoryFile.entries(in: try RegularFile.read(path))
        if !entries.isCurrentFormat || entries.items.count >= limit {
            // An older file is rewritten in this format; a full one is cut to make room.
            entries.items.append(entry)
            try write(entries.items.suffix(limit))
            return
        }
        let line = Data((HistoryFile.escape(entry) + "\n").utf8)
        if let code = line.withUnsafeBytes({ writeAll(fd, $0) }) {
            throw FileAccessError(path: path, operation: .write, errno: code)
        }
    }

    /// The entries of the file, oldest first (none when it does not exist).
    func entries() throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try HistoryFile.entries(in: try RegularFile.read(path)).items
    }

    /// The entries of a file's bytes, and whether it is in the current format (an empty file
    /// is not: its first append writes the header).
    static func entries(in data: Data) throws -> (items: [String], isCurrentFormat: Bool) {
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { return ([], false) }
        guard first == header else { return (lines.map(String.init), false) }
        return (lines.dropFirst().map { unescape(String($0)) }, true)
    }

    /// An entry on one line: a backslash doubled, a line break as `\n`.
    static func escape(_ entry: String) -> String {
        entry.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// The entry `escape` wrote. A backslash before any other character is kept as written.
    static func unescape(_ line: String) -> String {
        var entry = "", pendingBackslash = false
        for c in line {
            if pendingBackslash {
                entry += c == "n" ? "\n" : c == "\\" ? "\\" : "\\" + String(c)
                pendingBackslash = false
            } else if c == "\\" {
                pendingBackslash = true
            } else {
                entry.append(c)
            }
        }
        return pendingBackslash ? entry + "\\" : entry
    }

    /// Writes the header and `entries` in one step; called with the lock held.
    private func write(_ entries: ArraySlice<String>) throws {
        let text = ([HistoryFile.header] + entries.map(HistoryFile.escape)).joined(separator: "\n") + "\n"
        try AtomicFileWriter.write(Data(text.utf8), to: URL(fileURLWithPath: path), followsLink: true)
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
}
