import Numerics
import URNNEngine

extension Interpreter {
    /// The value of an expression, or a `ScriptError` at the place that failed.
    public func evaluate(_ expr: Expr) throws -> Value {
        switch expr.kind {
        case .number(let x): return .number(x)
        case .bool(let b): return .bool(b)
        case .string(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .text(let t): text += t
                case .expr(let e): text += try evaluate(e).display
                }
                if text.utf8.count > Builtins.maxElements { throw Arithmetic.tooLarge(at: expr.location) }
            }
            return .string(text)
        case .list(let items):
            let list = Value.list(try items.map { try evaluate($0) })
            var budget = Builtins.maxElements
            guard list.isBounded(depth: 0, budget: &budget) else {
                throw ScriptError("list too large or nested too deeply (at most \(Value.maxNesting) levels, "
                                  + "\(Builtins.maxElements) elements)", at: expr.location)
            }
            let bytes = list.approximateBytes
            guard bytes <= valueMemoryLimit else { throw Builtins.valuesTooLarge(bytes, limit: valueMemoryLimit, at: expr.location) }
            return list
        case .matrix(let rows):
            return try matrixLiteral(rows, at: expr.location)
        case .variable(let name):
            guard let value = globals[name] else {
                throw ScriptError(undefinedNameMessage(name), at: expr.location)
            }
            return value
        case .negate(let inner):
            return try Arithmetic.negate(try evaluate(inner), at: expr.location)
        case .not(let inner):
            return .bool(!(try condition(inner, "not")))
        case let .and(l, r):
            return .bool(try condition(l, "and") ? try condition(r, "and") : false)
        case let .or(l, r):
            return .bool(try condition(l, "or") ? true : try condition(r, "or"))
        case let .binary(op, l, r):
            return try Arithmetic.binary(op, try evaluate(l), try evaluate(r), at: expr.location)
        case let .call(name, args):
            return try call(name, args, at: expr.location)
        case let .member(target, name):
            return try member(try evaluate(target), name, at: expr.location, writtenAs: Interpreter.writtenName(target))
        case let .index(target, indices):
            return try index(try evaluate(target), try indices.map { try indexValue($0) }, at: expr.location)
        case .slice:
            throw ScriptError("':' selects a range only inside '[]'", at: expr.location)
        }
    }

    func matrixLiteral(_ rows: [[Expr]], at location: SourceLocation) throws -> Value {
        var values: [[Value]] = []
        for row in rows { values.append(try row.map { try evaluate($0) }) }
        let width = values[0].count
        guard width > 0 else { throw ScriptError("a matrix needs at least one column", at: location) }
        guard values.allSatisfy({ $0.count == width }) else {
            throw ScriptError("matrix rows have different lengths (\(values.map { String($0.count) }.joined(separator: ", ")))",
                              at: location)
        }
        guard values.count * width <= Builtins.maxElements else {
            throw ScriptError("matrix too large", at: location)
        }
        var real = Matrix(rows: values.count, cols: width)
        var complex: ComplexMatrix? = nil
        for (i, row) in values.enumerated() {
            for (j, v) in row.enumerated() {
                switch v {
                case .number(let x):
                    real[i, j] = x
                    complex?[i, j] = Complex(x, 0)
                case .complex(let z):
                    if complex == nil { complex = ComplexMatrix(real: real) }
                    complex?[i, j] = z
                default:
                    throw ScriptError("type error: a matrix element must be a number, got \(v.typeAndName) at row \(i + 1), column \(j + 1)",
                                      at: location)
                }
            }
        }
        return complex.map { .complexMatrix($0) } ?? .matrix(real)
    }

    func call(_ name: String, _ args: [Expr], at location: SourceLocation) throws -> Value {
        guard let builtin = Builtins.named(name) else {
            throw ScriptError("unknown function '\(name)'\(didYouMean(name, in: Builtins.names))", at: location)
        }
        guard builtin.arity.contains(args.count) else {
            throw ScriptError("'\(name)' takes \(builtin.arityDescription), got \(args.count): \(builtin.signature)", at: location)
        }
        let values = try args.map { try evaluate($0) }
        do {
            return try builtin.implementation(values, &generator)
        } catch let error as BuiltinError {
            let where_ = error.argument.flatMap { $0 < args.count ? args[$0].location : nil } ?? location
            throw ScriptError("\(name): \(error.message)", at: where_)
        } catch let error as LinearAlgebraError {
            let text = "\(error)"
            throw ScriptError(text.hasPrefix(name) ? text : "\(name): \(text)", at: location)
        }
    }

    /// `target.name`; `writtenAs` is the name the script wrote for the target (a bare name),
    /// which its messages use: after `r2 = r; model r = lstm`, `r2.rule` speaks of `r2`.
    func member(_ target: Value, _ name: String, at location: SourceLocation, writtenAs: String = "") throws -> Value {
        switch target {
        case .object(let object):
            do {
                return try object.member(name)
            } catch let error as MemberError {
                var message = error.message
                if !writtenAs.isEmpty, writtenAs != object.displayName, !Interpreter.isCellValueName(writtenAs) {
                    message = message.replacingOccurrences(of: "'\(object.displayName)'", with: "'\(writtenAs)'")
                }
                // A member it has but cannot give yet (an untrained model's W) says why alone;
                // an unknown one gets the closest name and the list of those it has.
                let members = object.memberNames
                guard !members.contains(name) else { throw ScriptError(message, at: location) }
                let list = members.isEmpty ? "" : " (members: \(members.joined(separator: ", ")))"
                throw ScriptError(message + didYouMean(name, in: members) + list, at: location)
            } catch let error as ScriptError {
                throw error
            } catch {
                throw ScriptError("\(object.kindName) '\(object.displayName)': \(error)", at: location)
            }
        case .matrix(let m):
            switch name {
            case "rows": return .number(Double(m.rows))
            case "cols": return .number(Double(m.cols))
            case "T": return .matrix(m.transposed())
            case "H": return .matrix(m.adjoint())
            default: break
            }
        case .complexMatrix(let m):
            switch name {
            case "rows": return .number(Double(m.rows))
            case "cols": return .number(Double(m.cols))
            case "T": return .complexMatrix(m.transposed())
            case "H": return .complexMatrix(m.adjoint())
            case "real": return .matrix(m.real)
            case "imag": return .matrix(m.imaginary)
            default: break
            }
        case .complex(let z):
            if name == "real" { return .number(z.real) }
            if name == "imag" { return .number(z.imaginary) }
        default: break
        }
        let known = target.memberNames
        let list = known.isEmpty ? "" : " (members: \(known.joined(separator: ", ")))"
        throw ScriptError("\(target.typeName) has no member '\(name)'\(didYouMean(name, in: known))\(list)", at: location)
    }
}
