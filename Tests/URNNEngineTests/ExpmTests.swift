import XCTest
import Numerics
@testable import URNNEngine

// Quality bars for expm (issue 2): identities, closed forms, and relative error
// ≤ 1e-13 against references computed another way, for n ∈ {2, 8, 64, 256} and
// 1-norms from 1e-8 to 100, real and complex.

/// The bar of issue 2 for exp(A) against an independent reference.
private let expmTolerance = 1e-13
/// The sizes and 1-norms every accuracy test sweeps.
private let sizes = [2, 8, 64, 256]
private let norms = [1e-8, 1e-4, 1e-2, 0.3, 1, 5, 20, 100]

final class ExpmTests: XCTestCase {
    // MARK: identities and closed forms

    func testExpOfZeroIsExactlyIdentity() throws {
        for n in [1, 3, 17] {
            XCTAssertEqual(try expm(Matrix(rows: n, cols: n)), .identity(n), "real n=\(n)")
            XCTAssertEqual(try expm(ComplexMatrix(rows: n, cols: n)), .identity(n), "complex n=\(n)")
        }
        XCTAssertEqual(try expm(Matrix(rows: 0, cols: 0)).count, 0)
    }

    func testExpTimesExpOfNegativeIsIdentity() throws {
        try inverseIdentity(Double.self)
        try inverseIdentity(Complex<Double>.self)
    }

    private func inverseIdentity<S: TestScalar>(_: S.Type) throws {
        var g = SeededGenerator(seed: 11)
        for n in [2, 8, 64] {
            for norm in [1e-8, 1e-3, 0.5, 3, 20] {
                let a = S.randomMatrix(n, n, using: &g).scaled(toOneNorm: norm)
                let e = try expm(a), f = try expm(-a)
                // ‖e f − I‖ is bounded by u‖e‖‖f‖ times a modest factor, not by u alone:
                // exp(A) and exp(−A) can both be large for a non-normal A.
                let residual = (e * f - .identity(n)).frobeniusNorm / (e.frobeniusNorm * f.frobeniusNorm)
                assertWithin(residual, expmTolerance, "\(S.fieldName) exp(A)exp(-A) = I, n=\(n), ‖A‖₁=\(norm)")
            }
        }
    }

    func testDiagonalMatchesScalarExponentials() throws {
        var g = SeededGenerator(seed: 12)
        for n in [2, 8, 64] {
            let d = (0..<n).map { _ in g.uniform(-50, 50) }
            let e = try expm(Matrix.diagonal(d))
            for i in 0..<n {
                let expected = Double.exp(d[i])
                assertWithin(abs(e[i, i] - expected) / expected, expmTolerance, "real diagonal exp(\(d[i]))")
            }
            XCTAssertEqual(e.elements.enumerated().filter { $0.offset % (n + 1) != 0 }.map(\.element.magnitude).max() ?? 0, 0,
                           "off-diagonal entries of exp(diagonal) must be exactly zero")
            let z = (0..<n).map { _ in Complex(g.uniform(-50, 50), g.uniform(-100, 100)) }
            let ez = try expm(ComplexMatrix.diagonal(z))
            for i in 0..<n {
                let expected = Complex.exp(z[i])
                assertWithin((ez[i, i] - expected).length / expected.length, expmTolerance, "complex diagonal exp(\(z[i]))")
            }
        }
    }

    func testRotationGeneratorGivesRotation() throws {
        for t in [1e-8, 0.3, 2.0, 40.0, 100.0] {
            for alpha in [0.0, -3.0, 2.5] {
                // exp([[α, −t], [t, α]]) = e^α [[cos t, −sin t], [sin t, cos t]].
                let a = try Matrix(rowMajor: [[alpha, -t], [t, alpha]])
                let c = Double.exp(alpha) * Double.cos(t), s = Double.exp(alpha) * Double.sin(t)
                let expected = try Matrix(rowMajor: [[c, -s], [s, c]])
                assertClose(try expm(a), expected, tolerance: expmTolerance, "rotation t=\(t) α=\(alpha)")
                assertClose(try expm(ComplexMatrix(real: a)), ComplexMatrix(real: expected),
                            tolerance: expmTolerance, "rotation (complex type) t=\(t) α=\(alpha)")
            }
        }
    }

