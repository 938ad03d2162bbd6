/// The name of an update rule of a unitary (orthogonal) recurrent matrix, as a model
/// configuration, a checkpoint and the language's `rule=` option give it. The rules
/// themselves are the types in `UpdateRules.registered` (one file each under
/// `Models/Rules/`); a name that is not registered does not make an `UpdateRule`.
public struct UpdateRule: RawRepresentable, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    public let rawValue: String

    /// The registered rule called `rawValue`; nil for any other name.
    public init?(rawValue: String) {
        guard UpdateRules.kind(named: rawValue) != nil else { return nil }
        self.rawValue = rawValue
    }

    /// A registered rule's own name (no look-up: the rule types name themselves).
    init(registered name: String) { rawValue = name }

    /// Every registered rule, in registration order.
    public static var allCases: [UpdateRule] { UpdateRules.registered.map { UpdateRule(registered: $0.name) } }

    /// One line on what the rule does, from its type.
    public var summary: String { UpdateRules.kind(named: rawValue)?.summary ?? "" }

    public var description: String { rawValue }

    /// The rule that trains A through the exponential (expRNN); the default.
    public static let exact = UpdateRule(registered: ExactRule.name)
    /// A ← A − lr M, then W = exp(A).
    public static let seed = UpdateRule(registered: SeedRule.name)
    /// The full-capacity uRNN's Cayley retraction.
    public static let cayley = UpdateRule(registered: CayleyRule.name)
    /// W ← exp(−lr M) W.
    public static let geodesic = UpdateRule(registered: GeodesicRule.name)
    /// Unconstrained steps on W: the control.
    public static let free = UpdateRule(registered: FreeRule.name)
}
