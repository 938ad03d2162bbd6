/// Reads a fuzzer's bytes as a sequence of small decisions. An exhausted input reads as
/// zeros, so every byte string (the empty one too) decodes to something, and a longer
/// input extends a shorter one's decisions: libFuzzer's mutations stay local.
struct FuzzInput {
    let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isExhausted: Bool { position >= bytes.count }

    /// The next byte, 0 past the end.
    mutating func byte() -> UInt8 {
        defer { position += 1 }
        return position < bytes.count ? bytes[position] : 0
    }

    /// A number in 0..<n (n from 1 to 256).
    mutating func below(_ n: Int) -> Int {
        Int(byte()) % max(1, n)
    }

    /// One of `choices` (which must not be empty).
    mutating func pick<T>(_ choices: [T]) -> T {
        choices[below(choices.count)]
    }

    /// True about `percent` times in a hundred.
    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }
}
