/// The element-wise sum of the parts' arrays (equal lengths), in part order: the
/// gradient of a batch from the gradients of the parts a pass split it into.
func summed(_ parts: [[Double]]) -> [Double] {
    guard var total = parts.first else { return [] }
    for p in parts.dropFirst() { add(&total, p) }
    return total
}

/// ‖∂L/∂h_t‖² per step of a pass, kept when the run records the gradient flow
/// (`RunOptions.recordGradientFlow`); the parts' records add.
struct GradientFlowRecord {
    private(set) var squares: [Double]

    init(steps: Int, options: RunOptions) {
        squares = [Double](repeating: 0, count: options.recordGradientFlow ? steps : 0)
    }

    /// ∂L/∂h_t += the read-out's ∂L/∂f_t (`count` values) at step `t` of a cell's backward
    /// pass, keeping ‖∂L/∂h_t‖² when recording.
    @inline(__always)
    mutating func addReadOutGradient(_ dh: UnsafeMutablePointer<Double>, _ features: UnsafePointer<Double>,
                                     count: Int, step t: Int) {
        for k in 0..<count { dh[k] += features[k] }
        guard !squares.isEmpty else { return }
        var sum = 0.0
        for k in 0..<count { sum += dh[k] * dh[k] }
        squares[t] = sum
    }
}

/// a += b elementwise (equal lengths).
func add(_ a: inout [Double], _ b: [Double]) {
    a.withUnsafeMutableBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            for k in 0..<pa.count { pa[k] += pb[k] }
        }
    }
}
