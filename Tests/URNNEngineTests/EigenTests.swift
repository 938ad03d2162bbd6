import XCTest
import Numerics
@testable import URNNEngine

// Eigenvalues and singular values of matrices whose spectra are known in closed form.

/// Eigenvalues of the well-conditioned test matrices (rotations, similarity by
/// V = I + small): LAPACK's backward error is about u‖A‖, and their condition
/// numbers are at most a few units, so 1e-12 relative to the spectral radius leaves room.
private let eigenTolerance = 1e-12
/// Companion matrices are non-normal and their roots less well conditioned (the
/// condition of a root grows with the spread of the coefficients): 1e-10 for roots of
/// modulus ≤ 4 and degree ≤ 5.
private let companionTolerance = 1e-10
/// Singular values are perfectly conditioned: |Δσ| ≤ ‖ΔA‖₂ ≈ u σ_max times a small factor.
private let singularTolerance = 1e-13

final class EigenTests: XCTestCase {
    func testCompanionMatrixHasThePolynomialRoots() throws {
        try assertSpectrum(companion(realRoots: [1, 2, 3, 4]), [4, 3, 2, 1], companionTolerance, "companion of (x−1)(x−2)(x−3)(x−4)")
        // (x − 2)(x² + 1)(x² − 2x + 5): roots 2, ±i, 1 ± 2i.
        let roots = [Complex(2.0, 0), Complex(0, 1), Complex(0, -1), Complex(1, 2), Complex(1, -2)]
        try assertSpectrum(companion(roots: roots), [Complex(2, 0), Complex(1, 2), Complex(1, -2), Complex(0, 1), Complex(0, -1)],
                           companionTolerance, "companion with conjugate pairs")
    }

    func testRotationEigenvaluesAreOnTheUnitCircle() throws {
        for t in [0.1, 1.0, 2.5, -0.7] {
            let r = try Matrix(rowMajor: [[cos(t), -sin(t)], [sin(t), cos(t)]])
            let s = abs(sin(t))
            // The pair comes out positive imaginary part first, whatever the sign of t.
            try assertSpectrum(r, [Complex(cos(t), s), Complex(cos(t), -s)], eigenTolerance, "rotation by \(t)")
            try assertSpectrum(ComplexMatrix(real: r), [Complex(cos(t), s), Complex(cos(t), -s)], eigenTolerance,
                               "rotation by \(t) as a complex matrix")
        }
    }

    func testDiagonalisableMatricesWithKnownSpectrum() throws {
        var g = SeededGenerator(seed: 31)
        let n = 12
        // Real: blocks [[α, −β], [β, α]] (eigenvalues α ± iβ) and real 1x1 blocks.
        let pairs = [(alpha: 1.5, beta: 0.5), (alpha: -0.25, beta: 2.0), (alpha: 0.75, beta: 1.0)]
        let reals = [3.0, -2.0, 0.5, 0.125, -1.25, 1e-3]
        var d = Matrix(rows: n, cols: n)
        var expected: [Complex<Double>] = []
        for (k, p) in pairs.enumerated() {
            d[2 * k, 2 * k] = p.alpha; d[2 * k + 1, 2 * k + 1] = p.alpha
            d[2 * k, 2 * k + 1] = -p.beta; d[2 * k + 1, 2 * k] = p.beta
            expected += [Complex(p.alpha, p.beta), Complex(p.alpha, -p.beta)]
        }
        for (k, r) in reals.enumerated() { d[6 + k, 6 + k] = r; expected.append(Complex(r, 0)) }
        try assertSpectrum(try similar(d, using: &g), sortEigenvalues(expected), eigenTolerance, "real V D V⁻¹")

        let z = (0..<n).map { k in Complex(Double(k) - 5.5, Double(k % 3) - 1) }
        let dz = ComplexMatrix.diagonal(z)
        try assertSpectrum(try similar(dz, using: &g), sortEigenvalues(z), eigenTolerance, "complex V D V⁻¹")
    }

    func testOrderIsStableWithConjugatePairsAdjacent() throws {
        var g = SeededGenerator(seed: 32)
        for n in [5, 20, 64] {
            let values = try Matrix.randomNormal(rows: n, cols: n, using: &g).eigenvalues()
            var k = 0
            while k < values.count {
                if k > 0 { XCTAssertGreaterThanOrEqual(values[k - 1].real, values[k].real, "real parts must not increase") }
                if values[k].imaginary != 0 {
                    XCTAssertGreaterThan(values[k].imaginary, 0, "a pair starts with its positive imaginary member")
                    XCTAssertEqual(values[k + 1], values[k].conjugate, "the conjugate follows at once (n=\(n), k=\(k))")
                    k += 2
                } else { k += 1 }
            }
            XCTAssertEqual(try Matrix.randomNormal(rows: 1, cols: 1, using: &g).eigenvalues().count, 1)
        }
    }

    func testOrderIgnoresLastBitNoise() {
        // A pair whose members differ in the last bits (as zgeev returns them) and a
        // real value whose real part is within rounding of the pair's.
        let a = 0.5, b = 0.75
        let noisy = [Complex(a.nextUp, -b), Complex(a - 1e-15, 0), Complex(a, b.nextDown), Complex(2, 0)]
        let expected = [Complex(2, 0), Complex(a, b.nextDown), Complex(a.nextUp, -b), Complex(a - 1e-15, 0)]
        XCTAssertEqual(sortEigenvalues(noisy), expected)
        XCTAssertEqual(sortEigenvalues(noisy.reversed()), expected)
    }

