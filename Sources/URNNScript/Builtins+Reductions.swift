import Foundation
import Numerics
import URNNEngine

/// Sums, means, extremes, trace, determinant and absolute values.
extension Builtins {
    /// The numbers of a list or matrix (real or complex), and whether all are real.
    static func scalars(_ value: Value, argument: Int) throws -> (values: [Complex<Double>], real: Bool) {
        switch value {
        case .number(let x): return ([Complex(x)], true)
        case .complex(let z): return ([z], false)
        case .matrix(let m): return (m.elements.map { Complex($0) }, true)
        case .complexMatrix(let m): return (m.elements, false)
        case .list(let items):
            do { return try Value.numbers(items) } catch {
                throw BuiltinError("needs a list of numbers, found \(error.item.typeAndName) in it", argument: argument)
            }
        default: throw BuiltinError("needs a list or a matrix, got \(value.typeAndName)", argument: argument)
        }
    }

    static func scalar(_ z: Complex<Double>, real: Bool) -> Value { real ? .number(z.real) : .complex(z) }

    /// The sum in order (the values are few: a list or matrix a script holds).
    static func total(_ zs: [Complex<Double>]) -> Complex<Double> { zs.reduce(.zero, +) }

    static func extreme(_ name: String, _ better: @escaping @Sendable (Double, Double) -> Bool)
        -> @Sendable ([Value], inout SeededGenerator) throws -> Value {
        { args, _ in
            let (zs, real) = try scalars(args[0], argument: 0)
            guard real else {
                throw BuiltinError("complex numbers have no order; take \(name)(abs(x)) or \(name)(x.real)", argument: 0)
            }
            guard var best = zs.first?.real else { throw BuiltinError("needs at least one number", argument: 0) }
            for z in zs.dropFirst() where z.real.isNaN || better(z.real, best) {
                best = z.real
                if best.isNaN { break }
            }
            return .number(best)
        }
    }

    /// |x|: a real of a number or complex number, elementwise over lists and matrices.
    static func absolute(_ value: Value, argument: Int) throws -> Value {
        switch value {
        case .number(let x): return .number(Swift.abs(x))
        case .complex(let z): return .number(z.length)
        case .matrix(let m): return .matrix(m.map { Swift.abs($0) })
        case .complexMatrix(let m): return .matrix(Matrix(rows: m.rows, cols: m.cols, elements: m.elements.map(\.length)))
        case .list(let items): return .list(try items.map { try absolute($0, argument: argument) })
        default: throw BuiltinError("needs a number, complex number, list or matrix, got \(value.typeAndName)", argument: argument)
        }
    }

    static func square<S>(_ m: DenseMatrix<S>, _ name: String) throws -> DenseMatrix<S> {
        guard m.isSquare else { throw LinearAlgebraError.notSquare(operation: name, shape: m.shapeDescription) }
        return m
    }

    static let reductions: [BuiltinSpec] = [
        BuiltinSpec(name: "sum", signature: "sum(x)", doc: "sum of a list's numbers or of all a matrix's entries",
                    arity: 1...1, implementation: { args, _ in
                        let (zs, real) = try scalars(args[0], argument: 0)
                        return scalar(total(zs), real: real)
                    }),
        BuiltinSpec(name: "mean", signature: "mean(x)", doc: "mean of a list's numbers or of all a matrix's entries",
                    arity: 1...1, implementation: { args, _ in
                        let (zs, real) = try scalars(args[0], argument: 0)
                        guard !zs.isEmpty else { throw BuiltinError("needs at least one number", argument: 0) }
                        return scalar(total(zs) / Complex(Double(zs.count)), real: real)
                    }),
        BuiltinSpec(name: "max", signature: "max(x)", doc: "largest of a list's numbers or a real matrix's entries (NaN if any is NaN)",
                    arity: 1...1, implementation: extreme("max", >)),
        BuiltinSpec(name: "min", signature: "min(x)", doc: "smallest of a list's numbers or a real matrix's entries (NaN if any is NaN)",
                    arity: 1...1, implementation: extreme("min", <)),
        BuiltinSpec(name: "trace", signature: "trace(M)", doc: "sum of the diagonal of a square matrix",
                    arity: 1...1, implementation: real({ .number(try square($0, "trace").trace) },
                                                       complex: { .complex(try square($0, "trace").trace) })),
        BuiltinSpec(name: "det", signature: "det(M)", doc: "determinant of a square matrix (LU with partial pivoting, LAPACK getrf)",
                    arity: 1...1, implementation: real({ .number(try $0.determinant()) }, complex: { .complex(try $0.determinant()) })),
        BuiltinSpec(name: "abs", signature: "abs(x)", doc: "absolute value (modulus of complex numbers), elementwise over lists and matrices",
                    arity: 1...1, implementation: { args, _ in try absolute(args[0], argument: 0) }),
    ]
}
