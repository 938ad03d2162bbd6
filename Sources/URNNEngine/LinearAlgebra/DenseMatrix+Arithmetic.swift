// Elementwise arithmetic. Shapes are the caller's contract here (a precondition):
// the script layer checks shapes before it calls, and says what was wrong.

extension DenseMatrix {
    @inlinable
    static func elementwise(_ a: DenseMatrix, _ b: DenseMatrix, _ op: (Scalar, Scalar) -> Scalar) -> DenseMatrix {
        precondition(a.rows == b.rows && a.cols == b.cols,
                     "elementwise operation on \(a.shapeDescription) and \(b.shapeDescription)")
        var r = a
        r.elements.withUnsafeMutableBufferPointer { rp in
            b.elements.withUnsafeBufferPointer { bp in
                for k in 0..<rp.count { rp[k] = op(rp[k], bp[k]) }
            }
        }
        return r
    }

    public static func + (a: DenseMatrix, b: DenseMatrix) -> DenseMatrix { elementwise(a, b, +) }
    public static func - (a: DenseMatrix, b: DenseMatrix) -> DenseMatrix { elementwise(a, b, -) }
    public static prefix func - (a: DenseMatrix) -> DenseMatrix { a.map { .zero - $0 } }
    public static func * (s: Scalar, a: DenseMatrix) -> DenseMatrix { a.map { s * $0 } }
    public static func * (a: DenseMatrix, s: Scalar) -> DenseMatrix { a.map { $0 * s } }
    public static func / (a: DenseMatrix, s: Scalar) -> DenseMatrix { a.map { $0 / s } }
    public static func += (a: inout DenseMatrix, b: DenseMatrix) { a = a + b }
    public static func -= (a: inout DenseMatrix, b: DenseMatrix) { a = a - b }

    /// The elementwise (Hadamard) product.
    public func hadamard(_ b: DenseMatrix) -> DenseMatrix { DenseMatrix.elementwise(self, b, *) }
    /// The elementwise quotient.
    public func elementwiseDivided(by b: DenseMatrix) -> DenseMatrix { DenseMatrix.elementwise(self, b, /) }

    /// self <- self + alpha * x (an axpy; shapes must match).
    public mutating func add(_ x: DenseMatrix, scaledBy alpha: Scalar) {
        precondition(rows == x.rows && cols == x.cols)
        elements.withUnsafeMutableBufferPointer { p in
            x.elements.withUnsafeBufferPointer { q in
                for k in 0..<p.count { p[k] = p[k] + alpha * q[k] }
            }
        }
    }

    /// self + alpha I (square matrices).
    public func addingIdentity(scaledBy alpha: Scalar) -> DenseMatrix {
        precondition(isSquare)
        var r = self
        for i in 0..<rows { r.elements[i + i * rows] = r.elements[i + i * rows] + alpha }
        return r
    }

    /// The sum of the diagonal.
    public var trace: Scalar {
        var s = Scalar.zero
        for i in 0..<Swift.min(rows, cols) { s += self[i, i] }
        return s
    }

    /// The Frobenius inner product ⟨A, B⟩ = Σ conj(a_ij) b_ij (real: Σ a_ij b_ij).
    public func inner(_ b: DenseMatrix) -> Scalar {
        precondition(rows == b.rows && cols == b.cols)
        var s = Scalar.zero
        for k in 0..<elements.count { s += elements[k].conjugated * b.elements[k] }
        return s
    }
}

extension DenseMatrix where Scalar == Double {
    /// The real part of the Frobenius inner product, ⟨A, B⟩ = Σ a_ij b_ij.
    public func dot(_ b: Matrix) -> Double { inner(b) }
}
