// The header of a .npy file: a Python dict literal such as
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
// padded with spaces and ended by a newline. Positions in messages count characters from 0. NumPy writes exactly these three keys;
// this parser accepts the literal syntax NumPy itself would (either quote, any
// spacing, trailing commas) and nothing more, so a damaged header is reported, not guessed at.

/// The parsed header: element type, layout and shape.
struct NPYHeader: Equatable {
    enum ElementType: Equatable {
        case float64, complex128
        var byteCount: Int { self == .float64 ? 8 : 16 }
    }

    var elementType: ElementType
    var bigEndian: Bool
    var fortranOrder: Bool
    var shape: [Int]

    /// The dict literal NumPy would write (without padding).
    var literal: String {
        let descr = (bigEndian ? ">" : "<") + (elementType == .float64 ? "f8" : "c16")
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        return "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(dims), }"
    }

    /// Parses the header text; throws the problem to report.
    init(parsing text: String) throws(NPYError.Problem) {
        var parser = HeaderParser(Array(text.unicodeScalars))
        let dict = try parser.dictionary()
        for key in dict.keys where !["descr", "fortran_order", "shape"].contains(key) {
            throw .malformedHeader("unexpected key '\(key)'")
        }
        guard case let .string(descr)? = dict["descr"] else { throw .malformedHeader("no 'descr' string") }
        guard case let .bool(fortran)? = dict["fortran_order"] else { throw .malformedHeader("no 'fortran_order' True/False") }
        guard case let .tuple(shape)? = dict["shape"] else { throw .malformedHeader("no 'shape' tuple") }
        switch descr {
        case "<f8", "=f8": (elementType, bigEndian) = (.float64, false)
        case ">f8": (elementType, bigEndian) = (.float64, true)
        case "<c16", "=c16": (elementType, bigEndian) = (.complex128, false)
        case ">c16": (elementType, bigEndian) = (.complex128, true)
        default: throw .unsupportedDType(descr)
        }
        fortranOrder = fortran
        self.shape = shape
    }

    init(elementType: ElementType, fortranOrder: Bool, shape: [Int]) {
        self.elementType = elementType
        self.bigEndian = false
        self.fortranOrder = fortranOrder
        self.shape = shape
    }
}

/// The values a header may hold.
private enum HeaderValue: Equatable {
    case string(String), bool(Bool), tuple([Int])
}

/// A recursive-descent reader for the header's dict literal.
private struct HeaderParser {
    let chars: [Unicode.Scalar]
    var pos = 0

    init(_ chars: [Unicode.Scalar]) { self.chars = chars }

    var atEnd: Bool { pos >= chars.count }
    func peek() -> Unicode.Scalar? { atEnd ? nil : chars[pos] }

    mutating func skipSpace() {
        while let c = peek(), c == " " || c == "\t" || c == "\n" || c == "\r" { pos += 1 }
    }

    mutating func consume(_ c: Unicode.Scalar, _ context: String) throws(NPYError.Problem) {
        skipSpace()
        guard peek() == c else { throw .malformedHeader("expected '\(c)' \(context) at character \(pos)") }
        pos += 1
    }

    mutating func dictionary() throws(NPYError.Problem) -> [String: HeaderValue] {
        try consume("{", "to open the dictionary")
        var result: [String: HeaderValue] = [:]
        while true {
            skipSpace()
            if peek() == "}" { pos += 1; break }
            let key = try string()
            try consume(":", "after key '\(key)'")
            if result[key] != nil { throw .malformedHeader("key '\(key)' appears twice") }
            result[key] = try value(for: key)
            skipSpace()
            if peek() == "," { pos += 1; continue }
            try consume("}", "after the value of '\(key)'")
            break
        }
        skipSpace()
        guard atEnd else { throw .malformedHeader("text after the dictionary at character \(pos)") }
        return result
    }

    mutating func string() throws(NPYError.Problem) -> String {
        skipSpace()
        guard let quote = peek(), quote == "'" || quote == "\"" else {
            throw .malformedHeader("expected a quoted string at character \(pos)")
        }
        pos += 1
        var s = String.UnicodeScalarView()
        while let c = peek(), c != quote {
            if c == "\\" { throw .malformedHeader("escape sequences are not supported in header strings") }
            s.append(c)
            pos += 1
        }
        guard !atEnd else { throw .malformedHeader("unterminated string") }
        pos += 1
        return String(s)
    }

    mutating func value(for key: String) throws(NPYError.Problem) -> HeaderValue {
        skipSpace()
        switch peek() {
        case "'", "\"": return .string(try string())
        case "(": return .tuple(try tuple())
        case "[" where key == "descr": throw .unsupportedDType("a structured dtype")
        default:
            let start = pos
            let word = identifier()
            if word == "True" { return .bool(true) }
            if word == "False" { return .bool(false) }
            throw .malformedHeader("unexpected value for '\(key)' at character \(start)")
        }
    }

    mutating func identifier() -> String {
        var s = String.UnicodeScalarView()
        while let c = peek(), c.properties.isAlphabetic { s.append(c); pos += 1 }
        return String(s)
    }

    mutating func tuple() throws(NPYError.Problem) -> [Int] {
        try consume("(", "to open the shape")
        var dims: [Int] = []
        while true {
            skipSpace()
            if peek() == ")" { pos += 1; return dims }
            var digits = ""
            while let c = peek(), ("0"..."9").contains(c) { digits.unicodeScalars.append(c); pos += 1 }
            guard let d = Int(digits) else { throw .malformedHeader("expected a non-negative dimension at character \(pos)") }
            dims.append(d)
            skipSpace()
            if peek() == "," { pos += 1; continue }
            try consume(")", "to close the shape")
            // (3) is the number 3 in Python, not a tuple: NumPy writes (3,).
            if dims.count == 1 { throw .malformedHeader("shape (\(d)) is not a tuple; a 1-D shape is written (\(d),)") }
            return dims
        }
    }
}