    // MARK: accuracy against independent references

    #if arch(x86_64) || arch(i386)
    /// Random non-normal matrices against a Float80 Taylor series (n ≤ 64).
    func testRandomMatricesAgainstExtendedPrecisionTaylor() throws {
        try againstTaylor(Double.self)
        try againstTaylor(Complex<Double>.self)
    }

    private func againstTaylor<S: TestScalar>(_: S.Type) throws {
        var g = SeededGenerator(seed: 13)
        for n in sizes where n <= 64 {
            for norm in norms {
                // At n = 64 the Float80 loops cost about 0.1 s a matrix in a debug
                // build: four norms spanning the range keep the suite fast.
                if n == 64 && ![1e-8, 0.3, 5, 100].contains(norm) { continue }
                let a = S.randomMatrix(n, n, using: &g).scaled(toOneNorm: norm)
                assertClose(try expm(a), extendedExpm(a), tolerance: expmTolerance,
                            "\(S.fieldName) random n=\(n) ‖A‖₁=\(norm) vs Float80 Taylor")
            }
        }
    }
    #endif

    /// Normal matrices A = Q D Qᴴ with Q a product of Householder reflections, so that
    /// exp(A) = Q exp(D) Qᴴ in closed form; this is the reference at n = 256.
    func testNormalMatricesAgainstEigenDecomposition() throws {
        try againstEigenDecomposition(Double.self)
        try againstEigenDecomposition(Complex<Double>.self)
    }

    private func againstEigenDecomposition<S: TestScalar>(_: S.Type) throws {
        var g = SeededGenerator(seed: 14)
        for n in sizes {
            let q: DenseMatrix<S> = householderProduct(n, using: &g)
            // Eigenvalues α ± iβ: real 2x2 blocks [[α, −β], [β, α]], or a complex diagonal.
            let spectrum = (0..<(n / 2)).map { _ in (alpha: g.uniform(-1, 1), beta: g.uniform(-1, 1)) }
            let unitNorm = similarity(q, blockDiagonal(spectrum, scale: 1, as: S.self)).oneNorm
            for norm in n == 256 ? [1e-8, 1e-2, 1, 20, 100] : norms {
                let c = norm / unitNorm
                let a = similarity(q, blockDiagonal(spectrum, scale: c, as: S.self))
                let reference = similarity(q, blockDiagonalExp(spectrum, scale: c, as: S.self))
                assertClose(try expm(a), reference, tolerance: expmTolerance,
                            "\(S.fieldName) normal n=\(n) ‖A‖₁=\(norm) vs Q exp(D) Qᴴ")
            }
        }
    }

    /// Skew-symmetric and skew-Hermitian A = Q D Qᴴ with a dense Q (a product of n
    /// reflections), so that ‖A‖₁ is several times ‖A‖₂, the norm their degree and
    /// scaling are chosen by: exp(A) against Q exp(D) Qᴴ, with ‖A‖₂ up to 50.
    func testSkewMatricesAgainstEigenDecomposition() throws {
        try skewAgainstEigenDecomposition(Double.self)
        try skewAgainstEigenDecomposition(Complex<Double>.self)
    }

