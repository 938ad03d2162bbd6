import XCTest
import Foundation
import Numerics
@testable import URNNEngine

// .npy: bit-exact round trips, files written by NumPy (Fixtures/make_fixtures.py),
// and clear errors for damaged files.

final class NPYTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: folder)
    }

    private func fixture(_ name: String) throws -> URL {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent(name)
        XCTAssertTrue(FileManager.default.fileExists(atPath: url.path), "missing fixture \(name)")
        return url
    }

    // MARK: round trips

    /// Values that a lossy path would change: signed zero, subnormals, infinities, NaN payloads.
    private func awkwardValues(_ count: Int, using g: inout SeededGenerator) -> [Double] {
        let special: [Double] = [0, -0.0, .leastNonzeroMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude,
                                 .infinity, -.infinity, .nan, Double(bitPattern: 0x7FF4_0000_0000_0001), 1 / 3]
        return (0..<count).map { k in k < special.count ? special[k] : g.normal() * pow(10, g.uniform(-300, 300)) }
    }

    func testRealRoundTripIsBitExact() throws {
        var g = SeededGenerator(seed: 41)
        for (rows, cols) in [(3, 5), (1, 1), (17, 2), (0, 4)] {
            let m = Matrix(rows: rows, cols: cols, elements: awkwardValues(rows * cols, using: &g))
            for version in [NPY.FormatVersion.v1, .v2] {
                let url = folder.appendingPathComponent("m.npy")
                try NPY.write(m, to: url, version: version)
                guard case let .real(back) = try NPY.read(from: url) else { return XCTFail("read back as complex") }
                XCTAssertEqual(back.rows, rows)
                XCTAssertEqual(back.cols, cols)
                XCTAssertEqual(back.elements.map(\.bitPattern), m.elements.map(\.bitPattern), "\(rows)x\(cols) \(version)")
            }
        }
    }

    func testComplexRoundTripIsBitExact() throws {
        var g = SeededGenerator(seed: 42)
        let re = awkwardValues(24, using: &g), im = awkwardValues(24, using: &g).reversed()
        let m = ComplexMatrix(rows: 4, cols: 6, elements: zip(re, im).map { Complex($0, $1) })
        let url = folder.appendingPathComponent("z.npy")
        try NPY.write(m, to: url)
        guard case let .complex(back) = try NPY.read(from: url) else { return XCTFail("read back as real") }
        XCTAssertEqual(back.rows, 4)
        XCTAssertEqual(back.elements.map { [$0.rawStorage.x.bitPattern, $0.rawStorage.y.bitPattern] },
                       m.elements.map { [$0.rawStorage.x.bitPattern, $0.rawStorage.y.bitPattern] })
    }

    func testHeaderIsPaddedToSixtyFourBytesAndWriteReplacesAtomically() throws {
        let url = folder.appendingPathComponent("a.npy")
        try NPY.write(Matrix.identity(2), to: url)
        try NPY.write(Matrix.identity(3), to: url)
        let data = try Data(contentsOf: url)
        XCTAssertEqual((data.count - 9 * 8) % 64, 0, "data must start on a 64-byte boundary")
        XCTAssertEqual(data[data.startIndex + 6], 1)
        XCTAssertEqual(try NPY.read(from: url), .real(.identity(3)))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "a.npy" }
        XCTAssertEqual(leftovers, [], "no temporary files may remain")
    }

    // MARK: files written by NumPy

    /// The 3x4 matrix (i, j) -> (4i + j)/7 of make_fixtures.py.
    private let sevenths = Matrix(rows: 3, cols: 4) { i, j in Double(4 * i + j) / 7 }
    /// The 2x3 matrix (i, j) -> k/7 − i k/3 with k = 3i + j.
    private let complexFixture = ComplexMatrix(rows: 2, cols: 3) { i, j in
        Complex(Double(3 * i + j) / 7, -Double(3 * i + j) / 3)
    }

    func testReadsNumPyFiles() throws {
        for name in ["real_c.npy", "real_fortran.npy", "real_v2.npy", "big_endian.npy"] {
            XCTAssertEqual(try NPY.read(from: fixture(name)), .real(sevenths), name)
        }
        for name in ["complex_c.npy", "complex_fortran_v3.npy"] {
            XCTAssertEqual(try NPY.read(from: fixture(name)), .complex(complexFixture), name)
        }
        let vector = Matrix(rows: 5, cols: 1) { i, _ in Double(i) / 7 - 1 }
        XCTAssertEqual(try NPY.read(from: fixture("vector.npy")), .real(vector), "1-D reads as a column")
    }

    func testOurFilesReadInNumPy() throws {
        let url = folder.appendingPathComponent("from-swift.npy")
        try NPY.write(complexFixture, to: url)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import sys, numpy as np
            a = np.load(sys.argv[1]); k = np.arange(6.0).reshape(2, 3)
            sys.exit(0 if a.dtype == np.complex128 and (a == k / 7 - 1j * (k / 3)).all() else 3)
            """, url.path]
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        // 1: numpy is missing (ImportError); 127: python3 is missing.
        if p.terminationStatus == 1 || p.terminationStatus == 127 { throw XCTSkip("no python3 with numpy") }
        XCTAssertEqual(p.terminationStatus, 0, "numpy read different values from \(url.path)")
    }

    // MARK: errors

    private func assertReadError(_ url: URL, _ problem: NPYError.Problem, _ message: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try NPY.read(from: url), file: file, line: line) { error in
            guard let e = error as? NPYError else { return XCTFail("not an NPYError: \(error)", file: file, line: line) }
            XCTAssertEqual(e.problem, problem, file: file, line: line)
            XCTAssertEqual(e.description, "\(url.path): \(message)", file: file, line: line)
        }
    }

    func testDamagedFilesGiveErrorsNamingFileAndProblem() throws {
        assertReadError(try fixture("truncated.npy"), .truncated(expected: 96, got: 91), "truncated data: expected 96 bytes got 91")
        assertReadError(try fixture("bad_magic.npy"), .badMagic, "bad magic: not a .npy file (it must start with \\x93NUMPY)")
        assertReadError(try fixture("int32.npy"), .unsupportedDType("<i4"),
                        "unsupported dtype '<i4' (float64 '<f8' and complex128 '<c16' are read)")
        assertReadError(try fixture("cube.npy"), .unsupportedShape("(2, 2, 2)"),
                        "unsupported shape (2, 2, 2) (1-D and 2-D arrays are read)")
        assertReadError(folder.appendingPathComponent("absent.npy"), .cannotRead("no such file"), "cannot read: no such file")
    }

    func testMalformedHeadersAreReportedNotGuessed() throws {
        func file(_ header: String, version: UInt8 = 1, data: Int = 8) throws -> URL {
            var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
            let text = Array(header.utf8)
            bytes += [UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + [UInt8](repeating: 0, count: data)
            let url = folder.appendingPathComponent("bad.npy")
            try Data(bytes).write(to: url)
            return url
        }
        let cases: [(String, NPYError.Problem)] = [
            ("{'descr': '<f8', 'fortran_order': False}", .malformedHeader("no 'shape' tuple")),
            ("{'descr': '<f8', 'fortran_order': maybe, 'shape': (1,)}", .malformedHeader("unexpected value for 'fortran_order' at character 34")),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (1)}", .malformedHeader("shape (1) is not a tuple; a 1-D shape is written (1,)")),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", .malformedHeader("unexpected value for 'x' at character 61")),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }  extra", .malformedHeader("text after the dictionary at character 59")),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}", .malformedHeader("expected a non-negative dimension at character 51")),
            ("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}", .unsupportedDType("a structured dtype")),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", .malformedHeader("expected '}' after the value of 'shape' at character 54")),
        ]
        for (header, problem) in cases {
            XCTAssertThrowsError(try NPY.read(from: file(header)), header) { XCTAssertEqual(($0 as? NPYError)?.problem, problem, header) }
        }
        XCTAssertThrowsError(try NPY.read(from: file("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", version: 4))) {
            XCTAssertEqual(($0 as? NPYError)?.problem, .unsupportedVersion(major: 4, minor: 0))
        }
        XCTAssertThrowsError(try NPY.read(from: file("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", data: 9))) {
            XCTAssertEqual(($0 as? NPYError)?.problem, .trailingBytes(expected: 8, got: 9))
        }
        // Every prefix of a good file fails cleanly (no crash, an NPYError).
        let good = try Data(contentsOf: fixture("complex_c.npy"))
        for cut in 0..<good.count {
            XCTAssertThrowsError(try NPY.decode(good.prefix(cut), file: "cut")) { XCTAssertTrue($0 is NPYError, "prefix \(cut)") }
        }
    }

    func testWriteIntoMissingFolderFailsWithFileName() {
        let url = folder.appendingPathComponent("no/such/folder/m.npy")
        XCTAssertThrowsError(try NPY.write(Matrix.identity(2), to: url)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(url.path): cannot write:"), "\(error)")
        }
    }
}
