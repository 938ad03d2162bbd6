/// Turns the token byte ranges found by the tokenizer into provisional ids, numbered
/// in order of first occurrence, without building a `String` per token: spellings
/// live in one byte arena and an open-addressing table (FNV-1a hashes, linear
/// probing, at most half full) finds them. This is what keeps loading the 4 MB
/// King James text well under a second.
struct TokenInterner: TokenSink {
    /// All distinct spellings, back to back; id k is `arena[starts[k]..<starts[k + 1]]`.
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int] = [0]
    /// The provisional id of every token, in text order.
    private(set) var stream: [Int32] = []

    private var hashes: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int
    private var endOfLineID: Int32 = -1
    /// The buffer being scanned; only valid inside `add`.
    private var source = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    init(expectedTokens: Int = 0) {
        let capacity = 1 << 16
        slots = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        stream.reserveCapacity(expectedTokens)
    }

    /// The number of distinct spellings seen so far.
    var distinctCount: Int { starts.count - 1 }

    /// The spelling of provisional id `id`.
    func spelling(_ id: Int) -> String {
        String(decoding: arena[starts[id]..<starts[id + 1]], as: UTF8.self)
    }

    /// Tokenizes `bytes` (valid UTF-8, already prepared) and appends its ids.
    mutating func add(_ bytes: [UInt8], tokenizer: Tokenizer) {
        bytes.withUnsafeBufferPointer { p in
            source = p
            tokenizer.scan(p, terminateLastLine: true, into: &self)
            source = UnsafeBufferPointer(start: nil, count: 0)
        }
    }

    mutating func token(start: Int, end: Int) {
        stream.append(intern(UnsafeBufferPointer(rebasing: source[start..<end])))
    }

    mutating func endOfLine() {
        if endOfLineID < 0 {
            endOfLineID = Array(Tokenizer.endOfLine.utf8).withUnsafeBufferPointer { intern($0) }
        }
        stream.append(endOfLineID)
    }

    private mutating func intern(_ token: UnsafeBufferPointer<UInt8>) -> Int32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in token { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = slots[s]
            if id < 0 { break }
            if hashes[Int(id)] == h && matches(Int(id), token) { return id }
            s = (s + 1) & mask
        }
        let id = Int32(distinctCount)
        arena.append(contentsOf: token)
        starts.append(arena.count)
        hashes.append(h)
        slots[s] = id
        if 2 * distinctCount > slots.count { grow() }
        return id
    }

    private func matches(_ id: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let a = starts[id], length = starts[id + 1] - a
        guard length == token.count else { return false }
        for k in 0..<length where arena[a + k] != token[k] { return false }
        return true
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        for (id, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(id)
        }
    }
}
