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

    /// Each rule's name with its one-line summary, in registration order.
    public static var summaries: [(name: String, summary: String)] { registered.map { ($0.name, $0.summary) } }

    static func kind(named name: String) -> (any UpdateRuleKind.Type)? {
        registered.first { $0.name == name }
    }
}
