/// Why a `.npy` file could not be read or written, with the file it concerns.
public struct NPYError: Error, Equatable, CustomStringConvertible {
    /// What was wrong, in terms of the NumPy format.
    public enum Problem: Error, Equatable, Sendable {
        case cannotRead(String)
        case cannotWrite(String)
        /// The file does not start with `\x93NUMPY`.
        case badMagic
        case unsupportedVersion(major: UInt8, minor: UInt8)
        case malformedHeader(String)
        /// A dtype other than float64 / complex128, e.g. `<i4`.
        case unsupportedDType(String)
        /// Not 1-D or 2-D, e.g. `(2, 3, 4)`.
        case unsupportedShape(String)
        case truncated(expected: Int, got: Int)
        case trailingBytes(expected: Int, got: Int)
    }

    /// The path of the file.
    public let file: String
    public let problem: Problem

    public init(file: String, _ problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public var description: String {
        let what: String
        switch problem {
        case let .cannotRead(reason): what = "cannot read: \(reason)"
        case let .cannotWrite(reason): what = "cannot write: \(reason)"
        case .badMagic: what = "bad magic: not a .npy file (it must start with \\x93NUMPY)"
        case let .unsupportedVersion(major, minor): what = "unsupported .npy format version \(major).\(minor) (1.0, 2.0 and 3.0 are read)"
        case let .malformedHeader(reason): what = "malformed header: \(reason)"
        case let .unsupportedDType(dtype): what = "unsupported dtype '\(dtype)' (float64 '<f8' and complex128 '<c16' are read)"
        case let .unsupportedShape(shape): what = "unsupported shape \(shape) (1-D and 2-D arrays are read)"
        case let .truncated(expected, got): what = "truncated data: expected \(expected) bytes got \(got)"
        case let .trailingBytes(expected, got): what = "\(got - expected) bytes after the data (expected \(expected) data bytes, found \(got))"
        }
        return "\(file): \(what)"
    }
}
