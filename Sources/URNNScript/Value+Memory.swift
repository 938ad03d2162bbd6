import URNNEngine

/// How much memory a script's values hold, so that a loop cannot grow them without
/// bound: one matrix is capped at `Builtins.maxElements`, and all the values the
/// session's names hold together at `Builtins.maxValueBytes`.
extension Value {
    /// Bytes the value holds, counting shared storage once per reference (an
    /// overestimate when two names share a matrix).
    var approximateBytes: Int {
        switch self {
        case .none, .bool, .number, .object: return 8
        case .complex: return 16
        case .string(let s): return 16 + s.utf8.count
        case .matrix(let m): return 32 + 8 * m.count
        case .complexMatrix(let m): return 32 + 16 * m.count
        case .list(let items):
            var total = 16
            for item in items { total += 8 + item.approximateBytes }
            return total
        }
    }
}

extension Builtins {
    /// The most memory the values of a session's names may hold together, and any one
    /// value: 1 GiB, 32 matrices of the largest size.
    public static let maxValueBytes = 1 << 30

    /// The error for values past the limit: "script values: too large: needs 1.03 GiB (limit 1.00 GiB)".
    static func valuesTooLarge(_ bytes: Int, limit: Int, at location: SourceLocation?) -> ScriptError {
        ScriptError("\(MemoryError.tooLarge("script values", needed: bytes, limit: limit))", at: location)
    }
}

extension Interpreter {
    /// Binds `name` to `value` after checking that the session's values stay within
    /// `valueMemoryLimit` (the value it replaces no longer counts).
    func store(_ name: String, _ value: Value, at location: SourceLocation?) throws {
        let total = valueBytes - (bytesByName[name] ?? 0) + value.approximateBytes
        guard total <= valueMemoryLimit else { throw Builtins.valuesTooLarge(total, limit: valueMemoryLimit, at: location) }
        define(name, value)
    }

    /// Updates the byte count after `name` was bound.
    func recordBytes(of name: String) {
        let bytes = globals[name]?.approximateBytes ?? 0
        valueBytes += bytes - (bytesByName[name] ?? 0)
        bytesByName[name] = bytes
    }
}
