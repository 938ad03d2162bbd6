import CZlib
import Foundation

/// Inflates gzip data held in memory, a bounded piece at a time: the caller asks for
/// as many bytes as it has room for (the IDX header first, then exactly the data the
/// header declares), so a small file that inflates to gigabytes never gets further
/// than the buffer its checked header paid for.
///
/// zlib checks each member's CRC-32 and length when it reaches the member's end;
/// concatenated members (`cat a.gz b.gz`) read as one stream, as `gunzip` reads them.
final class GzipInflation {
    let path: String
    private let compressed: Data
    private var stream = z_stream()
    private var consumed = 0
    private var ended = false
    /// True once the input ran out before a member's end (a cut-short file).
    private(set) var cutShort = false

    /// True when `data` begins with the gzip signature 1f 8b.
    static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    init(path: String, compressed: Data) throws {
        self.path = path
        self.compressed = compressed
        // windowBits 15 + 16: a gzip wrapper (header and CRC-32 trailer), 32 KiB window.
        let status = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw IDXError.corruptGzip(path: path, reason: "zlib could not start (status \(status))")
        }
    }

    deinit { inflateEnd(&stream) }

    /// Fills `buffer` from the inflated stream; returns the bytes written, fewer than
    /// `buffer.count` only when the stream has ended (or the data stops short).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var written = 0
        while written < buffer.count && !ended {
            var status: Int32 = Z_OK
            compressed.withUnsafeBytes { (source: UnsafeRawBufferPointer) in
                let inputLeft = Swift.min(source.count - consumed, Int(UInt32.max))
                let outputLeft = Swift.min(buffer.count - written, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress!.assumingMemoryBound(to: Bytef.self) + consumed)
                stream.avail_in = UInt32(inputLeft)
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self) + written
                stream.avail_out = UInt32(outputLeft)
                status = inflate(&stream, Z_NO_FLUSH)
                consumed += inputLeft - Int(stream.avail_in)
                written += outputLeft - Int(stream.avail_out)
                stream.next_in = nil
                stream.next_out = nil
            }
            switch status {
            case Z_STREAM_END:
                // Another member may follow; zlib starts it after a reset.
                if consumed < compressed.count {
                    inflateReset(&stream)
                } else {
                    ended = true
                }
            case Z_OK:
                continue
            case Z_BUF_ERROR where consumed >= compressed.count:
                // The input ran out before the member's end: a cut-short file.
                ended = true
                cutShort = true
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw IDXError.corruptGzip(path: path, reason: reason)
            }
        }
        return written
    }
}
