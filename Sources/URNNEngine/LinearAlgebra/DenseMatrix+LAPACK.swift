import CLinearAlgebra
import Foundation
import Numerics

extension DenseMatrix {
    /// Solves A X = B by LU with partial pivoting (LAPACK gesv).
    public func solve(_ b: DenseMatrix) throws -> DenseMatrix {
        guard isSquare else { throw LinearAlgebraError.notSquare(operation: "solve", shape: shapeDescription) }
        guard b.rows == rows else {
            throw LinearAlgebraError.shapeMismatch(operation: "solve", lhs: shapeDescription, rhs: b.shapeDescription)
        }
        guard isFinite, b.isFinite else { throw LinearAlgebraError.nonFinite(operation: "solve") }
        if rows == 0 || b.cols == 0 { return b }
        var lu = elements
        var x = b.elements
        var ipiv = [Int32](repeating: 0, count: rows)
        let n = rows, nrhs = b.cols
        let info = lu.withUnsafeMutableBufferPointer { pa in
            x.withUnsafeMutableBufferPointer { px in
                ipiv.withUnsafeMutableBufferPointer { pp in
                    Scalar.gesv(n: n, nrhs: nrhs, pa.baseAddress!, lda: n, pp.baseAddress!, px.baseAddress!, ldb: n)
                }
            }
        }
        if info > 0 { throw LinearAlgebraError.singular(operation: "solve") }
        if info < 0 { throw LinearAlgebraError.lapackFailure(routine: "gesv", info: info) }
        return DenseMatrix(rows: b.rows, cols: b.cols, elements: x)
    }

    /// The determinant, from the LU factorisation with partial pivoting (LAPACK getrf):
    /// det A = (−1)^(row swaps) · Π u_ii. An exactly singular factor (info > 0) gives 0.
    /// The product is formed in the matrix's own precision, so it overflows to ±inf (or
    /// underflows to 0) when |det A| leaves the range of Double, as NumPy's `det` does.
    public func determinant() throws -> Scalar {
        guard isSquare else { throw LinearAlgebraError.notSquare(operation: "det", shape: shapeDescription) }
        guard isFinite else { throw LinearAlgebraError.nonFinite(operation: "det") }
        if rows == 0 { return .one }
        var lu = elements
        var ipiv = [Int32](repeating: 0, count: rows)
        let n = rows
        let info = lu.withUnsafeMutableBufferPointer { pa in
            ipiv.withUnsafeMutableBufferPointer { pp in Scalar.getrf(n: n, pa.baseAddress!, pp.baseAddress!) }
        }
        if info < 0 { throw LinearAlgebraError.lapackFailure(routine: "getrf", info: info) }
        if info > 0 { return .zero }
        var det = Scalar.one
        for i in 0..<n {
            det = det * lu[i + i * n]
            // ipiv is 1-based: row i was swapped with row ipiv[i] - 1.
            if Int(ipiv[i]) - 1 != i { det = .zero - det }
        }
        return det
    }

    /// The Frobenius norm, sqrt(Σ |a_ij|²).
    public var frobeniusNorm: Double {
        // Scaled sum of squares, as LAPACK's dlassq: no overflow for huge entries.
        var scale = 0.0, ssq = 1.0
        for e in elements {
            let a = e.modulus
            if a == 0 { continue }
            if !a.isFinite { return a.isNaN ? .nan : .infinity }
            if scale < a { ssq = 1 + ssq * (scale / a) * (scale / a); scale = a } else { ssq += (a / scale) * (a / scale) }
        }
        return scale * ssq.squareRoot()
    }

    /// The 1-norm: the largest column sum of moduli.
    public var oneNorm: Double {
        var best = 0.0
        for j in 0..<cols {
            var s = 0.0
            for i in 0..<rows { s += elements[i + j * rows].modulus }
            if s > best || s.isNaN { best = s }
        }
        return best
    }

