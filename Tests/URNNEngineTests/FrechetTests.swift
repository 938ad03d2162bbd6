import XCTest
import Numerics
@testable import URNNEngine

// Quality bar for the Fréchet adjoint (issue 2): the gradient Γ of
// f(A) = Re⟨G, exp(A)⟩ returned by `expmFrechetAdjoint` matches central finite
// differences of f to relative 1e-7, real and complex, n ∈ {3, 16, 64}, at norms
// that reach every Padé degree (3, 5, 7, 9, 13) and the scaling branch.

/// The bar of issue 2 for the gradient against finite differences.
private let finiteDifferenceTolerance = 1e-7
/// exp(A) read off the gradient computation must agree with `expm`.
private let expTolerance = 1e-13
/// Two computations of L(Aᴴ, G) (Algorithm 6.4 and the 2n x 2n block exponential)
/// agree to rounding amplified by the conditioning of L.
private let blockTolerance = 1e-11
/// ⟨G, L(A, E)⟩ = Re⟨Γ, E⟩ holds up to rounding in both products.
private let adjointIdentityTolerance = 1e-12

/// ∞-norms of A (= 1-norms of the Aᴴ whose Fréchet derivative is computed): the
/// algorithm takes degree 3, 5, 7, 9 below ℓ_m = 1.08e-2, 0.2, 0.783, 1.78, degree 13
/// without scaling up to 4.74, and degree 13 with s = 3 squarings at 30.
private let frechetNorms = [5e-3, 0.1, 0.5, 1.5, 4, 30]

final class FrechetTests: XCTestCase {
    func testRealGradientMatchesFiniteDifferences() throws { try gradientChecks(Double.self) }
    func testComplexGradientMatchesFiniteDifferences() throws { try gradientChecks(Complex<Double>.self) }

    private func gradientChecks<S: TestScalar>(_: S.Type) throws {
        var g = SeededGenerator(seed: 21)
        for n in [3, 16, 64] {
            for norm in frechetNorms {
                let a = S.randomMatrix(n, n, using: &g).scaled(toOneNorm: norm).adjoint()
                let weights = S.randomMatrix(n, n, using: &g)
                let (e, gradient) = try expmFrechetAdjoint(a, weights)
                let label = "\(S.fieldName) n=\(n) ‖A‖∞=\(norm)"
                assertClose(e, try expm(a), tolerance: expTolerance, "\(label): exp(A) from the adjoint")

                let f = { (x: DenseMatrix<S>) throws -> Double in weights.inner(try expm(x)).realPart }
                if n == 3 {
                    // Every entry: ∂f/∂Re a_ij, and ∂f/∂Im a_ij for complex A.
                    let estimate = try finiteDifferenceGradient(f, at: a)
                    assertClose(estimate, gradient, tolerance: finiteDifferenceTolerance, "\(label): whole gradient")
                } else {
                    for direction: DenseMatrix<S> in directions(n, using: &g) {
                        let observed = gradient.inner(direction).realPart
                        let expected = try centralDifference(f, at: a, along: direction)
                        assertWithin(abs(observed - expected) / abs(expected), finiteDifferenceTolerance,
                                     "\(label): Re⟨Γ, E⟩ = \(observed), finite difference \(expected)")
                    }
                }
                // The adjoint identity ⟨G, L(A, E)⟩ = ⟨L(Aᴴ, G), E⟩ against the forward derivative.
                let direction = S.randomMatrix(n, n, using: &g)
                let forward = weights.inner(try expmFrechet(a, direction).frechet).realPart
                let backward = gradient.inner(direction).realPart
                assertWithin(abs(forward - backward) / abs(forward), adjointIdentityTolerance,
                             "\(label): ⟨G, L(A,E)⟩ = \(forward) vs Re⟨Γ, E⟩ = \(backward)")
            }
        }
    }

