import Foundation
import Numerics
import URNNEngine

/// `export VALUE to "FILE"`: CSV written here, `.npy` through the engine's writer.
enum Export {
    /// Writes the file and returns the line that says what was written.
    static func write(_ value: Value, invocation inv: Invocation) throws -> String {
        guard case .string(let path)? = inv.argument("FILE"), !path.isEmpty else {
            throw inv.error("export needs a file name", at: "FILE")
        }
        let ext = (path as NSString).pathExtension.lowercased()
        let data: Data
        switch ext {
        case "csv":
            data = Data(try csv(value, invocation: inv).utf8)
        case "npy":
            data = try npy(value, invocation: inv)
        default:
            throw inv.error("cannot export to '\(path)': use a .csv or .npy file name", at: "FILE")
        }
        // One step, regular files only: a directory or device named FILE is refused, not replaced.
        do {
            try AtomicFileWriter.write(data, to: URL(fileURLWithPath: path))
        } catch let error as FileAccessError {
            throw inv.error("cannot write '\(path)': \(error.reason)", at: "FILE")
        }
        return "export: wrote \(EngineCommands.relativePath(URL(fileURLWithPath: path))) (\(description(of: value)), \(data.count) bytes)"
    }

    /// VALUE with `where model=... data=... split=...` applied: the rows of a results table
    /// that `show results where` shows. A filter on anything but a results table, or one that
    /// keeps no row, is an error (an empty file would pass for an export that worked).
    static func selectedRows(of value: Value, _ inv: Invocation) throws -> Value {
        let filter = try ResultsFilter(inv)
        guard !filter.isEmpty else { return value }
        let option = ResultsFilter.columns.first { (try? inv.isGiven($0)) == true }
        guard case .object(let object) = value, let results = object as? ResultsObject else {
            throw inv.error("'where \(filter.description)' selects rows of the results table; "
                            + "VALUE is \(value.typeAndName)", at: option)
        }
        let selected = filter.apply(results)
        guard !selected.rows.isEmpty else {
            throw inv.error("the results table has no rows where \(filter.description) (of \(results.rows.count))", at: option)
        }
        return .object(selected)
    }

    static func description(of value: Value) -> String {
        switch value {
        case .list(let items): return "list of \(items.count) number\(items.count == 1 ? "" : "s")"
        case .object(let results as ResultsObject): return "results, \(results.rows.count) row\(results.rows.count == 1 ? "" : "s")"
        case .object(let object): return "\(object.kindName) '\(object.displayName)'"
        case .matrix, .complexMatrix: return value.typeAndName
        default: return value.typeName
        }
    }

    /// A list of numbers as one vector, complex when any element is; nil for anything else.
    static func vector(_ items: [Value]) -> Value? {
        guard let (zs, real) = try? Value.numbers(items) else { return nil }
        if real { return .matrix(Matrix(rows: zs.count, cols: 1, elements: zs.map(\.real))) }
        return .complexMatrix(ComplexMatrix(rows: zs.count, cols: 1, elements: zs))
    }

    /// A matrix as CSV, one row per line, with 17 significant digits so that reading it
    /// back gives the same doubles; a complex matrix as `re+imj` cells, as NumPy writes them.
    static func csv(_ value: Value, invocation inv: Invocation) throws -> String {
        func cell(_ x: Double) -> String { String(format: "%.17g", x) }
        switch value {
        case .matrix(let m):
            return (0..<m.rows).map { i in (0..<m.cols).map { cell(m[i, $0]) }.joined(separator: ",") }
                .joined(separator: "\n") + "\n"
        case .complexMatrix(let m):
            return (0..<m.rows).map { i in
                (0..<m.cols).map { j -> String in
                    let z = m[i, j]
                    return "\(cell(z.real))\(z.imaginary < 0 || z.imaginary.sign == .minus ? "-" : "+")\(cell(abs(z.imaginary)))j"
                }.joined(separator: ",")
            }.joined(separator: "\n") + "\n"
        case .list(let items):
            // One number per line: a column, as NumPy's savetxt writes a 1-D array.
            guard let column = vector(items) else { break }
            return try csv(column, invocation: inv)
        case .object(let object):
            if let text = object.csv() { return text }
            throw inv.error("\(object.kindName) '\(object.displayName)' cannot be exported as CSV", at: "VALUE")
        default: break
        }
        throw inv.error("export needs a matrix, a list of numbers or a table, got \(value.typeAndName)", at: "VALUE")
    }

    /// `.npy` (NumPy format 1.0, float64 or complex128) through the engine's writer.
    static func npy(_ value: Value, invocation inv: Invocation) throws -> Data {
        switch value {
        case .matrix(let m):
            return NPY.encode(m)
        case .complexMatrix(let m):
            return NPY.encode(m)
        case .list(let items):
            switch vector(items) {
            case .matrix(let m)?: return NPY.encode(m, vector: true)
            case .complexMatrix(let m)?: return NPY.encode(m, vector: true)
            default: break
            }
        default: break
        }
        throw inv.error("export to .npy needs a matrix or a list of numbers, got \(value.typeAndName)", at: "VALUE")
    }
}
