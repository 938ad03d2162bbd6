import Foundation
import Numerics

// NumPy's .npy format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
// the magic \x93NUMPY, a major and minor version byte, the header length (2 bytes
// little-endian in 1.0, 4 bytes in 2.0 and 3.0), the header dict literal padded so that
// the data starts on a 64-byte boundary, then the raw elements. Read: versions 1.0, 2.0
// and 3.0 (3.0 only allows a UTF-8 header), float64 and complex128 of either byte order,
// 1-D and 2-D, C or Fortran order. Written: little-endian, Fortran order, because that
// is the engine's column-major layout byte for byte, so a round trip is bit-exact.

/// An array read from a `.npy` file.
public enum NPYArray: Sendable, Equatable {
    case real(Matrix)
    case complex(ComplexMatrix)

    /// The rows and columns (a 1-D array reads as an n x 1 column).
    public var shape: (rows: Int, cols: Int) {
        switch self {
        case let .real(m): return (m.rows, m.cols)
        case let .complex(m): return (m.rows, m.cols)
        }
    }

    /// The array as a complex matrix (a real one gains zero imaginary parts).
    public var asComplex: ComplexMatrix {
        switch self {
        case let .real(m): return ComplexMatrix(real: m)
        case let .complex(m): return m
        }
    }
}

/// Reading and writing NumPy `.npy` files.
public enum NPY {
    /// The format version to write. 1.0 allows headers up to 65535 bytes, which every
    /// 2-D array fits; 2.0 is offered for readers that ask for it.
    public enum FormatVersion: Sendable {
        case v1, v2
    }

    private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// Reads a float64 or complex128 array of one or two dimensions.
    public static func read(from url: URL) throws -> NPYArray {
        let data: Data
        do {
            data = try RegularFile.read(url.path)
        } catch let error as FileAccessError {
            throw NPYError(file: url.path, .cannotRead(error.reason))
        }
        return try decode(data, file: url.path)
    }

    /// Writes `m` (float64), atomically: a temporary file in the same folder, then a rename.
    public static func write(_ m: Matrix, to url: URL, version: FormatVersion = .v1) throws {
        try writeAtomically(encode(m, version: version), to: url)
    }

    /// Writes `m` (complex128), atomically.
    public static func write(_ m: ComplexMatrix, to url: URL, version: FormatVersion = .v1) throws {
        try writeAtomically(encode(m, version: version), to: url)
    }

    // MARK: encoding

    /// The bytes of a `.npy` file holding `m` (float64, Fortran order); with `vector`, the
    /// elements as a 1-D array of shape (count,), as NumPy writes `np.save("f", xs)` for a list.
    public static func encode(_ m: Matrix, vector: Bool = false, version: FormatVersion = .v1) -> Data {
        let shape = vector ? [m.count] : [m.rows, m.cols]
        var out = preamble(NPYHeader(elementType: .float64, fortranOrder: !vector, shape: shape), version)
        out.reserveCapacity(out.count + 8 * m.count)
        for x in m.elements { append(x.bitPattern, to: &out) }
        return out
    }

    /// The bytes of a `.npy` file holding `m` (complex128, Fortran order); with `vector`, a
    /// 1-D array of shape (count,).
    public static func encode(_ m: ComplexMatrix, vector: Bool = false, version: FormatVersion = .v1) -> Data {
        let shape = vector ? [m.count] : [m.rows, m.cols]
        var out = preamble(NPYHeader(elementType: .complex128, fortranOrder: !vector, shape: shape), version)
        out.reserveCapacity(out.count + 16 * m.count)
        for z in m.elements {
            // rawStorage, not .real/.imaginary, which read NaN for any non-finite value.
            append(z.rawStorage.x.bitPattern, to: &out)
            append(z.rawStorage.y.bitPattern, to: &out)
        }
        return out
    }

    private static func append(_ bits: UInt64, to out: inout Data) {
        withUnsafeBytes(of: bits.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Magic, version, header length and the space-padded header, a multiple of 64 bytes.
    private static func preamble(_ header: NPYHeader, _ version: FormatVersion) -> Data {
        let lengthBytes = version == .v1 ? 2 : 4
        var text = Array(header.literal.utf8)
        let fixed = magic.count + 2 + lengthBytes
        let padding = (64 - (fixed + text.count + 1) % 64) % 64
        text += [UInt8](repeating: 0x20, count: padding) + [0x0A]
        var out = Data(magic)
        out.append(contentsOf: version == .v1 ? [1, 0] : [2, 0])
        let n = UInt32(text.count)
        out.append(contentsOf: (0..<lengthBytes).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) })
        out.append(contentsOf: text)
        return out
    }