    /// Skew-symmetric and skew-Hermitian A, whose degree and scaling come from a bound
    /// on ‖A‖₂ (below ‖A‖₁): the gradient against finite differences (n = 16, 64) and
    /// against the block exponential exp([[Aᴴ, G], [0, Aᴴ]]), whose upper-right block is
    /// L(Aᴴ, G) (n = 128), at norms that reach degrees 5-13 and the scaling branch.
    func testSkewGradientAgainstFiniteDifferencesAndBlockExponential() throws {
        try skewGradientChecks(Double.self)
        try skewGradientChecks(Complex<Double>.self)
    }

    private func skewGradientChecks<S: TestScalar>(_: S.Type) throws {
        var g = SeededGenerator(seed: 22)
        for n in [16, 64, 128] {
            for norm in [3.0, 10, 40, 200] {
                let a = try S.randomMatrix(n, n, using: &g).skewPart().scaled(toOneNorm: norm)
                XCTAssertTrue(a.isExactlySkewHermitian)
                let weights = S.randomMatrix(n, n, using: &g)
                let (e, gradient) = try expmFrechetAdjoint(a, weights)
                let label = "\(S.fieldName) skew n=\(n) ‖A‖₁=\(norm)"
                assertClose(e, try expm(a), tolerance: expTolerance, "\(label): exp(A) from the adjoint")
                if n < 128 {
                    let f = { (x: DenseMatrix<S>) throws -> Double in weights.inner(try expm(x)).realPart }
                    for direction: DenseMatrix<S> in directions(n, using: &g) {
                        let observed = gradient.inner(direction).realPart
                        let expected = try centralDifference(f, at: a, along: direction)
                        assertWithin(abs(observed - expected) / abs(expected), finiteDifferenceTolerance,
                                     "\(label): Re⟨Γ, E⟩ = \(observed), finite difference \(expected)")
                    }
                } else {
                    assertClose(gradient, try blockExponentialFrechet(a.adjoint(), weights), tolerance: blockTolerance,
                                "\(label): vs the block exponential")
                }
            }
        }
    }

    /// `ExpmWithTerms` (exp(A) now, the derivative at A later, from kept terms; what
    /// `expmFrechet` runs at degree 13): exp(A) against `expm`, L(A, E) against the
    /// upper-right block of exp([[A, E], [0, A]]), and L(Aᴴ, G) = L(A, Gᴴ)ᴴ against
    /// `expmFrechetAdjoint` (which evaluates at Aᴴ), for general and skew A, real and
    /// complex, at norms that take a lower degree (computed afresh), degree 13 without
    /// scaling, and with s = 3 squarings.
    func testKeptTermsAgreeWithTheFullComputation() throws {
        try keptTerms(Double.self)
        try keptTerms(Complex<Double>.self)
    }

    private func keptTerms<S: TestScalar>(_: S.Type) throws {
        var g = SeededGenerator(seed: 23)
        for n in [5, 32] {
            for norm in [0.5, 4, 30] {
                for skew in [false, true] {
                    var a = S.randomMatrix(n, n, using: &g)
                    if skew { a = try a.skewPart() }
                    a = a.scaled(toOneNorm: norm)
                    let weights = S.randomMatrix(n, n, using: &g), direction = S.randomMatrix(n, n, using: &g)
                    let label = "\(S.fieldName) n=\(n) ‖A‖₁=\(norm) skew=\(skew)"
                    let kept = try ExpmWithTerms(a)
                    assertClose(kept.exp, try expm(a), tolerance: expTolerance, "\(label): exp")
                    assertClose(try kept.frechet(direction), try blockExponentialFrechet(a, direction),
                                tolerance: blockTolerance, "\(label): L(A, E)")
                    assertClose(try kept.adjointGradient(weights), try expmFrechetAdjoint(a, weights).gradient,
                                tolerance: adjointIdentityTolerance, "\(label): L(Aᴴ, G)")
                }
            }
        }
        XCTAssertThrowsError(try ExpmWithTerms(Matrix(rows: 2, cols: 3)))
        XCTAssertThrowsError(try ExpmWithTerms(Matrix.identity(3)).frechet(Matrix(rows: 2, cols: 2)))
    }

