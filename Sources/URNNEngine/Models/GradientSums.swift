/// The element-wise sum of the parts' arrays (equal lengths), in part order: the
/// gradient of a batch from the gradients of the parts a pass split it into.
func summed(_ parts: [[Double]]) -> [Double] {
    guard var total = parts.first else { return [] }
    for p in parts.dropFirst() { add(&total, p) }
    return total
}

/// ∂L/∂h_t += the read-out's ∂L/∂f_t (`count` values), in the backward pass of a cell;
/// returns ‖∂L/∂h_t‖² when `measure` (for the gradient-flow record), else 0.
@inline(__always)
func addReadOutGradient(_ dh: UnsafeMutablePointer<Double>, _ features: UnsafePointer<Double>, count: Int,
                        measure: Bool) -> Double {
    for k in 0..<count { dh[k] += features[k] }
    guard measure else { return 0 }
    var squares = 0.0
    for k in 0..<count { squares += dh[k] * dh[k] }
    return squares
}

/// a += b elementwise (equal lengths).
func add(_ a: inout [Double], _ b: [Double]) {
    a.withUnsafeMutableBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            for k in 0..<pa.count { pa[k] += pb[k] }
        }
    }
}

/// ∂L/∂W_h = ∂A H_prevᵀ (`rows` x H) for a recurrent map A_t = W_h h_{t−1}: one product
/// over all steps, with ∂A `rows` x N at `da` and H_prev the first N columns of the
/// states h_0…h_T (read in place), N = T·B.
func recurrentWeightGradient(_ da: UnsafePointer<Double>, rows: Int, states: UnsafePointer<Double>, hidden h: Int,
                             columns n: Int) -> [Double] {
    var dw = [Double](repeating: 0, count: rows * h)
    dw.withUnsafeMutableBufferPointer { pw in
        Double.gemm(.none, .transpose, m: rows, n: h, k: n, alpha: 1, da, lda: rows, states, ldb: h,
                    beta: 0, pw.baseAddress!, ldc: rows)
    }
    return dw
}
