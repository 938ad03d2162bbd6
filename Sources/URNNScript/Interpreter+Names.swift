import Foundation

/// The commands about the session's names and their cost: `who` and `show variables`
/// (like IPython's `%whos`), `del NAME` and `time STATEMENT` (like `%time`). They are
/// language commands, so a script can use them as the REPL does.
extension Interpreter {
    func registerNameCommands() {
        register("who") { _, interpreter in
            for line in interpreter.variableTable() { interpreter.output.write(line) }
            return .none
        }
        register("show variables") { _, interpreter in
            for line in interpreter.variableTable() { interpreter.output.write(line) }
            return .none
        }
        register("del") { inv, interpreter in
            let name = inv.words["NAME"] ?? ""
            guard interpreter.lookup(name) != nil else {
                throw inv.error(interpreter.undefinedNameMessage(name), at: "NAME")
            }
            interpreter.undefine(name)
            return .none
        }
    }

    /// `who`: one line per name (the REPL's `_` and `_N` left out, as `%whos` leaves out
    /// IPython's), with its kind and its shape or summary, in aligned columns.
    func variableTable() -> [String] {
        let names = globals.keys.filter { !Interpreter.isCellValueName($0) }.sorted()
        guard !names.isEmpty else { return ["no variables yet"] }
        let rows = names.map { name -> [String] in
            let value = globals[name] ?? .none
            return [name, value.typeName, Interpreter.shortDescription(value)]
        }
        return alignedColumns([["name", "kind", "shape / value"]] + rows)
    }

    /// A value in one short line: a number, a matrix's shape, a list's length, an object's summary.
    static func shortDescription(_ value: Value) -> String {
        let text: String
        switch value {
        case .matrix(let m): text = m.shapeDescription
        case .complexMatrix(let m): text = m.shapeDescription
        case .list(let items): text = "\(items.count) item\(items.count == 1 ? "" : "s")"
        default: text = value.description.replacingOccurrences(of: "\n", with: " ")
        }
        return text.count > 72 ? String(text.prefix(71)) + "…" : text
    }

    /// Runs `stmt` and writes its wall time ("wall time: 1.23 s"); its value is kept.
    func executeTimed(_ stmt: Stmt) throws -> Value {
        optionReadLog?.recordRun(Commands.time.name)
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try execute(stmt)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        output.write("wall time: " + Interpreter.formatDuration(seconds))
        return value
    }

    /// "812 µs", "45.2 ms", "3.14 s", "2 min 5.0 s".
    static func formatDuration(_ seconds: Double) -> String {
        if seconds < 1e-3 { return String(format: "%.0f µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1e3) }
        if seconds < 60 { return String(format: "%.2f s", seconds) }
        let minutes = Int(seconds / 60)
        return String(format: "%d min %.1f s", minutes, seconds - Double(minutes * 60))
    }

    /// The message for a name that is not defined. For the REPL's `_N` it says what is
    /// true of cell N: it ran without a value, or it has not run yet.
    func undefinedNameMessage(_ name: String) -> String {
        Interpreter.undefinedNameMessage(name, defined: Array(globals.keys), cell: currentCell)
    }

    static func undefinedNameMessage(_ name: String, defined: [String], cell: Int?) -> String {
        if let cell, name.count > 1, isCellValueName(name), let n = Int(name.dropFirst()) {
            return n < cell ? "cell \(n) has no value" : "cell \(n) has not run yet"
        }
        // The REPL's `_` and `_N` are never what a misspelt name meant.
        return "undefined name '\(name)'\(didYouMean(name, in: defined.filter { !$0.hasPrefix("_") }))"
    }
}

/// Rows of cells in columns padded to the widest cell, two spaces apart.
func alignedColumns(_ rows: [[String]]) -> [String] {
    let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
}
