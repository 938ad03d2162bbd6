import Foundation
import Numerics

/// A dense matrix stored in column-major order, the layout BLAS and LAPACK read
/// without copies: element (i, j) is `elements[i + j * rows]`.
public struct DenseMatrix<Scalar: LinearAlgebraScalar>: Sendable, Equatable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    /// The elements, column after column.
    public var elements: [Scalar]

    /// A `rows x cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Scalar = .zero) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.elements = Array(repeating: value, count: rows * cols)
    }

    /// A matrix over column-major `elements`.
    public init(rows: Int, cols: Int, elements: [Scalar]) {
        precondition(elements.count == rows * cols, "element count does not match the shape")
        self.rows = rows
        self.cols = cols
        self.elements = elements
    }

    /// A matrix from its rows, as written on paper: `[[1, 2], [3, 4]]`.
    public init(rowMajor rowsOfElements: [[Scalar]]) throws {
        let r = rowsOfElements.count
        let c = rowsOfElements.first?.count ?? 0
        guard rowsOfElements.allSatisfy({ $0.count == c }) else {
            throw LinearAlgebraError.raggedRows
        }
        self.init(rows: r, cols: c)
        for i in 0..<r { for j in 0..<c { self[i, j] = rowsOfElements[i][j] } }
    }

    /// A matrix whose (i, j) element is `f(i, j)`.
    public init(rows: Int, cols: Int, _ f: (Int, Int) -> Scalar) {
        self.init(rows: rows, cols: cols)
        for j in 0..<cols { for i in 0..<rows { elements[i + j * rows] = f(i, j) } }
    }

    /// The n x n identity.
    public static func identity(_ n: Int) -> DenseMatrix {
        var m = DenseMatrix(rows: n, cols: n)
        for i in 0..<n { m.elements[i + i * n] = .one }
        return m
    }

    /// A matrix with `diagonal` on its diagonal.
    public static func diagonal(_ diagonal: [Scalar]) -> DenseMatrix {
        let n = diagonal.count
        var m = DenseMatrix(rows: n, cols: n)
        for i in 0..<n { m.elements[i + i * n] = diagonal[i] }
        return m
    }

    public var isSquare: Bool { rows == cols }
    public var count: Int { elements.count }
    public var shapeDescription: String { "\(rows)x\(cols)" }

    @inlinable public subscript(i: Int, j: Int) -> Scalar {
        get { elements[i + j * rows] }
        set { elements[i + j * rows] = newValue }
    }

    /// Column `j` as an array (a copy: columns are contiguous, so this is one memcpy).
    public func column(_ j: Int) -> [Scalar] {
        Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Scalar] {
        (0..<cols).map { self[i, $0] }
    }

    /// Overwrites column `j`.
    public mutating func setColumn(_ j: Int, _ values: [Scalar]) {
        precondition(values.count == rows)
        elements.replaceSubrange((j * rows)..<((j + 1) * rows), with: values)
    }

    /// Columns `range` as a new matrix (contiguous in memory).
    public func columns(_ range: Range<Int>) -> DenseMatrix {
        DenseMatrix(rows: rows, cols: range.count,
                    elements: Array(elements[(range.lowerBound * rows)..<(range.upperBound * rows)]))
    }

    /// The same elements read as a `rows x cols` matrix (column-major order kept).
    public func reshaped(rows r: Int, cols c: Int) -> DenseMatrix {
        DenseMatrix(rows: r, cols: c, elements: elements)
    }

    public var diagonalElements: [Scalar] { (0..<Swift.min(rows, cols)).map { self[$0, $0] } }

    /// Aᵀ (no conjugation).
    public func transposed() -> DenseMatrix {
        var t = DenseMatrix(rows: cols, cols: rows)
        for j in 0..<cols { for i in 0..<rows { t.elements[j + i * cols] = elements[i + j * rows] } }
        return t
    }

    /// Aᴴ, the conjugate transpose (Aᵀ for real matrices).
    public func adjoint() -> DenseMatrix {
        var t = DenseMatrix(rows: cols, cols: rows)
        for j in 0..<cols {
            for i in 0..<rows { t.elements[j + i * cols] = elements[i + j * rows].conjugated }
        }
        return t
    }

    /// Whether every element is finite.
    public var isFinite: Bool { elements.allSatisfy { $0.isFiniteValue } }

    /// The matrix with `f` applied to every element.
    public func map(_ f: (Scalar) -> Scalar) -> DenseMatrix {
        DenseMatrix(rows: rows, cols: cols, elements: elements.map(f))
    }
}

/// A dense real matrix.
public typealias Matrix = DenseMatrix<Double>
/// A dense complex matrix.
public typealias ComplexMatrix = DenseMatrix<Complex<Double>>

extension DenseMatrix where Scalar == Complex<Double> {
    /// The complex matrix with the real part `re` and imaginary part `im`.
    public init(real re: Matrix, imaginary im: Matrix? = nil) {
        precondition(im == nil || (im!.rows == re.rows && im!.cols == re.cols))
        self.init(rows: re.rows, cols: re.cols)
        for k in 0..<re.count {
            elements[k] = Complex(re.elements[k], im?.elements[k] ?? 0)
        }
    }

    /// The real parts.
    public var real: Matrix { Matrix(rows: rows, cols: cols, elements: elements.map(\.real)) }
    /// The imaginary parts.
    public var imaginary: Matrix { Matrix(rows: rows, cols: cols, elements: elements.map(\.imaginary)) }
}

extension DenseMatrix: CustomStringConvertible {
    public var description: String {
        var lines: [String] = []
        for i in 0..<rows {
            lines.append((0..<cols).map { j in formatScalar(self[i, j]) }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}

/// Formats a scalar compactly: `0.5`, `-1.25e-07`, `0.5+2i`.
public func formatScalar<S: LinearAlgebraScalar>(_ x: S) -> String {
    if let d = x as? Double { return formatReal(d) }
    if let z = x as? Complex<Double> {
        let im = z.imaginary
        if im == 0 { return formatReal(z.real) }
        let sign = im < 0 || (im == 0 && im.sign == .minus) ? "-" : "+"
        return "\(formatReal(z.real))\(sign)\(formatReal(Swift.abs(im)))i"
    }
    return "\(x)"
}

/// Formats a real number with up to 6 significant digits, switching to exponent form
/// for very small or very large magnitudes.
public func formatReal(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
    let a = Swift.abs(x)
    if a >= 1e-4 && a < 1e6 {
        var s = String(format: "%.6g", x)
        if s.contains("e") { s = String(format: "%.6f", x) }
        return s
    }
    return String(format: "%.4e", x)
}
