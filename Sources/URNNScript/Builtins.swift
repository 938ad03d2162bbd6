import Foundation
import Numerics
import URNNEngine

/// A failure inside a built-in function; `argument` (0-based) points the caret at it.
struct BuiltinError: Error {
    let message: String
    let argument: Int?
    init(_ message: String, argument: Int? = nil) {
        self.message = message
        self.argument = argument
    }
}

/// A built-in function, declared once for the interpreter, the checker and the docs.
public struct BuiltinSpec: Sendable {
    public let name: String
    /// How a call reads: `zeros(rows, cols = rows)`.
    public let signature: String
    public let doc: String
    public let arity: ClosedRange<Int>
    let implementation: @Sendable ([Value], inout SeededGenerator) throws -> Value

    var arityDescription: String {
        arity.lowerBound == arity.upperBound
            ? "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
            : "\(arity.lowerBound) to \(arity.upperBound) arguments"
    }
}

/// The built-in functions.
public enum Builtins {
    /// The largest matrix or list a script may build (elements): 2^22, 32 MB of doubles.
    /// Bounds memory so that no input can exhaust it.
    public static let maxElements = 1 << 22

    public static func named(_ name: String) -> BuiltinSpec? { table[name] }
    public static var names: [String] { all.map(\.name) }
    static let table: [String: BuiltinSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// `x` as an Int when it is a whole number of safe size.
    static func exactInt(_ x: Double) -> Int? {
        guard x.isFinite, x == x.rounded(), abs(x) <= 9.0e15 else { return nil }
        return Int(x)
    }

    static func count(_ args: [Value], _ i: Int, _ what: String) throws -> Int {
        guard case .number(let x) = args[i], let n = exactInt(x), n >= 1 else {
            throw BuiltinError("\(what) must be a whole number of at least 1, got \(args[i].typeAndName)", argument: i)
        }
        return n
    }

    static func shape(_ args: [Value]) throws -> (Int, Int) {
        let r = try count(args, 0, "rows")
        let c = args.count > 1 ? try count(args, 1, "cols") : r
        guard r.multipliedReportingOverflow(by: c).partialValue <= maxElements, r <= maxElements, c <= maxElements else {
            throw BuiltinError("a \(r)x\(c) matrix is too large (at most \(maxElements) elements)")
        }
        return (r, c)
    }

    /// Applies a real function to a number or to each element of a real matrix.
    static func elementwise(_ name: String, _ f: @escaping @Sendable (Double) -> Double) -> @Sendable ([Value], inout SeededGenerator) throws -> Value {
        { args, _ in
            switch args[0] {
            case .number(let x): return .number(f(x))
            case .matrix(let m): return .matrix(m.map(f))
            default: throw BuiltinError("needs a number or a real matrix, got \(args[0].typeAndName)", argument: 0)
            }
        }
    }

    static func real(_ f: @escaping @Sendable (Matrix) throws -> Value,
                     complex g: @escaping @Sendable (ComplexMatrix) throws -> Value) -> @Sendable ([Value], inout SeededGenerator) throws -> Value {
        { args, _ in
            switch args[0] {
            case .matrix(let m): return try f(m)
            case .complexMatrix(let m): return try g(m)
            case .number(let x): return try f(Matrix(rows: 1, cols: 1, repeating: x))
            default: throw BuiltinError("needs a matrix, got \(args[0].typeAndName)", argument: 0)
            }
        }
    }

    static func numbers(_ zs: [Complex<Double>]) -> Value {
        .list(zs.map { $0.imaginary == 0 ? .number($0.real) : .complex($0) })
    }

    /// numpy.allclose(W Wᴴ, I): |a − b| ≤ atol + rtol·|b| elementwise, with numpy's defaults,
    /// so that the seed's demonstration gives the same answer here as in NumPy.
    static func isUnitary<S: LinearAlgebraScalar>(_ w: DenseMatrix<S>, tolerance: Double?) throws -> Bool {
        guard w.isSquare else { throw BuiltinError("needs a square matrix, got \(w.shapeDescription)", argument: 0) }
        let rtol = 1e-5, atol = tolerance ?? 1e-8
        let g = DenseMatrix.product(w, .none, w, .adjoint)
        for j in 0..<g.cols {
            for i in 0..<g.rows {
                let target: Double = i == j ? 1 : 0
                if !((g[i, j] - S(real: target)).modulus <= atol + rtol * abs(target)) { return false }
            }
        }
        return true
    }

    static let all: [BuiltinSpec] = basics + reductions

    static let basics: [BuiltinSpec] = [
        BuiltinSpec(name: "expm", signature: "expm(M)", doc: "matrix exponential (Padé 13 with scaling and squaring)",
                    arity: 1...1, implementation: real({ .matrix(try expm($0)) }, complex: { .complexMatrix(try expm($0)) })),
        BuiltinSpec(name: "eig", signature: "eig(M)", doc: "eigenvalues of a square matrix, a list (complex where needed)",
                    arity: 1...1, implementation: real({ numbers(try $0.eigenvalues()) }, complex: { numbers(try $0.eigenvalues()) })),
        BuiltinSpec(name: "svd", signature: "svd(M)", doc: "singular values, largest first",
                    arity: 1...1, implementation: real({ .list(try $0.singularValues().map { .number($0) }) },
                                                       complex: { .list(try $0.singularValues().map { .number($0) }) })),
        BuiltinSpec(name: "norm", signature: "norm(x)", doc: "Frobenius norm of a matrix, length of a list of numbers, |x| of a number",
                    arity: 1...1, implementation: { args, _ in
                        switch args[0] {
                        case .number(let x): return .number(abs(x))
                        case .complex(let z): return .number(z.length)
                        case .matrix(let m): return .number(m.frobeniusNorm)
                        case .complexMatrix(let m): return .number(m.frobeniusNorm)
                        case .list(let items):
                            var sum = 0.0
                            for item in items {
                                guard case .number(let x) = item else { throw BuiltinError("needs a list of numbers", argument: 0) }
                                sum += x * x
                            }
                            return .number(sum.squareRoot())
                        default: throw BuiltinError("needs a number, list or matrix, got \(args[0].typeAndName)", argument: 0)
                        }
                    }),
        BuiltinSpec(name: "transpose", signature: "transpose(M)", doc: "the transpose (no conjugation)",
                    arity: 1...1, implementation: real({ .matrix($0.transposed()) }, complex: { .complexMatrix($0.transposed()) })),
        BuiltinSpec(name: "adjoint", signature: "adjoint(M)", doc: "the conjugate transpose",
                    arity: 1...1, implementation: real({ .matrix($0.adjoint()) }, complex: { .complexMatrix($0.adjoint()) })),
        BuiltinSpec(name: "skew", signature: "skew(M)", doc: "(M - M^H)/2: skew-symmetric (real) or skew-Hermitian (complex) part",
                    arity: 1...1, implementation: real({ .matrix(try skew($0)) }, complex: { .complexMatrix(try skewHermitian($0)) })),
        BuiltinSpec(name: "eye", signature: "eye(n)", doc: "the n x n identity",
                    arity: 1...1, implementation: { args, _ in .matrix(.identity(try shape(args).0)) }),
        BuiltinSpec(name: "zeros", signature: "zeros(rows, cols = rows)", doc: "a matrix of zeros",
                    arity: 1...2, implementation: { args, _ in let (r, c) = try shape(args); return .matrix(Matrix(rows: r, cols: c)) }),
        BuiltinSpec(name: "rand", signature: "rand(rows, cols = rows)", doc: "uniform [0, 1) entries from the session generator",
                    arity: 1...2, implementation: { args, g in
                        let (r, c) = try shape(args); return .matrix(.randomUniform(rows: r, cols: c, using: &g)) }),
        BuiltinSpec(name: "randn", signature: "randn(rows, cols = rows)", doc: "standard normal entries from the session generator",
                    arity: 1...2, implementation: { args, g in
                        let (r, c) = try shape(args); return .matrix(Matrix.randomNormal(rows: r, cols: c, using: &g)) }),
        BuiltinSpec(name: "sigmoid", signature: "sigmoid(x)", doc: "1 / (1 + exp(-x)), elementwise",
                    arity: 1...1, implementation: elementwise("sigmoid") { 1 / (1 + Foundation.exp(-$0)) }),
        BuiltinSpec(name: "tanh", signature: "tanh(x)", doc: "hyperbolic tangent, elementwise",
                    arity: 1...1, implementation: elementwise("tanh") { Foundation.tanh($0) }),
        BuiltinSpec(name: "exp", signature: "exp(x)", doc: "e^x, elementwise (see expm for the matrix exponential)",
                    arity: 1...1, implementation: elementwise("exp") { Foundation.exp($0) }),
        BuiltinSpec(name: "log", signature: "log(x)", doc: "natural logarithm, elementwise",
                    arity: 1...1, implementation: elementwise("log") { Foundation.log($0) }),
        BuiltinSpec(name: "sqrt", signature: "sqrt(x)", doc: "square root, elementwise",
                    arity: 1...1, implementation: elementwise("sqrt") { $0.squareRoot() }),
        BuiltinSpec(name: "is_unitary", signature: "is_unitary(M) | is_unitary(M, atol)",
                    doc: "whether M M^H is close to I (numpy.allclose: rtol 1e-5, atol 1e-8 unless given)",
                    arity: 1...2, implementation: { args, _ in
                        var tolerance: Double? = nil
                        if args.count > 1 {
                            guard case .number(let t) = args[1], t >= 0 else { throw BuiltinError("atol must be a number >= 0", argument: 1) }
                            tolerance = t
                        }
                        switch args[0] {
                        case .matrix(let m): return .bool(try isUnitary(m, tolerance: tolerance))
                        case .complexMatrix(let m): return .bool(try isUnitary(m, tolerance: tolerance))
                        default: throw BuiltinError("needs a matrix, got \(args[0].typeAndName)", argument: 0)
                        }
                    }),
        BuiltinSpec(name: "unitarity", signature: "unitarity(M)", doc: "||M M^H - I||_F, 0 for a unitary matrix",
                    arity: 1...1, implementation: real({ .number(try unitarityError($0)) }, complex: { .number(try unitarityError($0)) })),
        BuiltinSpec(name: "len", signature: "len(x)", doc: "length of a list or string, rows of a matrix",
                    arity: 1...1, implementation: { args, _ in
                        switch args[0] {
                        case .list(let items): return .number(Double(items.count))
                        case .string(let s): return .number(Double(s.count))
                        case .matrix(let m): return .number(Double(m.rows))
                        case .complexMatrix(let m): return .number(Double(m.rows))
                        default: throw BuiltinError("needs a list, string or matrix, got \(args[0].typeAndName)", argument: 0)
                        }
                    }),
        BuiltinSpec(name: "range", signature: "range(stop) | range(start, stop, step = 1)", doc: "the list start, start+step, ... before stop",
                    arity: 1...3, implementation: { args, _ in try range(args) }),
        BuiltinSpec(name: "shape", signature: "shape(M)", doc: "[rows, cols] of a matrix",
                    arity: 1...1, implementation: real({ .list([.number(Double($0.rows)), .number(Double($0.cols))]) },
                                                       complex: { .list([.number(Double($0.rows)), .number(Double($0.cols))]) })),
        BuiltinSpec(name: "complex", signature: "complex(re, im)", doc: "a complex number or matrix from real and imaginary parts",
                    arity: 2...2, implementation: { args, _ in
                        switch (args[0], args[1]) {
                        case let (.number(a), .number(b)): return .complex(Complex(a, b))
                        case let (.matrix(a), .matrix(b)):
                            guard a.rows == b.rows && a.cols == b.cols else {
                                throw BuiltinError("shapes \(a.shapeDescription) and \(b.shapeDescription) differ", argument: 1)
                            }
                            return .complexMatrix(ComplexMatrix(real: a, imaginary: b))
                        default: throw BuiltinError("needs two numbers or two real matrices of one shape")
                        }
                    }),
    ]

    static func range(_ args: [Value]) throws -> Value {
        var bounds: [Int] = []
        for (i, a) in args.enumerated() {
            guard case .number(let x) = a, let n = exactInt(x) else {
                throw BuiltinError("needs whole numbers, got \(a.typeAndName)", argument: i)
            }
            bounds.append(n)
        }
        let (start, stop) = bounds.count == 1 ? (0, bounds[0]) : (bounds[0], bounds[1])
        let step = bounds.count == 3 ? bounds[2] : 1
        guard step != 0 else { throw BuiltinError("step must not be 0", argument: 2) }
        let count = max(0, (stop - start + step - (step > 0 ? 1 : -1)) / step)
        guard count <= maxElements else { throw BuiltinError("a range of \(count) numbers is too long (at most \(maxElements))") }
        return .list((0..<count).map { .number(Double(start + $0 * step)) })
    }
}
