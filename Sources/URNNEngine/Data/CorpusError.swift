/// What can go wrong while loading a corpus or cutting it into windows. Every case
/// names the file (or the split) it is about and says what to change.
public enum CorpusError: Error, Equatable, CustomStringConvertible {
    /// Nothing exists at `path`.
    case fileNotFound(path: String)
    /// `path` is a directory without a single `.txt` file in it.
    case noTextFiles(directory: String)
    /// The file exists but could not be read (permissions, I/O).
    case unreadable(path: String, reason: String)
    /// The bytes of `path` are not UTF-8; `byteOffset` is the first bad byte (0-based).
    case invalidUTF8(path: String, byteOffset: Int)
    /// The text produced no tokens at all.
    case emptyCorpus(source: String)
    /// A vocabulary size below one.
    case invalidVocabularySize(requested: Int)
    /// `vocab=N` asks for more tokens than the training split holds.
    case vocabularyTooLarge(requested: Int, distinct: Int, source: String)
    /// Split fractions that are not positive or do not add up to one.
    case invalidSplitFractions(train: Double, valid: Double, test: Double)
    /// The fractions leave one part of the corpus without a token.
    case emptySplit(split: String, totalTokens: Int, source: String)
    /// A batch size or window length below one.
    case invalidBatchShape(batchSize: Int, length: Int)
    /// A window of `length` steps over `batchSize` streams needs more tokens than `source` has.
    case sequenceTooLong(length: Int, batchSize: Int, needed: Int, available: Int, source: String)

    public var description: String {
        switch self {
        case let .fileNotFound(path):
            return "\(path): no such file or directory"
        case let .noTextFiles(directory):
            return "\(directory): the directory holds no .txt files"
        case let .unreadable(path, reason):
            return "\(path): cannot be read (\(reason))"
        case let .invalidUTF8(path, offset):
            return "\(path): invalid UTF-8 at byte offset \(offset)"
        case let .emptyCorpus(source):
            return "\(source): the corpus has no tokens"
        case let .invalidVocabularySize(n):
            return "vocab=\(n): the vocabulary size must be at least 1"
        case let .vocabularyTooLarge(n, distinct, source):
            return "\(source): vocab=\(n) is larger than the \(distinct) distinct tokens of the training split; "
                + "use vocab=\(distinct) or less (or leave vocab unset to keep every token)"
        case let .invalidSplitFractions(tr, va, te):
            return "split \(tr)/\(va)/\(te): the three fractions must be positive and add up to 1"
        case let .emptySplit(split, total, source):
            return "\(source): the \(split) split would be empty (the corpus has \(total) tokens); "
                + "give it a larger fraction or use a larger corpus"
        case let .invalidBatchShape(b, l):
            return "batch=\(b) seq=\(l): the batch size and the window length must be at least 1"
        case let .sequenceTooLong(l, b, needed, available, source):
            return "\(source): seq=\(l) with batch=\(b) needs at least \(needed) tokens (batch x (seq + 1)), "
                + "but it has \(available); use a shorter seq or a smaller batch"
        }
    }
}
