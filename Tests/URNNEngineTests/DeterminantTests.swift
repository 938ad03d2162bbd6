import XCTest
import Numerics
@testable import URNNEngine

// det against independent references: the Leibniz sum over permutations
// (no factorisation at all), the real embedding of a complex matrix, and closed forms.

/// LU with partial pivoting is backward stable: the computed det is the exact det of
/// A + ΔA with ‖ΔA‖ ≈ n u ‖A‖, so for these well-conditioned 5 x 5 matrices with entries
/// of order 1 the relative error stays within a few hundred u; 1e-12 leaves room.
private let determinantTolerance = 1e-12

final class DeterminantTests: XCTestCase {
    /// Σ over permutations σ of sign(σ) Π a_{i, σ(i)}: 120 terms at n = 5.
    func leibniz<S: LinearAlgebraScalar>(_ a: DenseMatrix<S>) -> S {
        var total = S.zero
        func permute(_ rest: [Int], _ chosen: [Int], _ sign: Bool) {
            if rest.isEmpty {
                var term = S.one
                for (i, j) in chosen.enumerated() { term = term * a[i, j] }
                total = sign ? total - term : total + term
                return
            }
            for (k, j) in rest.enumerated() {
                var left = rest
                left.remove(at: k)
                // Taking the k-th remaining column moves it past k others: k transpositions.
                permute(left, chosen + [j], sign != (k % 2 == 1))
            }
        }
        permute(Array(0..<a.cols), [], false)
        return total
    }

    func testRealDeterminantMatchesTheLeibnizSum() throws {
        var g = SeededGenerator(seed: 17)
        for trial in 0..<5 {
            let a = Matrix.randomNormal(rows: 5, cols: 5, using: &g)
            let expected = leibniz(a), observed = try a.determinant()
            assertWithin(abs(observed - expected) / abs(expected), determinantTolerance, "det of random 5x5 #\(trial)")
        }
    }

    func testComplexDeterminantMatchesTheLeibnizSumAndTheRealEmbedding() throws {
        var g = SeededGenerator(seed: 18)
        for trial in 0..<5 {
            let a = ComplexMatrix(real: Matrix.randomNormal(rows: 5, cols: 5, using: &g),
                                  imaginary: Matrix.randomNormal(rows: 5, cols: 5, using: &g))
            let expected = leibniz(a), observed = try a.determinant()
            assertWithin((observed - expected).length / expected.length, determinantTolerance, "complex det #\(trial)")
            // det [[Re, −Im], [Im, Re]] = |det A|² for the 2n x 2n real embedding.
            let embedded = Matrix(rows: 10, cols: 10) { i, j in
                let z = a[i % 5, j % 5]
                switch (i < 5, j < 5) {
                case (true, true), (false, false): return z.real
                case (true, false): return -z.imaginary
                case (false, true): return z.imaginary
                }
            }
            let square = expected.lengthSquared
            assertWithin(abs(try embedded.determinant() - square) / square, determinantTolerance, "real embedding #\(trial)")
        }
    }

    func testClosedForms() throws {
        // A row swap flips the sign; a singular matrix gives exactly 0; det exp(A) = exp(tr A).
        XCTAssertEqual(try Matrix(rowMajor: [[0, 1], [1, 0]]).determinant(), -1)
        XCTAssertEqual(try Matrix(rowMajor: [[1, 2], [2, 4]]).determinant(), 0)
        XCTAssertEqual(try Matrix(rowMajor: [[6, 1, 1], [4, -2, 5], [2, 8, 7]]).determinant(), -306, accuracy: 1e-12)
        XCTAssertEqual(try Matrix(rowMajor: [[6, 1, 1], [4, -2, 5], [2, 8, 7]]).trace, 11)
        var g = SeededGenerator(seed: 19)
        let a = Matrix.randomNormal(rows: 6, cols: 6, using: &g) * 0.3
        let expected = Foundation.exp(a.trace)
        assertWithin(abs(try expm(a).determinant() - expected) / expected, 1e-12, "det exp(A) = exp(tr A)")
        XCTAssertThrowsError(try Matrix(rows: 2, cols: 3).determinant())
    }
}
