/// Resolves names before anything runs: every variable must be defined earlier in the text
/// (or in the session), every called function must exist with a valid number of arguments.
/// Collects every problem, like the parser, so `urnn check` reports them all at once.
struct Checker {
    var defined: Set<String>
    var errors: [ScriptError] = []
    /// The names declared with `param`, to check `--set` overrides against.
    var parameters: [String] = []
    /// The REPL cell being checked, for the message about `_N` (see `Interpreter.currentCell`).
    var cell: Int?

    init(defined: Set<String>) {
        self.defined = defined
    }

    mutating func check(_ statements: [Stmt]) {
        for statement in statements { check(statement) }
    }

    mutating func check(_ stmt: Stmt) {
        switch stmt.kind {
        case .expression(let e):
            check(e)
        case let .assign(name, e):
            check(e)
            defined.insert(name)
        case .print(let es):
            es.forEach { check($0) }
        case let .ifElse(condition, thenBranch, elseBranch):
            check(condition)
            check(thenBranch)
            if let elseBranch { check(elseBranch) }
        case let .whileLoop(condition, body):
            check(condition)
            check(body)
        case let .forLoop(name, sequence, body):
            check(sequence)
            defined.insert(name)
            check(body)
        case .timed(let inner):
            check(inner)
        case .command(let node):
            for argument in node.arguments {
                switch argument.value {
                case .expr(let e): check(e)
                case .exprs(let es): es.forEach { check($0) }
                case .name, .word: break
                }
            }
            for option in node.options {
                if case .exprs(let es) = option.value { es.forEach { check($0) } }
            }
            // `del x` ends x: a later use is an undefined name, as when the script runs.
            if node.spec.name == Commands.del.name {
                for argument in node.arguments {
                    guard case .word(let name) = argument.value else { continue }
                    if defined.remove(name) == nil {
                        errors.append(ScriptError(Interpreter.undefinedNameMessage(name, defined: Array(defined), cell: cell),
                                                  at: argument.location))
                    }
                }
            }
            // Defined after its arguments are checked: `model u = load u_path` must not see u.
            for argument in node.arguments {
                if case .name(let name) = argument.value {
                    defined.insert(name)
                    if node.spec.name == "param" { parameters.append(name) }
                }
            }
        }
    }

    mutating func check(_ expr: Expr) {
        switch expr.kind {
        case .number, .bool: break
        case .string(let parts):
            for case .expr(let e) in parts { check(e) }
        case .list(let items): items.forEach { check($0) }
        case .matrix(let rows): rows.forEach { $0.forEach { check($0) } }
        case .variable(let name):
            if !defined.contains(name) {
                errors.append(ScriptError(Interpreter.undefinedNameMessage(name, defined: Array(defined), cell: cell),
                                          at: expr.location))
            }
        case .negate(let e), .not(let e), .member(let e, _): check(e)
        case let .binary(_, l, r), let .and(l, r), let .or(l, r):
            check(l)
            check(r)
        case let .call(name, args):
            if let builtin = Builtins.named(name) {
                if !builtin.arity.contains(args.count) {
                    errors.append(ScriptError("'\(name)' takes \(builtin.arityDescription), got \(args.count): \(builtin.signature)",
                                              at: expr.location))
                }
            } else {
                errors.append(ScriptError("unknown function '\(name)'\(didYouMean(name, in: Builtins.names))", at: expr.location))
            }
            args.forEach { check($0) }
        case let .index(target, indices):
            check(target)
            indices.forEach { check($0) }
        case let .slice(start, stop):
            start.map { check($0) }
            stop.map { check($0) }
        }
    }
}
