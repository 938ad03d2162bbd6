/// Errors from the linear-algebra core. Each says what was wrong in words a user can act on.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    case shapeMismatch(operation: String, lhs: String, rhs: String)
    case notSquare(operation: String, shape: String)
    case empty(operation: String)
    case raggedRows
    case singular(operation: String)
    case nonFinite(operation: String)
    /// Finite entries whose result overflowed (LAPACK returned NaN or Inf).
    case overflow(operation: String, result: String)
    case lapackFailure(routine: String, info: Int32)

    public var description: String {
        switch self {
        case let .shapeMismatch(op, l, r): return "\(op): shapes \(l) and \(r) do not match"
        case let .notSquare(op, s): return "\(op) needs a square matrix, got \(s)"
        case let .empty(op): return "\(op) needs a non-empty matrix"
        case .raggedRows: return "matrix rows have different lengths"
        case let .singular(op): return "\(op): the matrix is singular"
        case let .nonFinite(op): return "\(op): the matrix has NaN or infinite entries"
        case let .overflow(op, result):
            return "\(op): the \(result) could not be computed: the entries are so large that the computation "
                + "overflows (NaN or Inf); scale the matrix down"
        case let .lapackFailure(r, info): return "LAPACK \(r) failed (info = \(info))"
        }
    }
}
