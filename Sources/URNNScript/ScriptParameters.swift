import Foundation

/// The parameters a script declares with `param NAME = VALUE`, at any depth, and the
/// checks an override (`--set NAME=TEXT`, a sweep's `--grid NAME=...`) must pass before
/// anything runs: the name is declared, and the text reads as the type of the default.
public struct ScriptParameters {
    /// The declared names, in the order of the script.
    public let names: [String]
    /// The defaults written as literals (a number, a string without interpolation, a bool);
    /// a default computed by an expression is only known when the script runs.
    let literalDefaults: [String: Value]
    /// Where each parameter's first default is written (the place `param` reports a bad override).
    let defaultLocations: [String: SourceLocation]

    /// The parameters of a parsed program.
    public init(_ program: Program) {
        var names: [String] = []
        var defaults: [String: Value] = [:]
        var locations: [String: SourceLocation] = [:]
        func visit(_ statements: [Stmt]) {
            for statement in statements {
                switch statement.kind {
                case .command(let node) where node.spec.name == "param":
                    var name: String?
                    var literal: Value?
                    var location: SourceLocation?
                    for argument in node.arguments {
                        switch argument.value {
                        case .name(let n): name = n
                        case .expr(let e):
                            literal = ScriptParameters.literal(e)
                            location = argument.location
                        default: break
                        }
                    }
                    if let name {
                        if !names.contains(name) {
                            names.append(name)
                            locations[name] = location
                        }
                        if let literal, defaults[name] == nil { defaults[name] = literal }
                    }
                case let .ifElse(_, thenBranch, elseBranch):
                    visit(thenBranch)
                    visit(elseBranch ?? [])
                case let .whileLoop(_, body), let .forLoop(_, _, body):
                    visit(body)
                default:
                    break
                }
            }
        }
        visit(program.statements)
        self.names = names
        self.literalDefaults = defaults
        self.defaultLocations = locations
    }

    /// The overrides among `overrides` whose text is not of the type of the declared
    /// literal default, as the errors `param` gives when the script runs (same message,
    /// same place), so that `urnn check` and `urnn run` refuse them before anything runs.
    public func typeErrors(_ overrides: [String: String]) -> [ScriptError] {
        overrides.keys.sorted().compactMap { name in
            guard let text = overrides[name], let message = typeMismatchMessage(name, text: text) else { return nil }
            return ScriptError(message, at: defaultLocations[name])
        }
    }

    private static func literal(_ e: Expr) -> Value? {
        switch e.kind {
        case .number(let x): return .number(x)
        case .negate(let inner):
            if case .number(let x) = inner.kind { return .number(-x) }
            return nil
        case .bool(let b): return .bool(b)
        case .string(let parts):
            var text = ""
            for part in parts {
                guard case .text(let t) = part else { return nil }
                text += t
            }
            return .string(text)
        default: return nil
        }
    }

    /// The message for an override of a name the script does not declare, with a
    /// did-you-mean; nil when `name` is declared. `option` names the flag (`--set`, `--grid`).
    public func unknownNameMessage(_ name: String, option: String = "--set") -> String? {
        guard !names.contains(name) else { return nil }
        let declared = names.isEmpty ? "it declares none" : "it declares \(names.joined(separator: ", "))"
        return "\(option) \(name): the script has no parameter '\(name)' (\(declared))" + didYouMean(name, in: names)
    }

    /// The message for an override whose text is not of the type of the parameter's literal
    /// default (the same check `param` makes when the script runs); nil when it reads, or
    /// when the default is not a literal.
    public func typeMismatchMessage(_ name: String, text: String) -> String? {
        guard let fallback = literalDefaults[name] else { return nil }
        do {
            _ = try Interpreter.overrideValue(name, text: text, default: fallback)
            return nil
        } catch let error as OverrideMismatch {
            return error.message
        } catch {
            return "\(error)"
        }
    }
}

/// An override whose text does not read as the type of the parameter's default.
struct OverrideMismatch: Error {
    let message: String
}
