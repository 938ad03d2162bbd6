import Foundation

/// Saving and loading a `Learner`: the model's kind and options, all parameters,
/// the optimizer's state, the training history and the random generator's state.
///
/// The file (docs/formats.md) is little-endian:
///
///     "URNNCKPT"                  8 bytes, the magic
///     version                     UInt32 (currently 2; 1 lacks `trainedOn`)
///     header length               UInt64
///     header                      UTF-8 JSON: config, tensors table, optimizer
///                                 settings, history, generator, what the model
///                                 was trained on, urnn version
///     tensors                     Float64 values, in the order of the table
///     CRC-32                      UInt32 over every byte before it
///
/// Saving goes through `AtomicFileWriter`: a temporary file in the same folder, renamed
/// over the target, so a crash never leaves a half-written checkpoint. Loading goes through
/// `RegularFile.read`, which refuses directories, devices, FIFOs and kernel files.
public enum Checkpoint {
    public static let magic = Array("URNNCKPT".utf8)
    /// The format written. Version 2 added `trainedOn`; a version-1 file loads without it.
    public static let version: UInt32 = 2

    struct TensorEntry: Codable {
        var name: String
        var section: String   // "parameter", "optimizer.first", "optimizer.second"
        var count: Int
    }

    struct Header: Codable {
        var urnnVersion: String
        var config: ModelConfig
        var parameterRoles: [String: Parameter.Role]
        var tensors: [TensorEntry]
        var optimizer: Optimizer?
        var history: TrainingHistory
        var generatorState: [UInt64]
        var epochsCompleted: Int
        /// Absent in version 1.
        var trainedOn: TrainingRecord?
    }

