import Foundation
import XCTest
@testable import URNNEngine

/// The IDX loader against Debian's Fashion-MNIST files and against small hand-made
/// files for every error it reports.
final class IDXReaderTests: XCTestCase {
    static let fashionMNIST = "/usr/share/datasets/fashion-mnist"

    /// Values read independently of urnn, with Python's gzip module on Debian's files
    /// (dataset-fashion-mnist) and NumPy, e.g.
    /// `px = gzip.open(d + 'train-images-idx3-ubyte.gz').read()[16:]; list(px[392:420])`, and the checksums
    /// `a = np.frombuffer(px, np.uint8).astype(np.int64); a.sum(); (np.arange(len(a)) * a).sum()`.
    func testFashionMNISTKnownImagesAndLabels() throws {
        guard FileManager.default.fileExists(atPath: Self.fashionMNIST + "/train-images-idx3-ubyte.gz") else {
            throw XCTSkip("Debian's dataset-fashion-mnist is not installed (\(Self.fashionMNIST)); scripts/setup installs it")
        }
        let data = try IDXDataSet.load(directory: Self.fashionMNIST)
        XCTAssertEqual(data.train.count, 60_000)
        XCTAssertEqual(data.test.count, 10_000)
        XCTAssertEqual([data.train.rows, data.train.columns], [28, 28])
        XCTAssertEqual(data.classes, 10)
        XCTAssertEqual(Array(data.train.labels[0..<10]), [9, 0, 0, 3, 0, 2, 7, 2, 5, 5])
        XCTAssertEqual(Array(data.train.labels[59_997...]), [3, 0, 5])
        XCTAssertEqual(Array(data.test.labels[0..<10]), [9, 2, 1, 1, 6, 1, 4, 6, 5, 7])
        // Row 14 of the first training image.
        XCTAssertEqual(Array(data.train.pixels[392..<420]),
                       [0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216, 223, 229, 215,
                        218, 255, 77, 0])
        XCTAssertEqual(data.train.pixels[0..<784].reduce(0) { $0 + Int($1) }, 76_247)
        XCTAssertEqual(data.train.pixels[(59_999 * 784)...].reduce(0) { $0 + Int($1) }, 16_684)
        XCTAssertEqual(data.test.pixels[0..<784].reduce(0) { $0 + Int($1) }, 33_456)
        // Σ byte and Σ index·byte over each whole array (every byte, and its place).
        func sums(_ bytes: [UInt8]) -> (Int, Int) {
            var plain = 0, weighted = 0
            bytes.withUnsafeBufferPointer { p in
                for i in 0..<p.count { plain += Int(p[i]); weighted &+= i &* Int(p[i]) }
            }
            return (plain, weighted)
        }
        XCTAssertTrue(sums(data.train.pixels) == (3_431_114_169, 80_794_193_013_333_615))
        XCTAssertTrue(sums(data.test.pixels) == (573_469_082, 2_247_811_989_637_831))
        XCTAssertEqual(sums(data.train.labels).1, 8_087_216_427)
        XCTAssertEqual(sums(data.test.labels).1, 225_732_341)
    }

    func testPlainAndGzipFixturesReadAlike() throws {
        for gzip in [false, true] {
            let dir = try IDXFixture.directory(train: 12, test: 6, rows: 5, columns: 4, gzip: gzip)
            defer { try? FileManager.default.removeItem(at: dir) }
            let data = try IDXDataSet.load(directory: dir.path)
            XCTAssertEqual(data.train.count, 12, "gzip \(gzip)")
            XCTAssertEqual([data.train.rows, data.train.columns], [5, 4])
            XCTAssertEqual(data.classes, 10)
            XCTAssertEqual(data.train.pixels[20 * 3 + 7], UInt8((7 * 3 + 3 * 7) % 256))
            XCTAssertEqual(Array(data.test.labels), [0, 1, 2, 3, 4, 5])
            XCTAssertTrue(data.train.imagePath.hasSuffix(gzip ? ".gz" : "ubyte"))
        }
    }

    /// A large gzip member (several stored blocks) and two concatenated members read as one stream.
    func testGzipBlocksAndMembers() throws {
        let dir = try IDXFixture.directory(train: 200, test: 3, gzip: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let labels = IDXFixture.labels(count: 3)
        let twoMembers = IDXFixture.gzip(Array(labels[0..<5])) + IDXFixture.gzip(Array(labels[5...]))
        try Data(twoMembers).write(to: dir.appendingPathComponent(IDXDataSet.fileNames.testLabels + ".gz"))
        let data = try IDXDataSet.load(directory: dir.path)
        XCTAssertEqual(data.train.pixels.count, 200 * 784)
        XCTAssertEqual(data.train.pixels[199 * 784 + 783], UInt8((7 * 199 + 3 * 783) % 256))
        XCTAssertEqual(Array(data.test.labels), [0, 1, 2])
    }

    /// Loads a fixture directory with one file edited, and returns the error's text.
    private func loadError(gzip: Bool = false, _ file: String, _ edit: @escaping (inout [UInt8]) -> Void,
                           line: UInt = #line) throws -> String {
        let dir = try IDXFixture.directory(gzip: gzip) { name, bytes in if name == file { edit(&bytes) } }
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try IDXDataSet.load(directory: dir.path)
            XCTFail("loaded a data set with an edited \(file)", line: line)
            return ""
        } catch let error as IDXError {
            return error.description
        }
    }

