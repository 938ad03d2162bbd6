import Foundation
import Glibc

/// The kernel's two ends: requests read as lines from standard input, messages written as
/// lines of JSON to the protocol's descriptor (the real standard output, moved away from
/// descriptor 1 so that nothing else can write into the protocol; see `KernelServer`).
final class KernelChannel {
    /// A request line longer than this is refused (and skipped to its end): the same limit
    /// as a script's size.
    static let maxLineBytes = 64 << 20

    private let input: Int32
    private let output: Int32
    private var buffer: [UInt8] = []
    private var atEnd = false
    /// The errno of the first failed write (the client has gone), after which nothing more
    /// is written and the running cell stops at its next safe point.
    private(set) var writeFailure: Int32?

    init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    /// One line read from the input.
    enum Line {
        /// The line's text, invalid UTF-8 replaced by U+FFFD.
        case text(String)
        /// A line over `maxLineBytes`; the rest of it has been skipped.
        case tooLong(Int)
    }

    /// The next line, nil at the end of the input.
    func readLine() -> Line? {
        var skipped = 0
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let bytes = buffer[..<newline]
                buffer.removeSubrange(...newline)
                if skipped > 0 { return .tooLong(skipped + bytes.count) }
                return .text(String(decoding: bytes, as: UTF8.self))
            }
            if buffer.count > KernelChannel.maxLineBytes {
                skipped += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
            if atEnd {
                guard !buffer.isEmpty || skipped > 0 else { return nil }
                let rest = buffer
                buffer.removeAll()
                return skipped > 0 ? .tooLong(skipped + rest.count) : .text(String(decoding: rest, as: UTF8.self))
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[..<n])
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                atEnd = true
            }
        }
    }

    /// Writes one message as one line of JSON.
    func send(_ message: [String: Any]) {
        guard writeFailure == nil else { return }
        // Strings from Swift are valid Unicode and JSONSerialization escapes line ends, so
        // one message is always exactly one line.
        guard var data = try? JSONSerialization.data(withJSONObject: message, options: [.withoutEscapingSlashes, .sortedKeys]) else {
            return
        }
        data.append(UInt8(ascii: "\n"))
        writeFailure = data.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(output, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return n < 0 ? errno : EIO }
            }
            return nil
        }
    }
}