    private func skewAgainstEigenDecomposition<S: TestScalar>(_: S.Type) throws {
        var g = SeededGenerator(seed: 16)
        for n in [8, 64, 256] {
            let q: DenseMatrix<S> = householderProduct(n, count: n, using: &g)
            let spectrum = (0..<(n / 2)).map { _ in (alpha: 0.0, beta: g.uniform(-1, 1)) }
            let radius = spectrum.map { abs($0.beta) }.max()!
            for twoNorm in [1e-8, 1e-2, 0.5, 3, 10, 50] {
                let c = twoNorm / radius
                // Q D Qᴴ is skew up to rounding; its skew part is exactly skew and within
                // O(u‖A‖) of it, which moves exp(A) by as little (exp is well conditioned here).
                let a = try similarity(q, blockDiagonal(spectrum, scale: c, as: S.self)).skewPart()
                XCTAssertTrue(a.isExactlySkewHermitian)
                let reference = similarity(q, blockDiagonalExp(spectrum, scale: c, as: S.self))
                assertClose(try expm(a), reference, tolerance: expmTolerance,
                            "\(S.fieldName) skew n=\(n) ‖A‖₂=\(twoNorm) ‖A‖₁=\(a.oneNorm) vs Q exp(D) Qᴴ")
            }
        }
    }

    // MARK: unitarity

    func testExpOfSkewIsUnitary() throws {
        var g = SeededGenerator(seed: 15)
        for n in sizes {
            for norm in [1e-8, 1, 10, 100, 1000] {
                let a = try skew(Matrix.randomNormal(rows: n, cols: n, using: &g)).scaled(toOneNorm: norm)
                let err = try unitarityError(try expm(a))
                assertWithin(err, expmTolerance * Double(n), "‖WWᵀ − I‖ for skew-symmetric n=\(n) ‖A‖₁=\(norm)")
                let z = try skewHermitian(ComplexMatrix.randomNormal(rows: n, cols: n, using: &g)).scaled(toOneNorm: norm)
                let errz = try unitarityError(try expm(z))
                assertWithin(errz, expmTolerance * Double(n), "‖WWᴴ − I‖ for skew-Hermitian n=\(n) ‖A‖₁=\(norm)")
            }
        }
    }

    // MARK: errors

    func testBadInputsThrowClearErrors() {
        XCTAssertThrowsError(try expm(Matrix(rows: 2, cols: 3))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notSquare(operation: "expm", shape: "2x3"))
            XCTAssertEqual("\(error)", "expm needs a square matrix, got 2x3")
        }
        var a = Matrix.identity(3)
        a[1, 2] = .nan
        XCTAssertThrowsError(try expm(a)) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .nonFinite(operation: "expm"))
        }
    }
}

/// D: 2x2 blocks [[cα, −cβ], [cβ, cα]] (real), or the diagonal of c(α ± iβ) (complex);
/// n = 2 · spectrum.count.
func blockDiagonal<S: TestScalar>(_ spectrum: [(alpha: Double, beta: Double)], scale c: Double,
                                  as _: S.Type) -> DenseMatrix<S> {
    blocks(spectrum, as: S.self) { Complex(c * $0.alpha, c * $0.beta) }
}

/// exp(D) for the D of `blockDiagonal`, from scalar exponentials: each 2x2 block is
/// e^(cα) times a rotation by cβ.
func blockDiagonalExp<S: TestScalar>(_ spectrum: [(alpha: Double, beta: Double)], scale c: Double,
                                     as _: S.Type) -> DenseMatrix<S> {
    blocks(spectrum, as: S.self) { Complex.exp(Complex(c * $0.alpha, c * $0.beta)) }
}

private func blocks<S: TestScalar>(_ spectrum: [(alpha: Double, beta: Double)], as _: S.Type,
                                   _ value: ((alpha: Double, beta: Double)) -> Complex<Double>) -> DenseMatrix<S> {
    let n = 2 * spectrum.count
    var d = DenseMatrix<S>(rows: n, cols: n)
    for (k, pair) in spectrum.enumerated() {
        let z = value(pair), i = 2 * k
        if S.self == Double.self {
            d[i, i] = S(real: z.real); d[i + 1, i + 1] = S(real: z.real)
            d[i, i + 1] = S(real: -z.imaginary); d[i + 1, i] = S(real: z.imaginary)
        } else {
            d[i, i] = S.embed(z); d[i + 1, i + 1] = S.embed(z.conjugate)
        }
    }
    return d
}