    func testErrorsNameTheFileAndTheProblem() throws {
        let names = IDXDataSet.fileNames
        for gzip in [false, true] {
            let suffix = gzip ? ".gz" : ""
            // Wrong magic: a label file where images belong, and bytes that are no IDX at all.
            var text = try loadError(gzip: gzip, names.trainImages) { $0 = IDXFixture.labels(count: 12) }
            XCTAssertTrue(text.contains(names.trainImages + suffix + ": magic number 0x00000801, expected 0x00000803"), text)
            XCTAssertTrue(text.contains("are the file names swapped"), text)
            text = try loadError(gzip: gzip, names.testLabels) { $0 = Array("hello, world".utf8) }
            XCTAssertTrue(text.contains(names.testLabels + suffix + ": magic number 0x68656c6c"), text)
            XCTAssertTrue(text.contains("not an IDX file"), text)
            // Bad dimension counts: 0x00000802 is unsigned bytes in 2 dimensions.
            text = try loadError(gzip: gzip, names.trainImages) { $0[3] = 2 }
            XCTAssertTrue(text.contains("magic number 0x00000802, expected 0x00000803"), text)
            text = try loadError(gzip: gzip, names.trainImages) { $0.replaceSubrange(8..<12, with: [0, 0, 0, 0]) }
            XCTAssertTrue(text.contains(names.trainImages + suffix + ": the header declares rows of 0"), text)
            // Counts that disagree.
            text = try loadError(gzip: gzip, names.trainLabels) { $0 = IDXFixture.labels(count: 11) }
            XCTAssertTrue(text.contains("holds 12 images but"), text)
            XCTAssertTrue(text.contains(names.trainLabels + suffix + " holds 11 labels"), text)
            // Truncated data and header, and bytes beyond the data.
            text = try loadError(gzip: gzip, names.testImages) { $0.removeLast(100) }
            XCTAssertTrue(text.contains(names.testImages + suffix + ": truncated: the header declares 4704 bytes of data, "
                                        + "the file holds 4604"), text)
            text = try loadError(gzip: gzip, names.testLabels) { $0.removeLast($0.count - 6) }
            XCTAssertTrue(text.contains(names.testLabels + suffix + ": truncated: 6 bytes, shorter than the 8-byte header"), text)
            text = try loadError(gzip: gzip, names.trainLabels) { $0.append(0) }
            XCTAssertTrue(text.contains(names.trainLabels + suffix + ": more bytes than the 12 bytes of data"), text)
            // A test label outside the training labels' classes.
            text = try loadError(gzip: gzip, names.testLabels) { $0[8 + 4] = 10 }
            XCTAssertTrue(text.contains(names.testLabels + suffix + ": label 10 at item 4 is outside the classes 0..9"), text)
            // Images of another size.
            text = try loadError(gzip: gzip, names.testImages) { $0 = IDXFixture.images(count: 6, rows: 28, columns: 27) }
            XCTAssertTrue(text.contains("28 x 27"), text)
        }
    }

    func testGzipCorruptionAndCutShortStreams() throws {
        let name = IDXDataSet.fileNames.trainLabels
        let dir = try IDXFixture.directory(gzip: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name + ".gz")
        let good = try Data(contentsOf: path)
        // A flipped data byte: the CRC-32 in the trailer no longer matches.
        var bad = good
        bad[bad.count - 10] ^= 0xff
        try bad.write(to: path)
        XCTAssertThrowsError(try IDXDataSet.load(directory: dir.path)) { error in
            XCTAssertTrue("\(error)".contains(name + ".gz: the gzip data is corrupt (incorrect data check)"), "\(error)")
        }
        // The trailer cut off: every data byte is there, but the stream never ends.
        try good.prefix(good.count - 8).write(to: path)
        XCTAssertThrowsError(try IDXDataSet.load(directory: dir.path)) { error in
            XCTAssertTrue("\(error)".contains(name + ".gz: the gzip data is corrupt (the file ends before the end"), "\(error)")
        }
    }

    func testMissingFileAndNotRegularFiles() throws {
        let names = IDXDataSet.fileNames
        let dir = try IDXFixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let labels = dir.appendingPathComponent(names.testLabels)
        try FileManager.default.removeItem(at: labels)
        XCTAssertThrowsError(try IDXDataSet.load(directory: dir.path)) { error in
            XCTAssertEqual(error as? IDXError, .missingFile(directory: dir.path, name: names.testLabels))
            XCTAssertTrue("\(error)".contains("no t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz"), "\(error)")
        }
        // A FIFO is refused without blocking; so is a directory.
        XCTAssertEqual(mkfifo(labels.path, 0o600), 0)
        XCTAssertThrowsError(try IDXDataSet.load(directory: dir.path)) { error in
            XCTAssertTrue(error is FileAccessError, "\(error)")
            XCTAssertTrue("\(error)".contains(labels.path) && "\(error)".contains("FIFO"), "\(error)")
        }
        try FileManager.default.removeItem(at: labels)
        try FileManager.default.createDirectory(at: labels, withIntermediateDirectories: false)
        XCTAssertThrowsError(try IDXDataSet.load(directory: dir.path)) { error in
            XCTAssertTrue("\(error)".contains(labels.path) && "\(error)".contains("directory"), "\(error)")
        }
    }

    func testSizesAreCheckedAgainstTheBudgetBeforeAllocating() throws {
        // A 16-byte header declaring 2^32 - 1 images of 65535 x 65535: refused by the budget, not allocated.
        let dir = try IDXFixture.directory { name, bytes in
            if name == IDXDataSet.fileNames.trainImages {
                bytes = IDXFixture.file(magic: IDXFile.imageMagic, sizes: [0xffff_ffff, 65_535, 65_535], body: [])
            }
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertThrowsError(try IDXDataSet.load(directory: dir.path, budget: MemoryBudget(limitBytes: 1 << 30))) { error in
            XCTAssertTrue(error is MemoryError, "\(error)")
            XCTAssertTrue("\(error)".contains("4294967295 images of 65535 x 65535 pixels: too large"), "\(error)")
        }
    }
}