    /// The largest modulus of an element.
    public var maxNorm: Double { elements.reduce(0) { Swift.max($0, $1.modulus) } }
}

/// ‖W Wᴴ − I‖_F: how far W is from unitary (orthogonal, for real W).
@_specialize(where S == Double)
@_specialize(where S == Complex<Double>)
public func unitarityError<S>(_ w: DenseMatrix<S>) throws -> Double {
    guard w.isSquare else { throw LinearAlgebraError.notSquare(operation: "unitarity", shape: w.shapeDescription) }
    var g = DenseMatrix<S>.identity(w.rows)
    DenseMatrix.gemm(w, .none, w, .adjoint, alpha: .one, beta: .zero - .one, into: &g)
    return g.frobeniusNorm
}

// MARK: - Eigenvalues and singular values

/// Orders eigenvalues stably: by real part, largest first; among values whose real
/// parts agree to within `tieTolerance` × the spectral radius, by modulus of the
/// imaginary part, largest first (with the same tolerance), and then positive
/// imaginary part first. So a conjugate pair is adjacent, its positive member first.
///
/// The tolerance matters for zgeev, which computes the two members of a conjugate pair
/// (of a complex matrix with real entries, say) separately: their parts can differ in
/// the last bits, and sorting on raw values would let that noise decide the order.
/// dgeev returns pairs with bit-identical parts, which the same rule keeps together.
func sortEigenvalues(_ values: [Complex<Double>]) -> [Complex<Double>] {
    let tieTolerance = 1e-12
    let tie = tieTolerance * values.reduce(0.0) { Swift.max($0, $1.length) }
    var result: [Complex<Double>] = []
    result.reserveCapacity(values.count)
    for sameReal in clusters(values, key: \.real, tie: tie) {
        for sameSize in clusters(sameReal, key: { Swift.abs($0.imaginary) }, tie: tie) {
            result += sameSize.sorted { $0.imaginary > $1.imaginary }
        }
    }
    return result
}

/// `values` sorted by `key`, largest first, cut into runs whose keys lie within `tie`
/// of the run's first key (measuring from a fixed anchor keeps the grouping well defined).
private func clusters(_ values: [Complex<Double>], key: (Complex<Double>) -> Double, tie: Double) -> [[Complex<Double>]] {
    let sorted = values.sorted { key($0) > key($1) }
    var runs: [[Complex<Double>]] = []
    var start = 0
    while start < sorted.count {
        var end = start + 1
        while end < sorted.count && key(sorted[start]) - key(sorted[end]) <= tie { end += 1 }
        runs.append(Array(sorted[start..<end]))
        start = end
    }
    return runs
}

extension DenseMatrix where Scalar == Double {
    /// The eigenvalues (LAPACK dgeev), in the order of `sortEigenvalues`.
    public func eigenvalues() throws -> [Complex<Double>] {
        guard isSquare else { throw LinearAlgebraError.notSquare(operation: "eig", shape: shapeDescription) }
        guard isFinite else { throw LinearAlgebraError.nonFinite(operation: "eig") }
        let n = rows
        if n == 0 { return [] }
        var a = elements
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        var vl = [Double](repeating: 0, count: 1), vr = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgeev(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int32(n), &a, Int32(n),
                                 &wr, &wi, &vl, 1, &vr, 1)
        guard info == 0 else { throw LinearAlgebraError.lapackFailure(routine: "dgeev", info: info) }
        // Entries near the largest double overflow inside dgeev's reductions.
        guard wr.allSatisfy(\.isFinite), wi.allSatisfy(\.isFinite) else { throw LinearAlgebraError.overflow(operation: "eig", result: "eigenvalues") }
        return sortEigenvalues((0..<n).map { Complex(wr[$0], wi[$0]) })
    }