    /// Writes `learner` to `url` atomically.
    public static func save(_ learner: Learner, to url: URL) throws {
        let model = learner.model
        var tensors: [TensorEntry] = []
        var payload: [[Double]] = []
        for p in model.parameters {
            tensors.append(TensorEntry(name: p.name, section: "parameter", count: p.count))
            payload.append(p.value)
        }
        if let opt = learner.optimizer {
            for (name, v) in opt.first.sorted(by: { $0.key < $1.key }) {
                tensors.append(TensorEntry(name: name, section: "optimizer.first", count: v.count)); payload.append(v)
            }
            for (name, v) in opt.second.sorted(by: { $0.key < $1.key }) {
                tensors.append(TensorEntry(name: name, section: "optimizer.second", count: v.count)); payload.append(v)
            }
        }
        let header = Header(urnnVersion: URNNVersion.string, config: model.config,
                            parameterRoles: Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0.role) }),
                            tensors: tensors, optimizer: learner.optimizer, history: learner.history,
                            generatorState: learner.generator.state, epochsCompleted: learner.epochsCompleted,
                            trainedOn: learner.trainedOn)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var data = Data()
        data.reserveCapacity(32 + json.count + payload.reduce(0) { $0 + 8 * $1.count })
        data.append(contentsOf: magic)
        appendLittleEndian(&data, version)
        appendLittleEndian(&data, UInt64(json.count))
        data.append(json)
        for values in payload {
            values.withUnsafeBufferPointer { p in
                for v in p { appendLittleEndian(&data, v.bitPattern) }
            }
        }
        appendLittleEndian(&data, CRC32.checksum(data))
        try AtomicFileWriter.write(data, to: url)
    }

    /// Reads a learner from `url`. Errors say whether the file is missing, not a
    /// checkpoint, from a future version, truncated or corrupted; a path that is not a
    /// regular file throws `FileAccessError`. The file is read whole, so its size is checked
    /// against `budget` first.
    public static func load(from url: URL, budget: MemoryBudget = .system) throws -> Learner {
        try read(from: url, budget: budget).learner
    }

    /// As `load`, with the file's format version (a version-1 file records no `trainedOn`).
    public static func read(from url: URL, budget: MemoryBudget = .system) throws -> (learner: Learner, version: Int) {
        let path = url.path
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int {
            try budget.check(size, for: "checkpoint \(path)")
        }
        let data: Data
        do { data = try RegularFile.read(path, limit: budget.limitBytes) } catch let error as FileAccessError where error.problem == .missing {
            throw CheckpointError.missing(path)
        }
        let bytes = [UInt8](data)
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw CheckpointError.notACheckpoint(path)
        }
        guard bytes.count >= 20 else { throw CheckpointError.truncated(path, "the header is incomplete") }
        let version: UInt32 = readLittleEndian(bytes, at: 8)
        guard version <= Checkpoint.version else {
            throw CheckpointError.futureVersion(path, Int(version), Int(Checkpoint.version))
        }
        let headerLength = Int(clamping: readLittleEndian(bytes, at: 12) as UInt64)
        guard headerLength <= bytes.count - 20 else { throw CheckpointError.truncated(path, "the header is cut short") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[20..<(20 + headerLength)]))
        } catch {
            throw CheckpointError.corrupted(path, "its header cannot be read")
        }
        try validate(header, path: path)
        // Sizes from the file are summed with checked arithmetic: a count of 2^62 must
        // not trap, and the file must hold every byte the table promises.
        var tensorBytes = 0, parameterScalars = 0
        for entry in header.tensors {
            guard entry.count >= 1, let b = ByteCount.product(8, entry.count), let sum = ByteCount.sum(tensorBytes, b) else {
                throw CheckpointError.corrupted(path, "tensor '\(entry.name)' has an impossible size (\(entry.count) values)")
            }
            tensorBytes = sum
            if entry.section == "parameter" { parameterScalars += entry.count }
        }
        guard let expected = ByteCount.sum(20, headerLength, tensorBytes, 4) else {
            throw CheckpointError.corrupted(path, "its tensors table is too large")
        }
        if bytes.count < expected {
            throw CheckpointError.truncated(path, "expected \(expected) bytes, found \(bytes.count)")
        }
        guard bytes.count == expected else { throw CheckpointError.corrupted(path, "\(bytes.count - expected) unexpected trailing bytes") }
        let stored: UInt32 = readLittleEndian(bytes, at: expected - 4)
        guard CRC32.checksum(bytes[0..<(expected - 4)]) == stored else {
            throw CheckpointError.corrupted(path, "the checksum does not match its contents")
        }
        // The model is allocated only once the file is known to hold its parameters: the
        // input and read-out maps alone have H x (I + K) values.
        let config = header.config
        guard let least = config.minimumParameterCount, least <= parameterScalars else {
            throw CheckpointError.corrupted(path, "a \(config.summary) with \(config.inputSize) inputs and \(config.outputSize) "
                                            + "outputs needs more parameters than the file holds")
        }

        let model: RecurrentModel
        do { model = try makeModel(config) } catch {
            throw CheckpointError.corrupted(path, "its model cannot be built: \(error)")
        }
        var offset = 20 + headerLength
        var optimizer = header.optimizer
        let byName = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0) })
        var restored: Set<String> = []
        for entry in header.tensors {
            var values = [Double](repeating: 0, count: entry.count)
            for k in 0..<entry.count {
                values[k] = Double(bitPattern: readLittleEndian(bytes, at: offset + 8 * k))
                guard values[k].isFinite else {
                    throw CheckpointError.corrupted(path, "tensor '\(entry.name)' holds a value that is not finite (NaN or Inf)")
                }
            }
            offset += 8 * entry.count
            // Every tensor must fit a parameter of the model: the optimizer indexes its
            // moments with the parameter's element count.
            guard let p = byName[entry.name], p.count == entry.count else {
                throw CheckpointError.corrupted(path, "tensor '\(entry.name)' does not fit a \(config.summary)")
            }
            switch entry.section {
            case "parameter":
                guard restored.insert(entry.name).inserted else {
                    throw CheckpointError.corrupted(path, "parameter '\(entry.name)' appears twice")
                }
                p.value = values
                if let role = header.parameterRoles[entry.name] { p.role = role }
            case "optimizer.first": optimizer?.first[entry.name] = values
            case "optimizer.second": optimizer?.second[entry.name] = values
            default: throw CheckpointError.corrupted(path, "unknown section '\(entry.section)'")
            }
        }
        if let missing = model.parameters.first(where: { !restored.contains($0.name) }) {
            throw CheckpointError.corrupted(path, "parameter '\(missing.name)' is missing")
        }
        do { try model.parametersDidChange() } catch {
            throw CheckpointError.corrupted(path, "its parameters cannot be used: \(error)")
        }
        let learner = Learner(model: model, optimizer: optimizer, history: header.history,
                              generator: SeededGenerator(state: header.generatorState), epochsCompleted: header.epochsCompleted,
                              trainedOn: version >= 2 ? header.trainedOn : nil)
        return (learner, Int(version))
    }
}

/// Why a checkpoint could not be read.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case unreadable(String, String)
    case notACheckpoint(String)
    case futureVersion(String, Int, Int)
    case truncated(String, String)
    case corrupted(String, String)

    public var description: String {
        switch self {
        case .missing(let p): return "\(p): no such file"
        case let .unreadable(p, why): return "\(p): cannot be read (\(why))"
        case .notACheckpoint(let p): return "\(p): not a urnn checkpoint (bad magic)"
        case let .futureVersion(p, v, mine): return "\(p): checkpoint format version \(v) is newer than this urnn reads (\(mine)); upgrade urnn"
        case let .truncated(p, why): return "\(p): truncated checkpoint (\(why))"
        case let .corrupted(p, why): return "\(p): corrupted checkpoint (\(why))"
        }
    }
}

func appendLittleEndian<T: FixedWidthInteger>(_ data: inout Data, _ value: T) {
    withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
}

func readLittleEndian<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int) -> T {
    var v: T = 0
    for k in 0..<MemoryLayout<T>.size { v |= T(bytes[offset + k]) << (8 * k) }
    return v
}

/// CRC-32 (IEEE 802.3, the polynomial of zlib and PNG): the checksum that ends a checkpoint.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The checksum of `bytes` (0xCBF43926 for the ASCII digits "123456789").
    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
