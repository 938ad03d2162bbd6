/// The update rules, registered once: the model configuration's `UpdateRule` names,
/// the language's `rule=` values and `help rules` all read this list. A new rule is a
/// file under `Models/Rules/` with a type conforming to `UpdateRuleKind`, plus its line
/// here.
public enum UpdateRules {
    static let registered: [any UpdateRuleKind.Type] = [
        ExactRule.self,
        SeedRule.self,
        CayleyRule.self,
        GeodesicRule.self,
        FreeRule.self,
    ]

    /// The rules' names, in registration order.
    public static var names: [String] { registered.map { $0.name } }

    /// Each rule's name with what it does and what it guarantees, in registration order.
    public static var summaries: [(name: String, summary: String, guarantee: String)] {
        registered.map { ($0.name, $0.summary, $0.guarantee) }
    }

    static func kind(named name: String) -> (any UpdateRuleKind.Type)? {
        registered.first { $0.name == name }
    }
}