    /// L(A, E) as the upper-right block of exp([[A, E], [0, A]]), a reference computed
    /// another way (by `expm` of a 2n x 2n non-normal matrix). E is scaled to ‖A‖₁ so the
    /// block matrix is balanced; L is linear in E.
    private func blockExponentialFrechet<S: TestScalar>(_ a: DenseMatrix<S>, _ e: DenseMatrix<S>) throws -> DenseMatrix<S> {
        let n = a.rows, t = a.oneNorm / e.oneNorm
        var block = DenseMatrix<S>(rows: 2 * n, cols: 2 * n)
        for j in 0..<n {
            for i in 0..<n {
                block[i, j] = a[i, j]; block[n + i, n + j] = a[i, j]
                block[i, n + j] = e[i, j] * S(real: t)
            }
        }
        let blockExp = try expm(block)
        var reference = DenseMatrix<S>(rows: n, cols: n)
        for j in 0..<n { for i in 0..<n { reference[i, j] = blockExp[i, n + j] * S(real: 1 / t) } }
        return reference
    }

    /// Unit directions: for a real type two random ones; for a complex type one purely
    /// real, one purely imaginary and one mixed, so both parts of A are perturbed.
    private func directions<S: TestScalar>(_ n: Int, using g: inout SeededGenerator) -> [DenseMatrix<S>] {
        let real = DenseMatrix<S>(rows: n, cols: n, elements: Matrix.randomNormal(rows: n, cols: n, using: &g)
            .elements.map { S(real: $0) })
        var list = [real, S.randomMatrix(n, n, using: &g)]
        if S.self != Double.self {
            let imaginary = Matrix.randomNormal(rows: n, cols: n, using: &g).elements
            list.append(DenseMatrix<S>(rows: n, cols: n, elements: imaginary.map { S.embed(Complex(0, $0)) }))
        }
        return list.map { $0 * S(real: 1 / $0.frobeniusNorm) }
    }

    func testShapeErrors() {
        XCTAssertThrowsError(try expmFrechetAdjoint(Matrix(rows: 2, cols: 3), Matrix(rows: 2, cols: 3))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notSquare(operation: "expm_frechet", shape: "3x2"))
        }
        XCTAssertThrowsError(try expmFrechetAdjoint(Matrix.identity(3), Matrix.identity(2))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .shapeMismatch(operation: "expm_frechet", lhs: "3x3", rhs: "2x2"))
        }
    }
}

/// d/dt f(A + tE) at t = 0 by the five-point central difference
/// [8(f(h) − f(−h)) − (f(2h) − f(−2h))] / 12h, whose truncation error is O(h⁴): with
/// h = 1e-3 and ‖E‖_F = 1 it is about 1e-12 relative, and rounding in f (≈ 1e-15
/// relative) divided by h adds about 1e-12; both far below the 1e-7 bar.
func centralDifference<S: LinearAlgebraScalar>(_ f: (DenseMatrix<S>) throws -> Double, at a: DenseMatrix<S>,
                                               along e: DenseMatrix<S>, step h: Double = 1e-3) throws -> Double {
    func at(_ t: Double) throws -> Double { try f(a + e * S(real: t)) }
    return (8 * (try at(h) - at(-h)) - (try at(2 * h) - at(-2 * h))) / (12 * h)
}

/// The gradient of a real function of a matrix, entry by entry: the real part from
/// a perturbation by 1, the imaginary part (complex types) from a perturbation by i.
func finiteDifferenceGradient<S: TestScalar>(_ f: (DenseMatrix<S>) throws -> Double,
                                             at a: DenseMatrix<S>) throws -> DenseMatrix<S> {
    var grad = DenseMatrix<S>(rows: a.rows, cols: a.cols)
    for k in 0..<a.count {
        var unit = DenseMatrix<S>(rows: a.rows, cols: a.cols)
        unit.elements[k] = .one
        let re = try centralDifference(f, at: a, along: unit)
        var im = 0.0
        if S.self != Double.self {
            unit.elements[k] = S.embed(Complex(0, 1))
            im = try centralDifference(f, at: a, along: unit)
        }
        grad.elements[k] = S.embed(Complex(re, im))
    }
    return grad
}
