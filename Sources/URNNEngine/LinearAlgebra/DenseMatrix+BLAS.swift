// Products through BLAS (dgemm/zgemm, dgemv/zgemv), never Swift loops.

extension DenseMatrix {
    /// C <- alpha op(A) op(B) + beta C. `c` must already have the result's shape.
    public static func gemm(_ a: DenseMatrix, _ opA: MatrixOperation = .none,
                            _ b: DenseMatrix, _ opB: MatrixOperation = .none,
                            alpha: Scalar = .one, beta: Scalar = .zero,
                            into c: inout DenseMatrix) {
        let (m, ka) = opA == .none ? (a.rows, a.cols) : (a.cols, a.rows)
        let (kb, n) = opB == .none ? (b.rows, b.cols) : (b.cols, b.rows)
        precondition(ka == kb, "gemm: inner dimensions \(ka) and \(kb) differ")
        precondition(c.rows == m && c.cols == n, "gemm: result is \(c.shapeDescription), expected \(m)x\(n)")
        if m == 0 || n == 0 { return }
        if ka == 0 {
            c = beta == .zero ? DenseMatrix(rows: m, cols: n) : c * beta
            return
        }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    Scalar.gemm(opA, opB, m: m, n: n, k: ka, alpha: alpha,
                                pa.baseAddress!, lda: Swift.max(1, a.rows),
                                pb.baseAddress!, ldb: Swift.max(1, b.rows),
                                beta: beta, pc.baseAddress!, ldc: Swift.max(1, m))
                }
            }
        }
    }

    /// op(A) op(B) as a new matrix.
    public static func product(_ a: DenseMatrix, _ opA: MatrixOperation = .none,
                               _ b: DenseMatrix, _ opB: MatrixOperation = .none) -> DenseMatrix {
        let m = opA == .none ? a.rows : a.cols
        let n = opB == .none ? b.cols : b.rows
        var c = DenseMatrix(rows: m, cols: n)
        gemm(a, opA, b, opB, into: &c)
        return c
    }

    /// The matrix product A B (BLAS gemm). Shapes must agree; use `checkedProduct` for user input.
    public static func * (a: DenseMatrix, b: DenseMatrix) -> DenseMatrix { product(a, .none, b, .none) }

    /// A B, or an error naming both shapes when they do not agree.
    public func checkedProduct(_ b: DenseMatrix) throws -> DenseMatrix {
        guard cols == b.rows else {
            throw LinearAlgebraError.shapeMismatch(operation: "matrix product", lhs: shapeDescription, rhs: b.shapeDescription)
        }
        return self * b
    }

    /// op(A) x (BLAS gemv).
    public func apply(_ x: [Scalar], _ op: MatrixOperation = .none) -> [Scalar] {
        let (m, n) = op == .none ? (rows, cols) : (cols, rows)
        precondition(x.count == n, "gemv: vector of length \(x.count), expected \(n)")
        var y = [Scalar](repeating: .zero, count: m)
        if m == 0 || n == 0 { return y }
        elements.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    Scalar.gemv(op, m: rows, n: cols, alpha: .one, pa.baseAddress!, lda: Swift.max(1, rows),
                                px.baseAddress!, beta: .zero, py.baseAddress!)
                }
            }
        }
        return y
    }
}
