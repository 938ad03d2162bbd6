import Numerics
import URNNEngine

/// The operators on values. Shapes are checked here, because the engine's elementwise
/// operators only assert them: a script must get an error with a location, not a trap.
enum Arithmetic {
    static func negate(_ v: Value, at location: SourceLocation) throws -> Value {
        switch v {
        case .number(let x): return .number(-x)
        case .complex(let z): return .complex(-z)
        case .matrix(let m): return .matrix(-m)
        case .complexMatrix(let m): return .complexMatrix(-m)
        default: throw ScriptError("type error: cannot negate \(v.typeAndName)", at: location)
        }
    }

    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceLocation) throws -> Value {
        switch op {
        case .equal: return .bool(a.equals(b))
        case .notEqual: return .bool(!a.equals(b))
        case .less, .lessEqual, .greater, .greaterEqual: return try compare(op, a, b, at: location)
        default: break
        }
        switch (op, a, b) {
        case let (.add, .string(x), .string(y)):
            guard x.utf8.count + y.utf8.count <= Builtins.maxElements else { throw tooLarge(at: location) }
            return .string(x + y)
        case let (.add, .list(x), .list(y)):
            guard x.count + y.count <= Builtins.maxElements else { throw tooLarge(at: location) }
            let list = Value.list(x + y)
            let bytes = list.approximateBytes
            guard bytes <= Builtins.maxValueBytes else { throw Builtins.valuesTooLarge(bytes, limit: Builtins.maxValueBytes, at: location) }
            return list
        case let (_, .number(x), .number(y)) where op != .matmul:
            return .number(real(op, x, y))
        default: break
        }
        guard isNumeric(a) && isNumeric(b) else {
            throw ScriptError("type error: cannot apply '\(op.rawValue)' to \(a.typeAndName) and \(b.typeAndName)", at: location)
        }
        if op == .matmul { return try matmul(a, b, at: location) }
        if case .matrix(let x) = a, case .matrix(let y) = b {
            try sameShape(x, y, op, at: location)
            return .matrix(zipElements(x, y) { real(op, $0, $1) })
        }
        if case .matrix(let x) = a, case .number(let s) = b { return .matrix(x.map { real(op, $0, s) }) }
        if case .number(let s) = a, case .matrix(let y) = b { return .matrix(y.map { real(op, s, $0) }) }
        // Anything left involves a complex number or matrix: promote both sides.
        switch (complexify(a), complexify(b)) {
        case let (.complex(x), .complex(y)): return .complex(complex(op, x, y))
        case let (.complexMatrix(x), .complexMatrix(y)):
            try sameShape(x, y, op, at: location)
            return .complexMatrix(zipElements(x, y) { complex(op, $0, $1) })
        case let (.complexMatrix(x), .complex(s)): return .complexMatrix(x.map { complex(op, $0, s) })
        case let (.complex(s), .complexMatrix(y)): return .complexMatrix(y.map { complex(op, s, $0) })
        default:
            throw ScriptError("type error: cannot apply '\(op.rawValue)' to \(a.typeAndName) and \(b.typeAndName)", at: location)
        }
    }

    /// Doubling a list or string in a loop would exhaust memory before anyone could stop it.
    static func tooLarge(at location: SourceLocation) -> ScriptError {
        ScriptError("result too large (at most \(Builtins.maxElements) elements or bytes)", at: location)
    }

    static func isNumeric(_ v: Value) -> Bool {
        switch v {
        case .number, .complex, .matrix, .complexMatrix: return true
        default: return false
        }
    }

    static func complexify(_ v: Value) -> Value {
        switch v {
        case .number(let x): return .complex(Complex(x, 0))
        case .matrix(let m): return .complexMatrix(ComplexMatrix(real: m))
        default: return v
        }
    }

    static func real(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Double {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        default: return x / y
        }
    }

    static func complex(_ op: BinaryOperator, _ x: Complex<Double>, _ y: Complex<Double>) -> Complex<Double> {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        default: return x / y
        }
    }

    static func sameShape<S>(_ x: DenseMatrix<S>, _ y: DenseMatrix<S>, _ op: BinaryOperator,
                             at location: SourceLocation) throws {
        guard x.rows == y.rows && x.cols == y.cols else {
            throw ScriptError("shape error: '\(op.rawValue)' needs equal shapes, got \(x.shapeDescription) and \(y.shapeDescription)"
                              + (op == .multiply ? "; '*' is elementwise, '@' is the matrix product" : ""), at: location)
        }
    }

    static func zipElements<S>(_ x: DenseMatrix<S>, _ y: DenseMatrix<S>, _ f: (S, S) -> S) -> DenseMatrix<S> {
        DenseMatrix(rows: x.rows, cols: x.cols, elements: zip(x.elements, y.elements).map(f))
    }

    static func matmul(_ a: Value, _ b: Value, at location: SourceLocation) throws -> Value {
        func check<S>(_ x: DenseMatrix<S>, _ y: DenseMatrix<S>) throws -> DenseMatrix<S> {
            guard x.cols == y.rows else {
                throw ScriptError("shape error: '@' needs the columns of the left (\(x.shapeDescription)) to equal "
                                  + "the rows of the right (\(y.shapeDescription))", at: location)
            }
            return x * y
        }
        switch (a, b) {
        case let (.matrix(x), .matrix(y)): return .matrix(try check(x, y))
        case (.matrix, .complexMatrix), (.complexMatrix, .matrix), (.complexMatrix, .complexMatrix):
            if case .complexMatrix(let x) = complexify(a), case .complexMatrix(let y) = complexify(b) {
                return .complexMatrix(try check(x, y))
            }
        default: break
        }
        throw ScriptError("type error: '@' multiplies two matrices, got \(a.typeAndName) and \(b.typeAndName); "
                          + "use '*' to scale", at: location)
    }

    static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceLocation) throws -> Value {
        func result<T: Comparable>(_ x: T, _ y: T) -> Bool {
            switch op {
            case .less: return x < y
            case .lessEqual: return x <= y
            case .greater: return x > y
            default: return x >= y
            }
        }
        switch (a, b) {
        case let (.number(x), .number(y)): return .bool(result(x, y))
        case let (.string(x), .string(y)): return .bool(result(x, y))
        default:
            throw ScriptError("type error: cannot compare \(a.typeAndName) and \(b.typeAndName) with '\(op.rawValue)'",
                              at: location)
        }
    }
}
