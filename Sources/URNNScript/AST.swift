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
    }

    public let kind: Kind
    public let location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
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
    public let location: SourceLocation
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
    }

    public let kind: Kind
    public let location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// A parsed script: its statements and the text they came from.
public struct Program: Sendable {
    public let source: SourceFile
    public let statements: [Stmt]
}
