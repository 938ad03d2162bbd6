import Foundation

/// The most memory one thing the engine builds may take: a model, a task's held-out
/// set, the batches and passes of one training or evaluation. Sizes come from users
/// (`delay=1e9`, `batch=1e9`) and from checkpoint fields, so they are estimated with
/// checked arithmetic and compared with the budget before anything is allocated; an
/// allocation the machine cannot serve would abort the process instead.
///
/// The policy (docs/security.md): half of the memory the process may use, that is
/// half of `MemTotal` in /proc/meminfo, or of the cgroup's `memory.max` when that is
/// smaller. Half, because an estimate counts the main arrays only, and the session
/// holds other objects besides.
public struct MemoryBudget: Sendable, Equatable {
    /// The largest estimate that passes, in bytes.
    public var limitBytes: Int

    public init(limitBytes: Int) { self.limitBytes = limitBytes }

    /// Half of the machine's (or the container's) memory; 4 GiB when neither can be read.
    public static let system = MemoryBudget(limitBytes: MemoryBudget.usableBytes().map { $0 / 2 } ?? (4 << 30))

    /// Throws `MemoryError.tooLarge` unless `bytes` fits; nil `bytes` means the
    /// estimate itself overflowed, which never fits.
    public func check(_ bytes: Int?, for what: String) throws {
        guard let bytes, bytes <= limitBytes else { throw MemoryError.tooLarge(what, needed: bytes, limit: limitBytes) }
    }

    /// The memory the process may use: MemTotal, or the cgroup v2 limit when smaller.
    static func usableBytes() -> Int? {
        var best: Int?
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
           let kib = Int(line.split(separator: " ").dropFirst().first ?? "") {
            best = kib.multipliedReportingOverflow(by: 1024).overflow ? nil : kib * 1024
        }
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
           let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            best = best.map { Swift.min($0, bytes) } ?? bytes
        }
        return best
    }
}

/// A size that does not fit the memory budget.
public enum MemoryError: Error, CustomStringConvertible, Equatable {
    /// What was asked for, the estimated bytes (nil: more than Int.max) and the limit.
    case tooLarge(String, needed: Int?, limit: Int)

    public var description: String {
        switch self {
        case let .tooLarge(what, nil, limit):
            return "\(what): too large: needs more than 8 EiB (limit \(MemoryError.gibibytes(limit, decimals: 2)) GiB)"
        case let .tooLarge(what, needed?, limit):
            // Two decimals, or as many more as it takes for the two numbers to differ.
            var decimals = 2
            while decimals < 9,
                  MemoryError.gibibytes(needed, decimals: decimals) == MemoryError.gibibytes(limit, decimals: decimals) {
                decimals += 1
            }
            return "\(what): too large: needs \(MemoryError.gibibytes(needed, decimals: decimals)) GiB "
                + "(limit \(MemoryError.gibibytes(limit, decimals: decimals)) GiB)"
        }
    }

    /// Bytes in GiB: "0.03", "1862.50".
    static func gibibytes(_ bytes: Int, decimals: Int) -> String {
        String(format: "%.\(decimals)f", Double(bytes) / Double(1 << 30))
    }
}

/// Checked arithmetic for size estimates: nil once any step overflows.
public enum ByteCount {
    /// The product of `factors`, or nil when it overflows (or a factor is negative).
    public static func product(_ factors: Int...) -> Int? { product(factors) }

    public static func product(_ factors: [Int]) -> Int? {
        var p = 1
        for f in factors {
            guard f >= 0 else { return nil }
            let (r, overflow) = p.multipliedReportingOverflow(by: f)
            if overflow { return nil }
            p = r
        }
        return p
    }

    /// The sum of `terms`, or nil when one is nil or the sum overflows.
    public static func sum(_ terms: Int?...) -> Int? {
        var s = 0
        for t in terms {
            guard let t else { return nil }
            let (r, overflow) = s.addingReportingOverflow(t)
            if overflow { return nil }
            s = r
        }
        return s
    }
}
