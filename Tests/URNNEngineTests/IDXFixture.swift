import Foundation
@testable import URNNEngine

/// Small IDX files written by hand for the loader's tests: the header as the format
/// defines it (big-endian magic and sizes), and gzip built from deflate's stored
/// blocks with the CRC-32 trailer, so that the reader's zlib path is checked against
/// bytes that did not come from zlib.
enum IDXFixture {
    static func bigEndian(_ x: UInt32) -> [UInt8] { [UInt8(x >> 24), UInt8(x >> 16 & 0xff), UInt8(x >> 8 & 0xff), UInt8(x & 0xff)] }

    /// An IDX file: `magic`, the sizes, then `body`.
    static func file(magic: UInt32, sizes: [Int], body: [UInt8]) -> [UInt8] {
        bigEndian(magic) + sizes.flatMap { bigEndian(UInt32($0)) } + body
    }

    /// `count` images of rows x columns with pixel (k, p) = (7k + 3p) mod 256, and labels k mod classes.
    static func images(count: Int, rows: Int = 28, columns: Int = 28) -> [UInt8] {
        let p = rows * columns
        let body = (0..<(count * p)).map { UInt8(((7 * ($0 / p)) + 3 * ($0 % p)) % 256) }
        return file(magic: IDXFile.imageMagic, sizes: [count, rows, columns], body: body)
    }

    static func labels(count: Int, classes: Int = 10) -> [UInt8] {
        file(magic: IDXFile.labelMagic, sizes: [count], body: (0..<count).map { UInt8($0 % classes) })
    }

    /// `bytes` as a one-member gzip file of stored (uncompressed) deflate blocks.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]
        var start = 0
        repeat {
            let n = min(65_535, bytes.count - start)
            let final: UInt8 = start + n == bytes.count ? 1 : 0
            out += [final, UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8((~n >> 8) & 0xff)]
            out += bytes[start..<(start + n)]
            start += n
        } while start < bytes.count
        let crc = CRC32.checksum(bytes), size = UInt32(truncatingIfNeeded: bytes.count)
        for x in [crc, size] { out += [UInt8(x & 0xff), UInt8(x >> 8 & 0xff), UInt8(x >> 16 & 0xff), UInt8(x >> 24)] }
        return out
    }

    /// A fresh directory with the four files: `train` and `test` images (plain, or gzip
    /// when `gzip`), with `edit` applied to each file's bytes by name before writing.
    static func directory(train: Int = 12, test: Int = 6, rows: Int = 28, columns: Int = 28, gzip: Bool = false,
                          edit: (String, inout [UInt8]) -> Void = { _, _ in }) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let names = IDXDataSet.fileNames
        let files: [(String, [UInt8])] = [
            (names.trainImages, images(count: train, rows: rows, columns: columns)), (names.trainLabels, labels(count: train)),
            (names.testImages, images(count: test, rows: rows, columns: columns)), (names.testLabels, labels(count: test)),
        ]
        for (name, bytes) in files {
            var b = bytes
            edit(name, &b)
            let data = gzip ? Self.gzip(b) : b
            try Data(data).write(to: dir.appendingPathComponent(gzip ? name + ".gz" : name))
        }
        return dir
    }
}
