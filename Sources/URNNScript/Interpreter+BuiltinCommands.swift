import Foundation
import URNNEngine

/// The commands the language runs by itself, without engine models: `seed`, `param`,
/// `set`, `show settings`, `help` and `export`.
extension Interpreter {
    func registerBuiltinCommands() {
        register("seed") { inv, interpreter in
            guard case .number(let x)? = inv.argument("N"), let n = Builtins.exactInt(x), n >= 0 else {
                throw inv.error("seed must be a whole number >= 0", at: "N")
            }
            interpreter.settings.seed = UInt64(n)
            interpreter.generator = SeededGenerator(seed: UInt64(n))
            return .none
        }
        register("param") { inv, interpreter in
            let name = inv.names["NAME"] ?? ""
            let fallback = inv.argument("VALUE") ?? .none
            let value = try interpreter.parameterValue(name, default: fallback, invocation: inv)
            interpreter.define(name, value)
            return .none
        }
        register("set plots") { inv, interpreter in
            guard case .string(let dir)? = inv.argument("DIR"), !dir.isEmpty else {
                throw inv.error("set plots needs a folder name", at: "DIR")
            }
            interpreter.settings.plotsDirectory = dir
            return .none
        }
        register("set threads") { inv, interpreter in
            guard case .number(let x)? = inv.argument("N"), let n = Builtins.exactInt(x), (1...256).contains(n) else {
                throw inv.error("threads must be a whole number from 1 to 256", at: "N")
            }
            interpreter.settings.threads = n
            return .none
        }
        register("show settings") { _, interpreter in
            for line in interpreter.settings.lines { interpreter.output.write(line) }
            return .none
        }
        register("help") { inv, interpreter in
            interpreter.output.write(try Reference.help(topic: inv.words["TOPIC"], at: inv.location,
                                                        session: interpreter.sessionCommands))
            return .none
        }
        register("export") { inv, interpreter in
            interpreter.output.write(try Export.write(try Export.selectedRows(of: inv.argument("VALUE") ?? .none, inv),
                                                      invocation: inv))
            return .none
        }
    }

    /// A number as a script writes one (`100`, `-0.5`, `1e-3`), finite; nil for anything
    /// else, such as `nan`, `inf` or `0x10`, which `Double(_:)` would take.
    static func decimalNumber(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.range(of: #"^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$"#, options: .regularExpression) != nil,
              let x = Double(t), x.isFinite else { return nil }
        return x
    }

    /// The value of `param NAME = default`: the override from `--set NAME=TEXT` when there
    /// is one, read as the type of the default.
    func parameterValue(_ name: String, default fallback: Value, invocation inv: Invocation) throws -> Value {
        guard let text = parameterOverrides[name] else { return fallback }
        do {
            return try Interpreter.overrideValue(name, text: text, default: fallback)
        } catch let error as OverrideMismatch {
            throw inv.error(error.message, at: "VALUE")
        }
    }

    /// The override `text` of parameter `name` read as the type of its default; throws an
    /// `OverrideMismatch` that says what is wanted. `urnn sweep` checks its values with it too.
    static func overrideValue(_ name: String, text: String, default fallback: Value) throws -> Value {
        func mismatch(_ wanted: String) -> OverrideMismatch {
            OverrideMismatch(message: "parameter '\(name)' is \(wanted) (its default is \(fallback.description)); "
                             + "the override \(name)=\(text) is not")
        }
        switch fallback {
        case .number:
            guard let x = Interpreter.decimalNumber(text) else {
                throw OverrideMismatch(message: "parameter '\(name)' is a number (its default is \(fallback.description)); "
                                       + "the override \(name)=\(text) is not: write a finite decimal number such as "
                                       + "100, -0.5 or 1e-3")
            }
            return .number(x)
        case .bool:
            guard text == "true" || text == "false" else { throw mismatch("true or false") }
            return .bool(text == "true")
        case .string:
            return .string(text)
        default:
            throw OverrideMismatch(message: "parameter '\(name)' has a \(fallback.typeName) default, which cannot be "
                                   + "overridden; use a number, string or bool")
        }
    }
}
