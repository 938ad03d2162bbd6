import Numerics
import URNNEngine

/// One index inside `[]`: a position, or a range `start:stop` (either end left out).
enum IndexValue {
    case position(Value)
    case range(Value?, Value?)
}

extension Interpreter {
    func indexValue(_ expr: Expr) throws -> IndexValue {
        if case let .slice(start, stop) = expr.kind {
            return .range(try start.map { try evaluate($0) }, try stop.map { try evaluate($0) })
        }
        return .position(try evaluate(expr))
    }

    /// `x[i]`, `x[a:b]`, `M[i, j]`, `M[i]` (row i as a list), `M[:, j]` (column j as a list),
    /// `M[a:b, c:d]` (a matrix). A position drops its dimension, a range keeps it; negative
    /// positions count from the end, and range ends are clamped as in Python.
    func index(_ target: Value, _ indices: [IndexValue], at location: SourceLocation) throws -> Value {
        func whole(_ v: Value) throws -> Int {
            guard case .number(let x) = v, let i = Builtins.exactInt(x) else {
                throw ScriptError("type error: an index must be a whole number, got \(v.typeAndName)", at: location)
            }
            return i
        }
        func position(_ v: Value, _ count: Int, _ what: String) throws -> Int {
            let i = try whole(v)
            let k = i < 0 ? i + count : i
            guard k >= 0 && k < count else {
                throw ScriptError("index \(i) out of range for \(what) of length \(count)", at: location)
            }
            return k
        }
        func range(_ start: Value?, _ stop: Value?, _ count: Int) throws -> Range<Int> {
            func clamp(_ v: Value?, _ otherwise: Int) throws -> Int {
                guard let v else { return otherwise }
                let i = try whole(v)
                return min(max(i < 0 ? i + count : i, 0), count)
            }
            let a = try clamp(start, 0), b = try clamp(stop, count)
            return a..<max(a, b)
        }
        /// The rows or columns an index selects, and whether it keeps its dimension.
        func select(_ index: IndexValue, _ count: Int, _ what: String) throws -> (Range<Int>, keeps: Bool) {
            switch index {
            case .position(let v): let k = try position(v, count, what); return (k..<(k + 1), false)
            case let .range(a, b): return (try range(a, b, count), true)
            }
        }
        func sub<S>(_ m: DenseMatrix<S>, _ wrap: (DenseMatrix<S>) -> Value, _ scalar: (S) -> Value) throws -> Value {
            let (rows, keepRows) = try select(indices[0], m.rows, "rows")
            let (cols, keepCols) = indices.count > 1 ? try select(indices[1], m.cols, "columns") : (0..<m.cols, true)
            switch (keepRows, keepCols) {
            case (false, false): return scalar(m[rows.lowerBound, cols.lowerBound])
            case (false, true): return .list(cols.map { scalar(m[rows.lowerBound, $0]) })
            case (true, false): return .list(rows.map { scalar(m[$0, cols.lowerBound]) })
            case (true, true):
                return wrap(DenseMatrix(rows: rows.count, cols: cols.count) { m[rows.lowerBound + $0, cols.lowerBound + $1] })
            }
        }
        switch (target, indices.count) {
        case (.list(let items), 1):
            switch indices[0] {
            case .position(let v): return items[try position(v, items.count, "list")]
            case let .range(a, b): return .list(Array(items[try range(a, b, items.count)]))
            }
        case (.string(let s), 1):
            let chars = Array(s)
            switch indices[0] {
            case .position(let v): return .string(String(chars[try position(v, chars.count, "string")]))
            case let .range(a, b): return .string(String(chars[try range(a, b, chars.count)]))
            }
        case (.matrix(let m), 1...2):
            return try sub(m, { .matrix($0) }, { .number($0) })
        case (.complexMatrix(let m), 1...2):
            return try sub(m, { .complexMatrix($0) }, { .complex($0) })
        case (.matrix, _), (.complexMatrix, _):
            throw ScriptError("index a matrix with [row], [row, column] or ranges such as [:, column]", at: location)
        default:
            throw ScriptError("type error: cannot index \(target.typeAndName) with \(indices.count) index(es)", at: location)
        }
    }
}
