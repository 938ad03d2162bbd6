/// Binary operators, by the precedence the parser gives them.
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", matmul = "@"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

/// A part of an interpolated string.
public enum StringPart: Sendable {
    case text(String)
    case expr(Expr)
}

/// An expression with the place it was written.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case number(Double)
        case string([StringPart])
        case bool(Bool)
        case list([Expr])
        /// `[[...], [...]]`: every element is itself a bracketed row.
        case matrix([[Expr]])
        case variable(String)
        case negate(Expr)
        case not(Expr)
        case binary(BinaryOperator, Expr, Expr)
        case and(Expr, Expr)
        case or(Expr, Expr)
        case call(String, [Expr])
        case member(Expr, String)
        case index(Expr, [Expr])
        /// `a:b`, `a:`, `:b` or `:` inside `[]`: the positions from a up to (not including) b.
        case slice(Expr?, Expr?)
    }

    public let kind: Kind
    public let location: SourceLocation
    /// The levels of the tree below and including this node (a leaf is 1). The checker and
    /// the interpreter recurse this deep, so the parser refuses trees past `Parser.maxHeight`.
    public let height: Int

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
        self.height = 1 + kind.childHeight
    }
}

extension Expr.Kind {
    /// The height of the tallest child, 0 for a leaf.
    var childHeight: Int {
        switch self {
        case .number, .bool, .variable: return 0
        case .string(let parts):
            return parts.reduce(0) { tallest, part in
                if case .expr(let e) = part { return max(tallest, e.height) }
                return tallest
            }
        case .list(let items), .call(_, let items): return items.tallest
        case .matrix(let rows): return rows.reduce(0) { max($0, $1.tallest) }
        case .negate(let e), .not(let e), .member(let e, _): return e.height
        case let .binary(_, l, r), let .and(l, r), let .or(l, r): return max(l.height, r.height)
        case let .index(target, indices): return max(target.height, indices.tallest)
        case let .slice(start, stop): return max(start?.height ?? 0, stop?.height ?? 0)
        }
    }
}

extension Array where Element == Expr {
    /// The height of the tallest expression, 0 when empty.
    var tallest: Int { reduce(0) { Swift.max($0, $1.height) } }
}

/// An option as written: `hidden=128`, `split=0.9,0.05,0.05`, or a bare flag `logy`.
public struct OptionNode: Sendable {
    public enum Value: Sendable {
        /// A bare flag: `logy` means `logy=true`.
        case flag
        /// Bare words, taken literally (choice and word options).
        case words([String])
        /// Expressions evaluated when the command runs; several when comma-separated.
        case exprs([Expr])
    }

    public let spec: OptionSpec
    public let value: Value
    /// Where the option's name is.
    public let location: SourceLocation
    /// Where its value is written (`-1` in `lr=-1`), underlined by errors about the value;
    /// nil for a bare flag.
    public var valueLocation: SourceLocation? = nil
}

/// A positional argument as written, named by its placeholder in the declaration.
public struct ArgumentNode: Sendable {
    public enum Value: Sendable {
        case name(String)
        case word(String)
        case expr(Expr)
        case exprs([Expr])
    }

    public let placeholder: String
    public let value: Value
    public let location: SourceLocation
}

/// A command statement, checked against its declaration.
public struct CommandNode: Sendable {
    public let spec: CommandSpec
    public let variant: CommandVariant?
    public let arguments: [ArgumentNode]
    public let options: [OptionNode]
    public let location: SourceLocation
}

/// A statement with the place it starts.
public struct Stmt: Sendable {
    public indirect enum Kind: Sendable {
        case expression(Expr)
        case assign(String, Expr)
        case print([Expr])
        case ifElse(Expr, [Stmt], [Stmt]?)
        case whileLoop(Expr, [Stmt])
        case forLoop(String, Expr, [Stmt])
        case command(CommandNode)
        /// `time STATEMENT`: runs the statement and reports its wall time.
        case timed(Stmt)
    }

    public let kind: Kind
    public let location: SourceLocation
    /// The levels of statements and expressions below and including this one; bounded by
    /// the parser like `Expr.height`.
    public let height: Int

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
        self.height = 1 + kind.childHeight
    }
}

extension Stmt.Kind {
    /// The height of the tallest child statement or expression, 0 for none.
    var childHeight: Int {
        switch self {
        case .expression(let e), .assign(_, let e): return e.height
        case .print(let es): return es.tallest
        case let .ifElse(condition, thenBranch, elseBranch):
            return max(condition.height, thenBranch.tallest, elseBranch?.tallest ?? 0)
        case let .whileLoop(condition, body), let .forLoop(_, condition, body):
            return max(condition.height, body.tallest)
        case .command(let node):
            var tallest = 0
            for argument in node.arguments {
                switch argument.value {
                case .expr(let e): tallest = max(tallest, e.height)
                case .exprs(let es): tallest = max(tallest, es.tallest)
                case .name, .word: break
                }
            }
            for option in node.options {
                if case .exprs(let es) = option.value { tallest = max(tallest, es.tallest) }
            }
            return tallest
        case .timed(let inner): return inner.height
        }
    }
}

extension Array where Element == Stmt {
    /// The height of the tallest statement, 0 when empty.
    var tallest: Int { reduce(0) { Swift.max($0, $1.height) } }
}

/// A parsed script: its statements and the text they came from.
public struct Program: Sendable {
    public let source: SourceFile
    public let statements: [Stmt]
}
