import XCTest
import Numerics
@testable import URNNEngine

// Shared helpers for the numeric tests: relative errors with named tolerances, and
// matrices whose exponential, eigenvalues or singular values are known in closed form.

/// ‖observed − expected‖_F / ‖expected‖_F (the absolute error when `expected` is zero).
func relativeError<S>(_ observed: DenseMatrix<S>, _ expected: DenseMatrix<S>) -> Double {
    let scale = expected.frobeniusNorm
    let diff = (observed - expected).frobeniusNorm
    return scale == 0 ? diff : diff / scale
}

/// Fails with expected, observed and tolerance spelled out when `error > tolerance`.
func assertWithin(_ error: Double, _ tolerance: Double, _ what: @autoclosure () -> String,
                  file: StaticString = #filePath, line: UInt = #line) {
    if !(error <= tolerance) {
        XCTFail("\(what()): relative error \(error) exceeds tolerance \(tolerance)", file: file, line: line)
    }
}

/// Compares two matrices in relative Frobenius norm; on failure prints both (when small).
func assertClose<S>(_ observed: DenseMatrix<S>, _ expected: DenseMatrix<S>, tolerance: Double,
                    _ what: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
    guard observed.rows == expected.rows, observed.cols == expected.cols else {
        XCTFail("\(what()): shape \(observed.shapeDescription), expected \(expected.shapeDescription)", file: file, line: line)
        return
    }
    let err = relativeError(observed, expected)
    if !(err <= tolerance) {
        let detail = expected.count <= 16 ? "\nexpected:\n\(expected)\nobserved:\n\(observed)" : ""
        XCTFail("\(what()): relative error \(err) exceeds tolerance \(tolerance)\(detail)", file: file, line: line)
    }
}

/// What the tests need from a scalar type beyond the engine's protocol: random
/// matrices, embedding a complex number, and the imaginary part.
protocol TestScalar: LinearAlgebraScalar {
    /// A matrix with standard normal entries (complex: E|z|² = 1).
    static func randomMatrix(_ rows: Int, _ cols: Int, using g: inout SeededGenerator) -> DenseMatrix<Self>
    /// `z` itself, or its real part for a real type.
    static func embed(_ z: Complex<Double>) -> Self
    var imaginaryPart: Double { get }
    /// "real" or "complex", for messages.
    static var fieldName: String { get }
}

extension Double: TestScalar {
    static func randomMatrix(_ rows: Int, _ cols: Int, using g: inout SeededGenerator) -> Matrix {
        Matrix.randomNormal(rows: rows, cols: cols, using: &g)
    }
    static func embed(_ z: Complex<Double>) -> Double { z.real }
    var imaginaryPart: Double { 0 }
    static var fieldName: String { "real" }
}

extension Complex: TestScalar where RealType == Double {
    static func randomMatrix(_ rows: Int, _ cols: Int, using g: inout SeededGenerator) -> ComplexMatrix {
        ComplexMatrix.randomNormal(rows: rows, cols: cols, using: &g)
    }
    static func embed(_ z: Complex<Double>) -> Complex<Double> { z }
    var imaginaryPart: Double { imaginary }
    static var fieldName: String { "complex" }
}

extension DenseMatrix {
    /// The same matrix scaled to the given 1-norm.
    func scaled(toOneNorm target: Double) -> DenseMatrix {
        self * Scalar(real: target / oneNorm)
    }
}

/// A random orthogonal (real) or unitary (complex) n x n matrix: a product of
/// `count` Householder reflections I − 2 v vᴴ / (vᴴ v), exactly unitary up to
/// rounding, so Q D Qᴴ has eigen-decomposition known in closed form.
func householderProduct<S: TestScalar>(_ n: Int, count: Int = 4, using g: inout SeededGenerator) -> DenseMatrix<S> {
    var q = DenseMatrix<S>.identity(n)
    for _ in 0..<count {
        let v = S.randomMatrix(n, 1, using: &g)
        let vv = v.inner(v)  // real and positive
        // Q ← Q (I − 2 v vᴴ / vᴴv) = Q − (2/vᴴv) (Q v) vᴴ
        let qv = q * v
        DenseMatrix.gemm(qv, .none, v, .adjoint, alpha: S(real: -2) / vv, beta: .one, into: &q)
    }
    return q
}

/// Q D Qᴴ.
func similarity<S: LinearAlgebraScalar>(_ q: DenseMatrix<S>, _ d: DenseMatrix<S>) -> DenseMatrix<S> {
    DenseMatrix.product(q * d, .none, q, .adjoint)
}
