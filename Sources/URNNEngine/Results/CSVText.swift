import Foundation

/// CSV as RFC 4180 writes it: cells separated by commas, a cell with a comma, quote or line
/// break in double quotes with its quotes doubled, lines ended by LF or CRLF.
public enum CSVText {
    /// A cell as it goes into a line.
    public static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One line of cells.
    public static func line(_ cells: [String]) -> String {
        cells.map(quoted).joined(separator: ",")
    }

    /// The records of `text`, each with the line it starts on (1-based). A quote left open
    /// or text after a closing quote is an error naming the line.
    public static func parse(_ text: String) throws -> [(line: Int, cells: [String])] {
        var records: [(Int, [String])] = []
        var cells: [String] = [], cell = ""
        var quoted = false, afterQuote = false, line = 1, start = 1, atRecordStart = true
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let d = next() {
                        if d == "\"" { cell.unicodeScalars.append("\""); continue }
                        pending = d
                    }
                    quoted = false
                    afterQuote = true
                } else {
                    if c == "\n" { line += 1 }
                    cell.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard cell.isEmpty && !afterQuote else { throw CSVError(line: line, message: "a quote inside an unquoted cell") }
                quoted = true
                atRecordStart = false
            case ",":
                cells.append(cell); cell = ""; afterQuote = false; atRecordStart = false
            case "\r":
                continue
            case "\n":
                if !atRecordStart || !cell.isEmpty || !cells.isEmpty {
                    cells.append(cell)
                    records.append((start, cells))
                }
                cells = []; cell = ""; afterQuote = false; atRecordStart = true
                line += 1
                start = line
            default:
                guard !afterQuote else { throw CSVError(line: line, message: "text after a closing quote") }
                cell.unicodeScalars.append(c)
                atRecordStart = false
            }
        }
        if quoted { throw CSVError(line: start, message: "a quoted cell is not closed") }
        if !atRecordStart || !cell.isEmpty || !cells.isEmpty {
            cells.append(cell)
            records.append((start, cells))
        }
        return records
    }
}

/// A CSV text that does not read: what is wrong, and on which line.
public struct CSVError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
}
