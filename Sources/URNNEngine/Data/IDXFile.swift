import Foundation

/// One IDX file (LeCun's format of MNIST and its successors), as read from disk.
///
/// The format: a big-endian magic number 0x0000TTDD (TT the element type, 0x08 for
/// unsigned bytes; DD the number of dimensions), DD big-endian 32-bit sizes, then the
/// elements in row-major order. Image files are 0x00000803 (count, rows, columns),
/// label files 0x00000801 (count). Plain and gzip files are read alike (gzip by its
/// signature, not by its name).
///
/// Everything the header declares is checked before the data is allocated: the magic
/// number, every size non-zero, the total against the memory budget; then the data must
/// be exactly as long as declared (`IDXError.truncated`, `.trailingData`).
public struct IDXFile: Sendable {
    /// Magic number of an image file: unsigned bytes, 3 dimensions.
    public static let imageMagic: UInt32 = 0x0000_0803
    /// Magic number of a label file: unsigned bytes, 1 dimension.
    public static let labelMagic: UInt32 = 0x0000_0801

    /// The path the file was read from.
    public let path: String
    /// The sizes of its dimensions (count first).
    public let dimensions: [Int]
    /// The elements, row-major.
    public let bytes: [UInt8]

    /// Reads the image file at `path`: dimensions [count, rows, columns].
    public static func images(at path: String, budget: MemoryBudget = .system) throws -> IDXFile {
        try read(path, magic: imageMagic, names: ["images", "rows", "columns"], budget: budget)
    }

    /// Reads the label file at `path`: dimensions [count].
    public static func labels(at path: String, budget: MemoryBudget = .system) throws -> IDXFile {
        try read(path, magic: labelMagic, names: ["labels"], budget: budget)
    }

    static func read(_ path: String, magic: UInt32, names: [String], budget: MemoryBudget) throws -> IDXFile {
        // The compressed (or plain) bytes: a regular file only, never blocking, at most the budget.
        let raw = try RegularFile.read(path, limit: budget.limitBytes)
        var source = try IDXByteSource(path: path, raw: raw)
        let headerBytes = 4 * (1 + names.count)
        // The magic number first, so that a wrong file is named as such even when it is short.
        let (magicBytes, magicFound) = try source.read(4)
        guard magicFound == 4 else { throw IDXError.shortHeader(path: path, needed: headerBytes, found: magicFound) }
        let found = bigEndian(magicBytes, at: 0)
        guard found == magic else { throw IDXError.wrongMagic(path: path, found: found, expected: magic) }
        let (header, sizesFound) = try source.read(4 * names.count)
        guard sizesFound == 4 * names.count else {
            throw IDXError.shortHeader(path: path, needed: headerBytes, found: 4 + sizesFound)
        }
        var dimensions: [Int] = []
        for (k, name) in names.enumerated() {
            let size = Int(bigEndian(header, at: 4 * k))
            guard size > 0 else { throw IDXError.emptyDimension(path: path, dimension: "\(name)") }
            dimensions.append(size)
        }
        let count = ByteCount.product(dimensions)
        let what = "\(path): " + (dimensions.count == 3 ? "\(dimensions[0]) images of \(dimensions[1]) x \(dimensions[2]) pixels"
                                                     : "\(dimensions[0]) labels")
        try budget.check(count, for: what)
        let (bytes, dataFound) = try source.read(count!)
        guard dataFound == count! else { throw IDXError.truncated(path: path, declared: count!, found: dataFound) }
        try source.finish(declared: count!)
        return IDXFile(path: path, dimensions: dimensions, bytes: bytes)
    }

    private static func bigEndian(_ b: [UInt8], at i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }
}

/// The bytes of an IDX file in order, from a plain file's contents or through zlib.
struct IDXByteSource {
    let path: String
    private let raw: Data
    private let gzip: GzipInflation?
    private var offset = 0

    init(path: String, raw: Data) throws {
        self.path = path
        self.raw = raw
        gzip = GzipInflation.isGzip(raw) ? try GzipInflation(path: path, compressed: raw) : nil
    }

    /// The next `n` bytes, and how many of them the file held (fewer than `n` at its end).
    mutating func read(_ n: Int) throws -> (bytes: [UInt8], found: Int) {
        var out = [UInt8](repeating: 0, count: n)
        let got: Int
        if let gzip {
            got = try out.withUnsafeMutableBytes { try gzip.read(into: $0) }
        } else {
            got = Swift.min(n, raw.count - offset)
            if got > 0 {
                out.withUnsafeMutableBytes { dst in
                    raw.withUnsafeBytes { src in dst.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: got) }
                }
            }
            offset += got
        }
        return (out, got)
    }

    /// Checks that nothing follows the declared data (and, for gzip, that the stream ended
    /// with its checksum verified).
    mutating func finish(declared: Int) throws {
        if let gzip {
            var extra = [UInt8](repeating: 0, count: 1)
            let more = try extra.withUnsafeMutableBytes { try gzip.read(into: $0) }
            if more > 0 { throw IDXError.trailingData(path: path, declared: declared) }
            if gzip.cutShort {
                throw IDXError.corruptGzip(path: path, reason: "the file ends before the end of its gzip stream")
            }
        } else if offset < raw.count {
            throw IDXError.trailingData(path: path, declared: declared)
        }
    }
}
