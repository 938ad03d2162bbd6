/// What one token is: a word (with punctuation split off) or one character.
public enum TokenUnit: String, Sendable, Codable, CaseIterable {
    case word
    case char
}

/// The tokenizer, shared by corpus loading and prompt encoding so that a prompt is
/// cut exactly like the text the model was trained on. It works on UTF-8 bytes.
///
/// `unit = .word`:
/// - a word is a maximal run of ASCII letters, ASCII digits and non-ASCII bytes
///   (so `café`, `2nd` and `naïve` are single words; digits are kept);
/// - an apostrophe between two word bytes stays inside the word (`don't`, `LORD's`);
/// - every other printable ASCII byte (`. , ; : ! ? ( ) " ' -` ...) is a token by itself;
/// - spaces, tabs, CR and other ASCII control bytes only separate tokens.
///
/// `unit = .char`: every Unicode scalar (one UTF-8 sequence) is a token, spaces
/// included; a CR right before an LF is dropped.
///
/// In both units a line feed becomes the token `<eol>` when `endOfLine` is on (the
/// default) and is a plain separator otherwise (a token of its own in char units);
/// a last line that has tokens but no line feed also ends with `<eol>` (corpora, so
/// that files concatenate cleanly) unless the caller asks otherwise (prompts). `lowercase` maps ASCII `A-Z` to `a-z` only.
public struct Tokenizer: Sendable, Equatable, Codable {
    /// The token standing for a line end.
    public static let endOfLine = "<eol>"

    public var unit: TokenUnit
    public var lowercase: Bool
    public var endOfLine: Bool

    /// A tokenizer; the defaults are word units, case kept, `<eol>` on.
    public init(unit: TokenUnit = .word, lowercase: Bool = false, endOfLine: Bool = true) {
        self.unit = unit
        self.lowercase = lowercase
        self.endOfLine = endOfLine
    }

    /// The tokens of `text`, as strings (for prompts, tests and inspection; corpora
    /// take the faster path that never builds strings per token).
    public func tokens(in text: String, terminateLastLine: Bool = true) -> [String] {
        var bytes = Array(text.utf8)
        prepare(&bytes)
        return bytes.withUnsafeBufferPointer { p in
            var sink = SpellingSink(source: p)
            scan(p, terminateLastLine: terminateLastLine, into: &sink)
            return sink.tokens
        }
    }

    /// Applies the byte-level normalisations (lowercasing) in place.
    func prepare(_ bytes: inout [UInt8]) {
        guard lowercase else { return }
        bytes.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count where p[i] &- 0x41 < 26 { p[i] |= 0x20 }
        }
    }

    /// Cuts `bytes` (valid UTF-8, already prepared) into tokens, reporting each as a
    /// byte range or an end of line to `sink`.
    func scan<Sink: TokenSink>(_ bytes: UnsafeBufferPointer<UInt8>, terminateLastLine: Bool, into sink: inout Sink) {
        let lastLineHasTokens: Bool
        switch unit {
        case .word: lastLineHasTokens = scanWords(bytes, into: &sink)
        case .char: lastLineHasTokens = scanCharacters(bytes, into: &sink)
        }
        if endOfLine && terminateLastLine && lastLineHasTokens { sink.endOfLine() }
    }

    /// Returns whether the text after the last line feed produced tokens.
    private func scanWords<Sink: TokenSink>(_ p: UnsafeBufferPointer<UInt8>, into sink: inout Sink) -> Bool {
        let n = p.count
        var i = 0
        var lineHasTokens = false
        while i < n {
            let b = p[i]
            switch ByteClass.of(b) {
            case .lineFeed:
                if endOfLine { sink.endOfLine() }
                lineHasTokens = false
                i += 1
            case .separator:
                i += 1
            case .punctuation:
                sink.token(start: i, end: i + 1)
                lineHasTokens = true
                i += 1
            case .word:
                let start = i
                i += 1
                while i < n {
                    let c = p[i]
                    if ByteClass.of(c) == .word { i += 1; continue }
                    if c == 0x27, i + 1 < n, ByteClass.of(p[i + 1]) == .word { i += 2; continue }
                    break
                }
                sink.token(start: start, end: i)
                lineHasTokens = true
            }
        }
        return lineHasTokens
    }

    /// Returns whether the text after the last line feed produced tokens.
    private func scanCharacters<Sink: TokenSink>(_ p: UnsafeBufferPointer<UInt8>, into sink: inout Sink) -> Bool {
        let n = p.count
        var i = 0
        var lineHasTokens = false
        while i < n {
            let b = p[i]
            if b == 0x0A {
                if endOfLine { sink.endOfLine() } else { sink.token(start: i, end: i + 1) }
                lineHasTokens = false
                i += 1
            } else if b == 0x0D, i + 1 < n, p[i + 1] == 0x0A {
                i += 1
            } else {
                let length = UTF8Validation.sequenceLength(lead: b)
                sink.token(start: i, end: min(i + length, n))
                lineHasTokens = true
                i += length
            }
        }
        return lineHasTokens
    }
}

/// Receives the tokens found by `Tokenizer.scan`.
protocol TokenSink {
    /// A token spelled by the bytes `start..<end` of the scanned buffer.
    mutating func token(start: Int, end: Int)
    /// A line end (only when the tokenizer emits `<eol>`).
    mutating func endOfLine()
}

/// The role of one byte in word tokenization, from a 256-entry table so that the
/// inner loop does one load per byte.
enum ByteClass: UInt8 {
    case separator, lineFeed, punctuation, word

    @inline(__always) static func of(_ b: UInt8) -> ByteClass { table[Int(b)] }

    static let table: [ByteClass] = (0..<256).map { v in
        let b = UInt8(v)
        switch b {
        case 0x0A: return .lineFeed
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x80...0xFF: return .word
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return .punctuation
        default: return .separator  // space, tab, CR, other control bytes, DEL
        }
    }
}

/// Collects token spellings as strings (valid only while `source` is).
struct SpellingSink: TokenSink {
    let source: UnsafeBufferPointer<UInt8>
    var tokens: [String] = []

    mutating func token(start: Int, end: Int) {
        tokens.append(String(decoding: UnsafeBufferPointer(rebasing: source[start..<end]), as: UTF8.self))
    }
    mutating func endOfLine() { tokens.append(Tokenizer.endOfLine) }
}
