import Foundation

/// A text corpus as token ids: a vocabulary and three contiguous splits.
///
/// Loading reads each file as bytes, checks UTF-8, tokenizes (see `Tokenizer`),
/// splits the whole token stream by `CorpusOptions.split` (train first), builds the
/// vocabulary from the training split alone and maps every split through it, so
/// valid and test tokens the training text never showed become `<unk>`.
public struct Corpus: Sendable {
    /// The path (or name) the corpus was loaded from.
    public let source: String
    /// The files read, in reading order.
    public let files: [String]
    public let options: CorpusOptions
    public let vocabulary: Vocabulary
    /// The token ids of each split.
    public let splits: PerSplit<[Int32]>
    /// UTF-8 bytes read (a leading byte-order mark excluded).
    public let byteCount: Int
    /// Distinct tokens of the training split before the vocabulary cut.
    public let distinctTrainingTokens: Int

    /// Loads a UTF-8 text file, or every `.txt` file of a directory (not recursive,
    /// hidden files skipped) in order of name, their tokens concatenated.
    public static func load(path: String, options: CorpusOptions = CorpusOptions()) throws -> Corpus {
        let files = try textFiles(at: path)
        var interner = TokenInterner()
        var byteCount = 0
        for file in files {
            var bytes = try readBytes(file)
            let bad = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
            if let bad { throw CorpusError.invalidUTF8(path: file, byteOffset: bad) }
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            byteCount += bytes.count
            options.tokenizer.prepare(&bytes)
            interner.add(bytes, tokenizer: options.tokenizer)
        }
        return try Corpus(interner: interner, source: path, files: files, byteCount: byteCount, options: options)
    }

    /// A corpus from text in memory (`name` stands for the file in messages).
    public init(text: String, name: String = "text", options: CorpusOptions = CorpusOptions()) throws {
        var bytes = Array(text.utf8)
        options.tokenizer.prepare(&bytes)
        var interner = TokenInterner()
        interner.add(bytes, tokenizer: options.tokenizer)
        try self.init(interner: interner, source: name, files: [name], byteCount: bytes.count, options: options)
    }

    private init(interner: TokenInterner, source: String, files: [String], byteCount: Int,
                 options: CorpusOptions) throws {
        let stream = interner.stream
        guard !stream.isEmpty else { throw CorpusError.emptyCorpus(source: source) }
        let sizes = try options.split.sizes(total: stream.count)
        for split in CorpusSplit.allCases where sizes[split] == 0 {
            throw CorpusError.emptySplit(split: split.rawValue, totalTokens: stream.count, source: source)
        }

        var trainCounts = [Int](repeating: 0, count: interner.distinctCount)
        for id in stream[0..<sizes.train] { trainCounts[Int(id)] += 1 }
        // Provisional ids are numbered by first occurrence, so sorting by (count
        // descending, id ascending) ranks by frequency with ties to the earlier token.
        let ranked = trainCounts.indices.filter { trainCounts[$0] > 0 }
            .sorted { trainCounts[$0] != trainCounts[$1] ? trainCounts[$0] > trainCounts[$1] : $0 < $1 }
        let kept: Int
        if let n = options.vocabularySize {
            guard n >= 1 else { throw CorpusError.invalidVocabularySize(requested: n) }
            guard n <= ranked.count else {
                throw CorpusError.vocabularyTooLarge(requested: n, distinct: ranked.count, source: source)
            }
            kept = n
        } else {
            kept = ranked.count
        }

        var finalID = [Int32](repeating: Int32(Vocabulary.unknownID), count: interner.distinctCount)
        var tokens = [Vocabulary.unknown]
        var counts = [0]
        for r in 0..<kept {
            finalID[ranked[r]] = Int32(r + 1)
            tokens.append(interner.spelling(ranked[r]))
            counts.append(trainCounts[ranked[r]])
        }
        counts[0] = sizes.train - counts.reduce(0, +)

        let mapped = stream.map { finalID[Int($0)] }
        let validEnd = sizes.train + sizes.valid
        self.source = source
        self.files = files
        self.options = options
        self.vocabulary = Vocabulary(tokens: tokens, counts: counts)
        self.splits = PerSplit(train: Array(mapped[0..<sizes.train]),
                               valid: Array(mapped[sizes.train..<validEnd]),
                               test: Array(mapped[validEnd...]))
        self.byteCount = byteCount
        self.distinctTrainingTokens = ranked.count
    }

