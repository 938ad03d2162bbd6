import Foundation

/// A tiny IDX data set for the language's tests: `train` and `test` images of
/// rows x columns with pixel (k, p) = (7k + 3p) mod 256 and label k mod 10, written as
/// the four plain IDX files into `directory` (created if needed).
enum IDXTestFiles {
    static func write(to directory: URL, train: Int = 20, test: Int = 10, rows: Int = 28, columns: Int = 28) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func be(_ x: Int) -> [UInt8] { [UInt8(x >> 24 & 0xff), UInt8(x >> 16 & 0xff), UInt8(x >> 8 & 0xff), UInt8(x & 0xff)] }
        func images(_ n: Int) -> [UInt8] {
            let p = rows * columns
            return be(0x803) + be(n) + be(rows) + be(columns) + (0..<(n * p)).map { UInt8((7 * ($0 / p) + 3 * ($0 % p)) % 256) }
        }
        func labels(_ n: Int) -> [UInt8] { be(0x801) + be(n) + (0..<n).map { UInt8($0 % 10) } }
        for (name, bytes) in [("train-images-idx3-ubyte", images(train)), ("train-labels-idx1-ubyte", labels(train)),
                              ("t10k-images-idx3-ubyte", images(test)), ("t10k-labels-idx1-ubyte", labels(test))] {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
    }
}
