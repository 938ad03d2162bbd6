import Foundation
import URNNEngine

/// An n-gram count model as the script sees it: its order, and once `train` has counted a
/// corpus, the counts and the corpus they came from.
final class NGramObject: ScriptObject {
    let kindName = "model"
    let displayName: String
    let order: Int
    /// The counts, once a corpus was counted.
    var counts: KneserNeyModel?
    /// The corpus counted (for `show models`).
    var countedData: DataObject?

    init(name: String, order: Int) {
        displayName = name
        self.order = order
    }

    /// `ngram(order=3)`: the kind and its option, as `ModelConfig.summary` shows a recurrent model.
    var brief: String { kindSummary }
    var kindSummary: String { "ngram(order=\(order), interpolated Kneser-Ney)" }

    var summary: String {
        guard let counts else { return "\(kindSummary), not counted yet (train it on a corpus)" }
        return "\(kindSummary), \(counts.tokenCount) tokens counted" + (countedData.map { " on \($0.displayName)" } ?? "")
    }

    /// The counts, or an error that says how to get them.
    func counted() throws -> KneserNeyModel {
        guard let counts else {
            throw MemberError("model '\(displayName)' has not counted a corpus yet: train it on one first (train \(displayName) on CORPUS)")
        }
        return counts
    }

    var memberNames: [String] { ["order", "tokens"] }

    func member(_ name: String) throws -> Value {
        switch name {
        case "order": return .number(Double(order))
        case "tokens": return .number(Double(try counted().tokenCount))
        default: throw MemberError("model '\(displayName)' (an ngram) has no member '\(name)'")
        }
    }
}