    /// The token ids of `split`.
    public func tokens(_ split: CorpusSplit) -> [Int32] { splits[split] }

    /// Counts, vocabulary size, out-of-vocabulary rates and the most frequent tokens.
    public func statistics(mostFrequent k: Int = 10) -> CorpusStatistics {
        var oov = PerSplit(train: 0.0, valid: 0.0, test: 0.0)
        for split in CorpusSplit.allCases {
            let ids = splits[split]
            let unknown = ids.reduce(0) { $0 + ($1 == Int32(Vocabulary.unknownID) ? 1 : 0) }
            oov[split] = Double(unknown) / Double(ids.count)
        }
        return CorpusStatistics(
            source: source, files: files.count, bytes: byteCount, unit: options.tokenizer.unit,
            tokens: PerSplit(train: splits.train.count, valid: splits.valid.count, test: splits.test.count),
            distinctTrainingTokens: distinctTrainingTokens, vocabularySize: vocabulary.count,
            outOfVocabularyRate: oov, mostFrequent: vocabulary.mostFrequent(k))
    }

    /// A language-model batcher over `split` (see `LanguageModelBatcher`).
    public func batcher(_ split: CorpusSplit, batchSize: Int, length: Int, carry: Bool = true,
                        seed: UInt64 = 0) throws -> LanguageModelBatcher {
        try LanguageModelBatcher(tokens: splits[split], batchSize: batchSize, length: length, carry: carry,
                                 seed: seed, source: "\(source) (\(split.rawValue) split)")
    }

    /// Windows of `length` steps over `split` (test by default) in text order, for
    /// evaluation at a given input length (see `LanguageModelBatcher.evaluation`).
    public func evaluationBatcher(_ split: CorpusSplit = .test, batchSize: Int, length: Int,
                                  carry: Bool = false) throws -> LanguageModelBatcher {
        try LanguageModelBatcher.evaluation(tokens: splits[split], batchSize: batchSize, length: length,
                                            carry: carry, source: "\(source) (\(split.rawValue) split)")
    }

    /// Encodes a prompt with this corpus's tokenizer and vocabulary.
    public func encode(prompt: String) -> PromptEncoding {
        vocabulary.encode(prompt, tokenizer: options.tokenizer)
    }

    /// Text for generated ids, in this corpus's unit.
    public func decode(_ ids: [Int]) -> String { vocabulary.decode(ids, unit: options.tokenizer.unit) }

    private static func textFiles(at path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CorpusError.fileNotFound(path: path)
        }
        guard isDirectory.boolValue else { return [path] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            // Foundation's message here is a raw NSCocoaErrorDomain code; the system's reads plainly.
            let reason = access(path, R_OK | X_OK) == 0 ? "the folder cannot be listed" : String(cString: strerror(errno))
            throw CorpusError.unreadable(path: path, reason: reason)
        }
        let files = names.filter { !$0.hasPrefix(".") && $0.lowercased().hasSuffix(".txt") }
            .sorted()
            .map { (path as NSString).appendingPathComponent($0) }
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
        guard !files.isEmpty else { throw CorpusError.noTextFiles(directory: path) }
        return files
    }

    private static func readBytes(_ path: String) throws -> [UInt8] {
        do {
            return [UInt8](try RegularFile.read(path))
        } catch let error as FileAccessError {
            if error.problem == .missing { throw CorpusError.fileNotFound(path: path) }
            throw CorpusError.unreadable(path: path, reason: error.reason)
        }
    }
}
