import URNNEngine
@testable import URNNScript

/// A stand-in engine object for tests of the language: the engine-object commands are
/// wired by the program, so these tests give `model`, `corpus` and `task` minimal handlers
/// that make objects with a few members.
final class TestObject: ScriptObject {
    let kindName: String
    let displayName: String
    let hidden: Int
    init(kind: String, name: String, hidden: Int) {
        kindName = kind
        displayName = name
        self.hidden = hidden
    }
    var summary: String { "\(kindName) \(displayName)" }
    var memberNames: [String] { kindName == "model" ? ["W", "hidden"] : [] }
    func member(_ name: String) throws -> Value {
        switch (kindName, name) {
        case ("model", "W"): return .matrix(.identity(hidden))
        case ("model", "hidden"): return .number(Double(hidden))
        default: throw MemberError("\(kindName) '\(displayName)' has no member '\(name)'")
        }
    }
}

/// A runner with captured output and the test handlers for `model`, `corpus` and `task`.
func makeTestRunner(overrides: [String: String] = [:], isCancelled: @escaping () -> Bool = { false })
    -> (ScriptRunner, CapturedOutput)
{
    let output = CapturedOutput()
    let runner = ScriptRunner(output: output, isCancelled: isCancelled, parameterOverrides: overrides)
    for kind in ["model", "corpus", "task"] {
        runner.interpreter.register(kind) { inv, interpreter in
            let name = inv.names["NAME"] ?? "?"
            let declaresHidden = inv.spec.options(for: inv.variant).contains { $0.name == "hidden" }
            let object = TestObject(kind: kind, name: name, hidden: declaresHidden ? try inv.int("hidden") : 2)
            interpreter.define(name, .object(object), noteIfReplacing: true)
            return .none
        }
    }
    return (runner, output)
}
