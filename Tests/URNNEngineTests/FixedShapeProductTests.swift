import XCTest
import Numerics
@testable import URNNEngine

/// The generated-kernel products against a plain triple loop, on shapes that need partial
/// tiles in every direction, leading dimensions larger than the operands, B given as its
/// transpose, and accumulation into C.
final class FixedShapeProductTests: XCTestCase {
    private let tolerance = 1e-13  // relative to Σ|a||b| per element

    private struct Case {
        let m, n, k: Int
        let transposesB: Bool
        let accumulate: Bool
    }

    private let cases = [
        Case(m: 256, n: 32, k: 256, transposesB: false, accumulate: true),   // a recurrence step
        Case(m: 128, n: 64, k: 128, transposesB: false, accumulate: false),  // its backward
        Case(m: 300, n: 70, k: 530, transposesB: false, accumulate: true),   // partial tiles, two depth blocks
        Case(m: 37, n: 200, k: 600, transposesB: true, accumulate: false),   // a weight gradient
        Case(m: 9, n: 129, k: 3, transposesB: true, accumulate: true),
        Case(m: 1, n: 1, k: 1, transposesB: false, accumulate: false),
    ]

    private func check(_ c: Case, generated: Bool, file: StaticString = #filePath, line: UInt = #line) {
        let lda = c.m + 3, ldb = (c.transposesB ? c.n : c.k) + 2, ldc = c.m + 5
        var rng = SeededGenerator(seed: UInt64(c.m * 1000 + c.n * 10 + c.k))
        let a = (0..<(lda * c.k)).map { _ in rng.uniform() - 0.5 }
        let b = (0..<(ldb * (c.transposesB ? c.k : c.n))).map { _ in rng.uniform() - 0.5 }
        let c0 = (0..<(ldc * c.n)).map { _ in rng.uniform() - 0.5 }
        var out = c0

        FixedShapeProduct.usesGeneratedKernels = generated
        defer { FixedShapeProduct.usesGeneratedKernels = true }
        let product = FixedShapeProduct(m: c.m, n: c.n, k: c.k, lda: lda, ldb: ldb, ldc: ldc,
                                        transposesB: c.transposesB, accumulate: c.accumulate)
        XCTAssertEqual(product.isGenerated, generated, "kernels for \(c)", file: file, line: line)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { product(pa.baseAddress!, pb.baseAddress!, $0.baseAddress!) }
            }
        }

        var worst = 0.0
        for j in 0..<c.n {
            for i in 0..<ldc {
                let index = i + j * ldc
                guard i < c.m else {
                    XCTAssertEqual(out[index], c0[index], "C outside m x n is left alone", file: file, line: line)
                    continue
                }
                var sum = c.accumulate ? c0[index] : 0, scale = Swift.abs(sum)
                for p in 0..<c.k {
                    let bv = c.transposesB ? b[j + p * ldb] : b[p + j * ldb]
                    sum += a[i + p * lda] * bv
                    scale += Swift.abs(a[i + p * lda] * bv)
                }
                worst = Swift.max(worst, Swift.abs(out[index] - sum) / Swift.max(scale, .leastNormalMagnitude))
            }
        }
        XCTAssertLessThanOrEqual(worst, tolerance,
                                 "\(c), generated \(generated): relative error \(worst), tolerance \(tolerance)",
                                 file: file, line: line)
    }

    func testGeneratedKernelsMatchTheReference() {
        for c in cases { check(c, generated: true) }
    }

    func testTheBLASFallbackMatchesTheReference() {
        for c in cases { check(c, generated: false) }
    }

    /// Complex products on the real kernels (`complexProduct`), for A as it is, transposed
    /// and adjoint, a complex α, with and without accumulation, whole and split over threads.
    func testComplexProductsOnTheRealKernelsMatchTheReference() {
        let shapes = [(m: 40, n: 9, k: 33), (m: 130, n: 140, k: 129)]
        for (m, n, k) in shapes {
            for op in [MatrixOperation.none, .transpose, .adjoint] {
                for accumulate in [false, true] {
                    let lda = (op == .none ? m : k) + 1, ldb = k + 2, ldc = m + 3
                    var rng = SeededGenerator(seed: UInt64(m + n + k))
                    func random(_ count: Int) -> [Complex<Double>] {
                        (0..<count).map { _ in Complex(rng.uniform() - 0.5, rng.uniform() - 0.5) }
                    }
                    let a = random(lda * (op == .none ? k : m)), b = random(ldb * n), c0 = random(ldc * n)
                    let alpha = Complex(0.75, -1.25)
                    var out = c0
                    let done = a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            out.withUnsafeMutableBufferPointer { pc in
                                BLASThreads.splittingProducts(over: n >= 128 ? 2 : 1) {
                                    FixedShapeProduct.complexProduct(op, m: m, n: n, k: k, alpha: alpha, pa.baseAddress!,
                                                                     lda: lda, pb.baseAddress!, ldb: ldb,
                                                                     accumulate: accumulate, pc.baseAddress!, ldc: ldc)
                                }
                            }
                        }
                    }
                    XCTAssertTrue(done, "kernels for \(m)x\(n)x\(k)")
                    var worst = 0.0
                    for j in 0..<n {
                        for i in 0..<ldc {
                            let index = i + j * ldc
                            guard i < m else {
                                XCTAssertEqual(out[index], c0[index], "C outside m x n is left alone")
                                continue
                            }
                            var sum = Complex<Double>.zero, scale = 0.0
                            for p in 0..<k {
                                let x: Complex<Double>
                                switch op {
                                case .none: x = a[i + p * lda]
                                case .transpose: x = a[p + i * lda]
                                case .adjoint: x = a[p + i * lda].conjugate
                                }
                                sum = sum + x * b[p + j * ldb]
                                scale += x.length * b[p + j * ldb].length
                            }
                            let expected = alpha * sum + (accumulate ? c0[index] : .zero)
                            scale = alpha.length * scale + (accumulate ? c0[index].length : 0)
                            worst = Swift.max(worst, (out[index] - expected).length / scale)
                        }
                    }
                    XCTAssertLessThanOrEqual(worst, tolerance,
                                             "\(m)x\(n)x\(k) \(op) accumulate \(accumulate): relative error \(worst)")
                }
            }
        }
    }
}
