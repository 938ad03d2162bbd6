import Foundation
import XCTest
import Numerics
@testable import URNNEngine

/// Arjovsky's W = D3 R2 F⁻¹ D2 Π R1 F D1 against an independent reference: its factors
/// built as dense matrices from their definitions and multiplied by BLAS.
final class StructuredUnitaryTests: XCTestCase {
    let tolerance = 1e-13
    /// Sizes that are powers of two and sizes that are not (FFTW's mixed-radix paths).
    let sizes = [1, 2, 3, 6, 8, 12, 16, 31, 32]

    func structured(hidden: Int, seed: UInt64 = 4) throws -> ArjovskyRecurrence {
        let cfg = ModelConfig(kind: .urnn, hidden: hidden, inputSize: 2, symbolInputs: true, outputSize: 2,
                              structure: .arjovsky, seed: seed)
        let model = try XCTUnwrap(try makeModel(cfg) as? ComplexUnitaryRNN)
        return try XCTUnwrap(model.recurrence as? ArjovskyRecurrence)
    }

    /// F_jk = e^{−2πi jk/H}/√H, from its definition.
    func denseDFT(_ n: Int) -> ComplexMatrix {
        ComplexMatrix(rows: n, cols: n) { j, k in
            let angle = -2 * Double.pi * Double((j * k) % n) / Double(n)
            return Complex(Foundation.cos(angle), Foundation.sin(angle)) * Complex(1 / Double(n).squareRoot())
        }
    }

    func denseFactors(_ s: ArjovskyRecurrence) -> ComplexMatrix {
        let n = s.n
        func d(_ p: Parameter) -> ComplexMatrix {
            ComplexMatrix.diagonal(p.value.map { Complex(Foundation.cos($0), Foundation.sin($0)) })
        }
        func r(_ p: Parameter) -> ComplexMatrix {
            let v = ComplexMatrix(rows: n, cols: 1, elements: complexValues(p.value))
            let m = v.frobeniusNorm * v.frobeniusNorm
            return ComplexMatrix.identity(n) - DenseMatrix.product(v, .none, v, .adjoint) * Complex(2 / m)
        }
        var pi = ComplexMatrix(rows: n, cols: n)
        for i in 0..<n { pi[i, s.permutation[i]] = .one }
        let f = denseDFT(n)
        return d(s.theta3) * r(s.v2) * f.adjoint() * d(s.theta2) * pi * r(s.v1) * f * d(s.theta1)
    }

    func testUnitaryDFTMatchesItsDefinition() throws {
        var g = SeededGenerator(seed: 1)
        for n in sizes {
            let x = ComplexMatrix.randomNormal(rows: n, cols: 3, using: &g)
            let f = denseDFT(n)
            let e1 = (try UnitaryDFT.forward(x) - f * x).frobeniusNorm / x.frobeniusNorm
            let e2 = (try UnitaryDFT.inverse(x) - f.adjoint() * x).frobeniusNorm / x.frobeniusNorm
            XCTAssertLessThanOrEqual(max(e1, e2), tolerance, "DFT H=\(n): errors \(e1), \(e2)")
        }
    }

    func testAssembledWIsUnitaryAndEqualsItsFactors() throws {
        for n in sizes {
            let s = try structured(hidden: n, seed: UInt64(n))
            let w = s.matrix
            let u = try unitarityError(w)
            XCTAssertLessThanOrEqual(u, tolerance, "H=\(n): ‖W Wᴴ − I‖_F = \(u)")
            let e = (w - denseFactors(s)).frobeniusNorm
            XCTAssertLessThanOrEqual(e, tolerance, "H=\(n): ‖W − D3 R2 F⁻¹ D2 Π R1 F D1‖_F = \(e)")
        }
    }

    func testFFTPathEqualsDenseProduct() throws {
        var g = SeededGenerator(seed: 2)
        for n in sizes {
            let s = try structured(hidden: n, seed: UInt64(100 + n))
            let reference = denseFactors(s)
            let x = ComplexMatrix.randomNormal(rows: n, cols: 5, using: &g)
            let forward = (try s.multiply(x) - reference * x).frobeniusNorm / x.frobeniusNorm
            XCTAssertLessThanOrEqual(forward, tolerance, "H=\(n): W x")
            let adjoint = (try s.multiplyAdjoint(x) - DenseMatrix.product(reference, .adjoint, x, .none)).frobeniusNorm
                / x.frobeniusNorm
            XCTAssertLessThanOrEqual(adjoint, tolerance, "H=\(n): Wᴴ x")
        }
    }

    func testEigenvaluesOnTheUnitCircle() throws {
        let dense = try makeModel(ModelConfig(kind: .urnn, hidden: 12, inputSize: 2, symbolInputs: true, outputSize: 2,
                                              field: .complex, generatorInit: .random, seed: 5))
        for model in [try makeModel(ModelConfig(kind: .urnn, hidden: 12, inputSize: 2, symbolInputs: true, outputSize: 2,
                                                structure: .arjovsky, seed: 5)), dense] {
            let lambda = try model.recurrentMatrix.eigenvalues()
            XCTAssertEqual(lambda.count, 12)
            let worst = lambda.map { abs($0.length - 1) }.max() ?? 0
            XCTAssertLessThanOrEqual(worst, 1e-12, "\(model.config.summary): max ||λ| − 1| = \(worst)")
            let sv = try model.recurrentMatrix.singularValues()
            XCTAssertLessThanOrEqual(sv.map { abs($0 - 1) }.max() ?? 0, 1e-12)
        }
    }

    func testPermutationComesFromTheSeed() throws {
        let a = try structured(hidden: 16, seed: 7), b = try structured(hidden: 16, seed: 7)
        XCTAssertEqual(a.permutation, b.permutation)
        XCTAssertEqual(a.permutation.sorted(), Array(0..<16))
        XCTAssertEqual(a.matrix, b.matrix, "the same configuration rebuilds the same W")
        XCTAssertNotEqual(a.permutation, try structured(hidden: 16, seed: 8).permutation)
        // A checkpoint restores the parameters into a model made from the configuration:
        // copying values is enough to reproduce W.
        let c = try structured(hidden: 16, seed: 7)
        for p in c.parameters { p.value = p.value.map { $0 * 0.5 } }
        try c.refresh()
        for (p, q) in zip(a.parameters, c.parameters) { p.value = q.value }
        try a.refresh()
        XCTAssertEqual(a.matrix, c.matrix)
    }

    func testPlansAreSafeToMakeFromManyThreads() throws {
        // Sizes not used elsewhere, so the plans are created concurrently here.
        let shapes = (0..<16).map { (n: 40 + $0, columns: 1 + $0 % 3) }
        let failures = FailureCount()
        DispatchQueue.concurrentPerform(iterations: shapes.count) { k in
            var g = SeededGenerator(seed: UInt64(k))
            let x = ComplexMatrix.randomNormal(rows: shapes[k].n, cols: shapes[k].columns, using: &g)
            guard let y = try? UnitaryDFT.inverse(try UnitaryDFT.forward(x)),
                  (y - x).frobeniusNorm <= 1e-13 * x.frobeniusNorm else { return failures.add() }
        }
        XCTAssertEqual(failures.value, 0, "round trips F⁻¹ F x that failed")
    }
}

/// A counter shared by concurrent test iterations.
private final class FailureCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