    private static func writeAtomically(_ data: Data, to url: URL) throws {
        do {
            // A missing folder is an error here, as for `np.save`; the language's `export`
            // creates folders as its other writers do.
            try AtomicFileWriter.write(data, to: url, createsFolder: false)
        } catch let error as FileAccessError {
            throw NPYError(file: url.path, .cannotWrite(error.reason))
        }
    }

    // MARK: decoding

    /// Decodes the bytes of a `.npy` file; `file` names it in errors.
    public static func decode(_ data: Data, file: String) throws -> NPYArray {
        let bytes = [UInt8](data)
        func fail(_ problem: NPYError.Problem) -> NPYError { NPYError(file: file, problem) }

        guard bytes.count >= 8, Array(bytes[0..<6]) == magic else { throw fail(.badMagic) }
        let (major, minor) = (bytes[6], bytes[7])
        guard (1...3).contains(major), minor == 0 else { throw fail(.unsupportedVersion(major: major, minor: minor)) }
        let lengthBytes = major == 1 ? 2 : 4
        let fixed = 8 + lengthBytes
        guard bytes.count >= fixed else { throw fail(.malformedHeader("the file ends before the header length")) }
        let headerLength = (0..<lengthBytes).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        guard bytes.count >= fixed + headerLength else {
            throw fail(.malformedHeader("\(headerLength) header bytes declared, \(bytes.count - fixed) present"))
        }
        let headerBytes = bytes[fixed..<(fixed + headerLength)]
        // 1.0 and 2.0 headers are latin-1 (in practice ASCII); 3.0 allows UTF-8.
        let text = major == 3 ? String(validating: headerBytes, as: UTF8.self)
                              : String(headerBytes.map { Character(Unicode.Scalar($0)) })
        guard let text else { throw fail(.malformedHeader("the header is not valid UTF-8")) }
        let header: NPYHeader
        do { header = try NPYHeader(parsing: text) } catch { throw fail(error) }

        let (rows, cols): (Int, Int)
        switch header.shape.count {
        case 1: (rows, cols) = (header.shape[0], 1)
        case 2: (rows, cols) = (header.shape[0], header.shape[1])
        default:
            let dims = header.shape.map(String.init).joined(separator: ", ")
            throw fail(.unsupportedShape("(\(dims)\(header.shape.count == 1 ? "," : ""))"))
        }
        let (count, countOverflow) = rows.multipliedReportingOverflow(by: cols)
        let (expected, bytesOverflow) = count.multipliedReportingOverflow(by: header.elementType.byteCount)
        guard !countOverflow, !bytesOverflow else { throw fail(.malformedHeader("shape \(header.shape) is too large")) }
        let start = fixed + headerLength
        let got = bytes.count - start
        if got < expected { throw fail(.truncated(expected: expected, got: got)) }
        if got > expected { throw fail(.trailingBytes(expected: expected, got: got)) }

        // Element k of the file is (i, j) with k = i·cols + j in C order, k = i + j·rows in Fortran order.
        func columnMajorIndex(_ k: Int) -> Int {
            header.fortranOrder || header.shape.count == 1 ? k : (k / cols) + (k % cols) * rows
        }
        let perElement = header.elementType.byteCount / 8
        let words: [Double] = bytes.withUnsafeBytes { raw in
            (0..<(count * perElement)).map { k in
                let bits = raw.loadUnaligned(fromByteOffset: start + 8 * k, as: UInt64.self)
                return Double(bitPattern: header.bigEndian ? UInt64(bigEndian: bits) : UInt64(littleEndian: bits))
            }
        }
        switch header.elementType {
        case .float64:
            var m = Matrix(rows: rows, cols: cols)
            for k in 0..<count { m.elements[columnMajorIndex(k)] = words[k] }
            return .real(m)
        case .complex128:
            var m = ComplexMatrix(rows: rows, cols: cols)
            for k in 0..<count { m.elements[columnMajorIndex(k)] = Complex(words[2 * k], words[2 * k + 1]) }
            return .complex(m)
        }
    }
}
