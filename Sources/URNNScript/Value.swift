import Numerics
import URNNEngine

/// An object of the engine held by a script: a model, corpus, task, training run or results
/// table. The language knows it only through this protocol; the command handlers make them.
public protocol ScriptObject: AnyObject {
    /// "model", "corpus", "task", "run" or "results": what type errors and `show` call it.
    var kindName: String { get }
    /// The name it is known by in the script ("u", "kjv").
    var displayName: String { get }
    /// A one-line description: kind, key options, state.
    var summary: String { get }
    /// What it is in a few words, for the note when a name is rebound to another object:
    /// "rnn(H=16, tanh, init=orthogonal)", "copy task".
    var brief: String { get }
    /// The member `name` (`m.W`, `m.history`, `c.vocab`); throws `MemberError` for an unknown one.
    func member(_ name: String) throws -> Value
    /// The member names, for "did you mean" and completion.
    var memberNames: [String] { get }
    /// The object as CSV text, for `export OBJ to "x.csv"`; nil when it is not a table.
    func csv() -> String?
}

extension ScriptObject {
    public var brief: String { "\(kindName) '\(displayName)'" }
    public var memberNames: [String] { [] }
    public func csv() -> String? { nil }
}

/// An error from a `ScriptObject` member lookup or handler; the interpreter adds the location.
public struct MemberError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A value of the language.
public enum Value {
    /// What a statement with no value yields.
    case none
    case number(Double)
    case complex(Complex<Double>)
    case string(String)
    case bool(Bool)
    case list([Value])
    /// A real matrix; never empty (the language rejects 0-row or 0-column shapes).
    case matrix(Matrix)
    /// A complex matrix; never empty.
    case complexMatrix(ComplexMatrix)
    case object(ScriptObject)

    /// The value's kind in messages: "number", "matrix", "model".
    public var typeName: String {
        switch self {
        case .none: return "nothing"
        case .number: return "number"
        case .complex: return "complex number"
        case .string: return "string"
        case .bool: return "bool"
        case .list: return "list"
        case .matrix: return "matrix"
        case .complexMatrix: return "complex matrix"
        case .object(let o): return o.kindName
        }
    }

    /// The kind and, for objects, the name: "corpus 'kjv'", "number 3".
    public var typeAndName: String {
        switch self {
        case .object(let o): return "\(o.kindName) '\(o.displayName)'"
        case .number(let x): return "number \(formatReal(x))"
        case .string(let s): return "string \"\(s)\""
        case .matrix(let m): return "\(m.shapeDescription) matrix"
        case .complexMatrix(let m): return "\(m.shapeDescription) complex matrix"
        default: return typeName
        }
    }

    /// The names after `.` that the value answers (`W.rows`, `u.history`, `kjv.vocab`): for
    /// messages and for completion.
    public var memberNames: [String] {
        switch self {
        case .object(let o): return o.memberNames
        case .matrix: return ["rows", "cols", "T", "H"]
        case .complexMatrix: return ["rows", "cols", "T", "H", "real", "imag"]
        case .complex: return ["real", "imag"]
        default: return []
        }
    }

    /// How `print` and string interpolation show the value.
    public var display: String {
        switch self {
        case .string(let s): return s
        default: return description
        }
    }

    /// Truth for `if`, `while`, `and`, `or`, `not`: only booleans have it.
    var truth: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }
}

extension Value: CustomStringConvertible {
    /// The value as the REPL shows it (strings quoted).
    public var description: String {
        switch self {
        case .none: return ""
        case .number(let x): return formatReal(x)
        case .complex(let z): return formatScalar(z)
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        case .list:
            var text = ""
            describeList(into: &text)
            return text
        case .matrix(let m): return formatMatrix(m)
        case .complexMatrix(let m): return formatMatrix(m)
        case .object(let o): return o.summary
        }
    }
}

/// A matrix with its columns aligned, one row per line.
func formatMatrix<S: LinearAlgebraScalar>(_ m: DenseMatrix<S>) -> String {
    let cells = (0..<m.rows).map { i in (0..<m.cols).map { j in formatScalar(m[i, j]) } }
    let widths = (0..<m.cols).map { j in cells.map { $0[j].count }.max() ?? 0 }
    return cells.map { row in
        row.enumerated().map { j, s in String(repeating: " ", count: widths[j] - s.count) + s }
            .joined(separator: "  ")
    }.joined(separator: "\n")
}

extension Value {
    /// Structural equality for `==`: numbers, strings, booleans, lists and matrices by
    /// content, objects by identity.
    func equals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.none, .none): return true
        case let (.number(a), .number(b)): return a == b
        case let (.complex(a), .complex(b)): return a == b
        case let (.number(a), .complex(b)), let (.complex(b), .number(a)): return b == Complex(a, 0)
        case let (.string(a), .string(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case let (.list(a), .list(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.equals($1) }
        case let (.matrix(a), .matrix(b)): return a == b
        case let (.complexMatrix(a), .complexMatrix(b)): return a == b
        case let (.matrix(a), .complexMatrix(b)), let (.complexMatrix(b), .matrix(a)): return ComplexMatrix(real: a) == b
        case let (.object(a), .object(b)): return a === b
        default: return false
        }
    }
}

extension Value {
    /// An item of a list that is not a number.
    struct NotANumber: Error { let item: Value }

    /// The items of a list of numbers, real or complex, and whether all are real.
    static func numbers(_ items: [Value]) throws(NotANumber) -> (values: [Complex<Double>], real: Bool) {
        var zs: [Complex<Double>] = []
        var real = true
        for item in items {
            switch item {
            case .number(let x): zs.append(Complex(x))
            case .complex(let z): zs.append(z); real = false
            default: throw NotANumber(item: item)
            }
        }
        return (zs, real)
    }
}

extension Value {
    /// How deeply lists may nest; keeps printing and comparing them off the stack's edge.
    static let maxNesting = 32

    /// True when the value nests at most `maxNesting` lists deep and holds at most `budget`
    /// items in all; stops counting as soon as either bound is passed.
    func isBounded(depth: Int, budget: inout Int) -> Bool {
        guard case .list(let items) = self else { return true }
        guard depth < Value.maxNesting else { return false }
        budget -= items.count
        if budget < 0 { return false }
        for item in items where !item.isBounded(depth: depth + 1, budget: &budget) { return false }
        return true
    }

    /// Appends the list's text, cut off with "..." past `maxElements` characters, since
    /// lists that share their parts can describe to far more text than memory holds.
    func describeList(into text: inout String) {
        guard case .list(let items) = self else { text += description; return }
        text += "["
        for (k, item) in items.enumerated() {
            if text.utf8.count > Builtins.maxElements { text += "..."; break }
            if k > 0 { text += ", " }
            if case .list = item { item.describeList(into: &text) } else { text += item.description }
        }
        text += "]"
    }
}
