/// UTF-8 checking over raw bytes. Corpora are read as bytes and tokenized without
/// ever building Swift `String`s for the whole text (iterating `Character`s is
/// about two orders of magnitude slower), so validity is checked here, once, with
/// the exact rules of RFC 3629 / Unicode Table 3-7.
enum UTF8Validation {
    /// The offset of the first byte that does not belong to a well-formed UTF-8
    /// sequence, or nil when all of `bytes` is valid. Overlong forms, surrogates
    /// (U+D800...U+DFFF) and code points above U+10FFFF are invalid; a sequence cut
    /// off by the end of the buffer is reported at its lead byte.
    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            // The allowed range of the second byte depends on the lead byte; that
            // is where overlongs, surrogates and > U+10FFFF are excluded.
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            if i + length > n { return i }
            let b1 = bytes[i + 1]
            if b1 < low || b1 > high { return i + 1 }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i + k }
            i += length
        }
        return nil
    }

    /// The number of bytes of the sequence that starts with lead byte `b` (1 for
    /// ASCII and, defensively, for stray continuation bytes).
    @inline(__always)
    static func sequenceLength(lead b: UInt8) -> Int {
        if b < 0xC0 { return 1 }
        if b < 0xE0 { return 2 }
        if b < 0xF0 { return 3 }
        return 4
    }
}