    /// The singular values, largest first (LAPACK dgesvd).
    public func singularValues() throws -> [Double] {
        guard isFinite else { throw LinearAlgebraError.nonFinite(operation: "svd") }
        let m = rows, n = cols, k = Swift.min(m, n)
        if k == 0 { return [] }
        var a = elements
        var s = [Double](repeating: 0, count: k)
        var superb = [Double](repeating: 0, count: Swift.max(1, k - 1))
        var u = [Double](repeating: 0, count: 1), vt = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int32(m), Int32(n), &a, Int32(m),
                                  &s, &u, 1, &vt, 1, &superb)
        guard info == 0 else { throw LinearAlgebraError.lapackFailure(routine: "dgesvd", info: info) }
        guard s.allSatisfy(\.isFinite) else { throw LinearAlgebraError.overflow(operation: "svd", result: "singular values") }
        return s
    }
}

extension DenseMatrix where Scalar == Complex<Double> {
    /// The eigenvalues (LAPACK zgeev), in the order of `sortEigenvalues`.
    public func eigenvalues() throws -> [Complex<Double>] {
        guard isSquare else { throw LinearAlgebraError.notSquare(operation: "eig", shape: shapeDescription) }
        guard isFinite else { throw LinearAlgebraError.nonFinite(operation: "eig") }
        let n = rows
        if n == 0 { return [] }
        var a = elements
        var w = [Complex<Double>](repeating: .zero, count: n)
        var dummy = [Complex<Double>](repeating: .zero, count: 1)
        let info = a.withUnsafeMutableBytes { pa in
            w.withUnsafeMutableBytes { pw in
                dummy.withUnsafeMutableBytes { pd in
                    LAPACKE_zgeev(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int32(n),
                                  pa.bindMemory(to: _lapack_complex_double.self).baseAddress, Int32(n),
                                  pw.bindMemory(to: _lapack_complex_double.self).baseAddress,
                                  pd.bindMemory(to: _lapack_complex_double.self).baseAddress, 1,
                                  pd.bindMemory(to: _lapack_complex_double.self).baseAddress, 1)
                }
            }
        }
        guard info == 0 else { throw LinearAlgebraError.lapackFailure(routine: "zgeev", info: info) }
        guard w.allSatisfy({ $0.real.isFinite && $0.imaginary.isFinite }) else { throw LinearAlgebraError.overflow(operation: "eig", result: "eigenvalues") }
        return sortEigenvalues(w)
    }

    /// The singular values, largest first (LAPACK zgesvd).
    public func singularValues() throws -> [Double] {
        guard isFinite else { throw LinearAlgebraError.nonFinite(operation: "svd") }
        let m = rows, n = cols, k = Swift.min(m, n)
        if k == 0 { return [] }
        var a = elements
        var s = [Double](repeating: 0, count: k)
        var superb = [Double](repeating: 0, count: Swift.max(1, k - 1))
        var dummy = [Complex<Double>](repeating: .zero, count: 1)
        let info = a.withUnsafeMutableBytes { pa in
            dummy.withUnsafeMutableBytes { pd in
                LAPACKE_zgesvd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int32(m), Int32(n),
                               pa.bindMemory(to: _lapack_complex_double.self).baseAddress, Int32(m), &s,
                               pd.bindMemory(to: _lapack_complex_double.self).baseAddress, 1,
                               pd.bindMemory(to: _lapack_complex_double.self).baseAddress, 1, &superb)
            }
        }
        guard info == 0 else { throw LinearAlgebraError.lapackFailure(routine: "zgesvd", info: info) }
        guard s.allSatisfy(\.isFinite) else { throw LinearAlgebraError.overflow(operation: "svd", result: "singular values") }
        return s
    }
}

extension DenseMatrix {
    /// The spectral norm: the largest singular value.
    public func spectralNorm() throws -> Double {
        if let m = self as? Matrix { return try m.singularValues().first ?? 0 }
        if let m = self as? ComplexMatrix { return try m.singularValues().first ?? 0 }
        return 0
    }
}
