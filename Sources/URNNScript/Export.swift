import Foundation
import URNNEngine

/// `export VALUE to "FILE"`: CSV written here, `.npy` through the engine's writer.
enum Export {
    static func write(_ value: Value, invocation inv: Invocation) throws {
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
            let numbers = items.compactMap { if case .number(let x) = $0 { return x } else { return nil } }
            guard numbers.count == items.count else { break }
            return numbers.map(cell).joined(separator: "\n") + "\n"
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
        default:
            throw inv.error("export to .npy needs a matrix, got \(value.typeAndName)", at: "VALUE")
        }
    }
}