    func testSingularValuesOfKnownFactorisations() throws {
        var g = SeededGenerator(seed: 33)
        let sigma = [7.0, 3.0, 1.0, 0.5, 1e-3]
        for (m, n) in [(5, 5), (7, 5), (5, 9)] {
            let k = min(m, n)
            let s = Array(sigma.prefix(k))
            var d = Matrix(rows: m, cols: n)
            for i in 0..<k { d[i, i] = s[i] }
            let u: Matrix = householderProduct(m, using: &g), v: Matrix = householderProduct(n, using: &g)
            let a = DenseMatrix.product(u * d, .none, v, .transpose)
            try assertValues(try a.singularValues(), s, "real \(m)x\(n) U Σ Vᵀ")
            XCTAssertEqual(try a.spectralNorm(), s[0], accuracy: singularTolerance * s[0])

            let uz: ComplexMatrix = householderProduct(m, using: &g), vz: ComplexMatrix = householderProduct(n, using: &g)
            let az = DenseMatrix.product(uz * ComplexMatrix(real: d), .none, vz, .adjoint)
            try assertValues(try az.singularValues(), s, "complex \(m)x\(n) U Σ Vᴴ")
        }
        XCTAssertEqual(try Matrix(rows: 0, cols: 3).singularValues(), [])
    }

    func testBadShapesAndValuesThrowClearErrors() {
        XCTAssertThrowsError(try Matrix(rows: 2, cols: 3).eigenvalues()) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notSquare(operation: "eig", shape: "2x3"))
            XCTAssertEqual("\(error)", "eig needs a square matrix, got 2x3")
        }
        XCTAssertThrowsError(try ComplexMatrix(rows: 4, cols: 1).eigenvalues()) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notSquare(operation: "eig", shape: "4x1"))
        }
        var a = Matrix.identity(2)
        a[0, 1] = .infinity
        XCTAssertThrowsError(try a.eigenvalues()) { XCTAssertEqual($0 as? LinearAlgebraError, .nonFinite(operation: "eig")) }
        XCTAssertThrowsError(try a.singularValues()) { XCTAssertEqual($0 as? LinearAlgebraError, .nonFinite(operation: "svd")) }
        XCTAssertEqual(try Matrix(rows: 0, cols: 0).eigenvalues(), [])
    }

    /// Finite entries near the largest double overflow inside LAPACK, which then returns
    /// NaN: an error that says so, not NaN eigenvalues.
    func testEntriesThatOverflowGiveAnErrorNotNaN() {
        let huge = Matrix(rows: 2, cols: 2, repeating: 1e308)
        XCTAssertThrowsError(try huge.eigenvalues()) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .overflow(operation: "eig", result: "eigenvalues"))
            XCTAssertTrue("\(error)".contains("the eigenvalues could not be computed"), "\(error)")
        }
        XCTAssertThrowsError(try ComplexMatrix(real: huge).eigenvalues()) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .overflow(operation: "eig", result: "eigenvalues"))
        }
        XCTAssertThrowsError(try huge.singularValues()) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .overflow(operation: "svd", result: "singular values"))
        }
    }

    // MARK: helpers

    private func assertSpectrum<S>(_ a: DenseMatrix<S>, _ expected: [Complex<Double>], _ tolerance: Double,
                                   _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let observed: [Complex<Double>]
        if let m = a as? Matrix { observed = try m.eigenvalues() } else if let m = a as? ComplexMatrix { observed = try m.eigenvalues() } else { return }
        guard observed.count == expected.count else {
            return XCTFail("\(what): \(observed.count) eigenvalues, expected \(expected.count)", file: file, line: line)
        }
        let radius = expected.map(\.length).max() ?? 1
        for (o, e) in zip(observed, expected) {
            // Relative to the spectral radius: what a backward-stable method guarantees.
            let err = (o - e).length / radius
            if !(err <= tolerance) {
                XCTFail("\(what): expected \(expected)\nobserved \(observed)\nerror \(err) > tolerance \(tolerance)", file: file, line: line)
                return
            }
        }
    }

    private func assertValues(_ observed: [Double], _ expected: [Double], _ what: String,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let err = zip(observed, expected).map { abs($0 - $1) }.max() ?? 0
        if observed.count != expected.count || !(err <= singularTolerance * expected[0]) {
            XCTFail("\(what): expected \(expected), observed \(observed), tolerance \(singularTolerance) × σ_max",
                    file: file, line: line)
        }
    }
}

/// The companion matrix of Π (x − r): ones on the subdiagonal and the negated
/// coefficients c₀ … c_(n−1) in the last column. Complex roots must come in conjugate pairs.
func companion(roots: [Complex<Double>]) throws -> Matrix {
    var coefficients = [Complex<Double>(1, 0)]  // lowest degree first, monic
    for r in roots {
        var next = [Complex<Double>](repeating: .zero, count: coefficients.count + 1)
        for (k, c) in coefficients.enumerated() { next[k + 1] += c; next[k] -= r * c }
        coefficients = next
    }
    let n = roots.count
    var m = Matrix(rows: n, cols: n)
    for i in 1..<n { m[i, i - 1] = 1 }
    for i in 0..<n { m[i, n - 1] = -coefficients[i].real }
    return m
}

func companion(realRoots roots: [Double]) throws -> Matrix { try companion(roots: roots.map { Complex($0, 0) }) }

/// V D V⁻¹ with V = I + 0.1 N(0, 1/n): well-conditioned, so the spectrum of D is
/// kept to a few ulps.
func similar<S: TestScalar>(_ d: DenseMatrix<S>, using g: inout SeededGenerator) throws -> DenseMatrix<S> {
    let n = d.rows
    let v = DenseMatrix<S>.identity(n) + S.randomMatrix(n, n, using: &g) * S(real: 0.1 / Double(n).squareRoot())
    // A = (V D) V⁻¹, i.e. Vᴴ Aᴴ = (V D)ᴴ.
    return try v.adjoint().solve((v * d).adjoint()).adjoint()
}
