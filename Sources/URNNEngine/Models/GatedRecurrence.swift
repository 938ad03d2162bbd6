/// What the gated cells (the GRU, the LSTM) share about their recurrent map: one product
/// A_t = W_h h_{t−1} with W_h a stack of H x H blocks, one per gate (3H x H for the
/// GRU, 4H x H for the LSTM), and the sweep back through time around it.
enum GatedRecurrence {
    /// W_h at the start: `blocks` Haar-random orthogonal H x H blocks stacked, drawn one
    /// after the other from `g`.
    static func initialWeights(blocks: Int, hidden h: Int, using g: inout SeededGenerator) throws -> Parameter {
        var wh = Matrix(rows: blocks * h, cols: h)
        for block in 0..<blocks {
            let q = try RecurrentInit.orthogonal(n: h, using: &g)
            for c in 0..<h { for r in 0..<h { wh[block * h + r, c] = q[r, c] } }
        }
        return Parameter(name: "W_h", matrix: wh, role: .recurrent)
    }

    /// The block of W_h shown for inspection: the third, which feeds the candidate (the
    /// GRU's n, the LSTM's g), the only square map from h_{t−1} to a new state.
    static func candidateBlock(_ wh: Matrix, hidden h: Int) -> RecurrentMatrix {
        .real(Matrix(rows: h, cols: h) { r, c in wh[2 * h + r, c] })
    }

    /// The sweep back through time, T·B columns of B sequences, with dh = ∂L/∂h_t. At
    /// each step t from the last: dh takes the read-out's ∂L/∂f_t (the flow record its
    /// norm), `step` writes the cell's ∂A_t (`rows` x B at `da` + t·B·rows) and leaves in
    /// dh what ∂L/∂h_{t−1} gets past W_h, then dh gets W_hᵀ ∂A_t: added to it when
    /// `keepsDirectPath` (the GRU's h_{t−1} ⊙ z), in place of it otherwise (the LSTM's).
    /// Where truncation cuts the gradient, dh becomes zero instead and `truncate` clears
    /// the cell's own carried gradients. W_hᵀ is formed once, with one kernel for the
    /// shape. Returns ∂L/∂W_h = ∂A H_prevᵀ (one product over all steps, H_prev the first
    /// T·B columns of the states h_0…h_T at `states`, read in place) and the flow record.
    @inline(__always)
    static func backward(wh: Matrix, hidden h: Int, batch b: Int, steps: Int, featureGradient dOut: Matrix,
                         da: UnsafeMutablePointer<Double>, states: UnsafePointer<Double>, keepsDirectPath: Bool,
                         options: RunOptions, step: (_ t: Int, _ dh: UnsafeMutablePointer<Double>) -> Void,
                         truncate: () -> Void = {}) -> (weightGradient: [Double], flowSquares: [Double]) {
        let rows = wh.rows, hb = h * b
        var dh = [Double](repeating: 0, count: hb)
        var flow = GradientFlowRecord(steps: steps, options: options)
        let wht = wh.transposed()
        let recurrenceBack = FixedShapeProduct(m: h, n: b, k: rows, lda: h, ldb: rows, ldc: h, accumulate: keepsDirectPath)
        dh.withUnsafeMutableBufferPointer { pdh in
            dOut.elements.withUnsafeBufferPointer { po in
                wht.elements.withUnsafeBufferPointer { pwt in
                    for t in stride(from: steps - 1, through: 0, by: -1) {
                        flow.addReadOutGradient(pdh.baseAddress!, po.baseAddress! + t * hb, count: hb, step: t)
                        step(t, pdh.baseAddress!)
                        if let k = options.truncation, k > 0, t % k == 0 {
                            pdh.update(repeating: 0)
                            truncate()
                        } else {
                            recurrenceBack(pwt.baseAddress!, da + t * b * rows, pdh.baseAddress!)
                        }
                    }
                }
            }
        }
        let dwh = weightGradient(da, rows: rows, states: states, hidden: h, columns: steps * b)
        return (dwh, flow.squares)
    }

    /// ∂L/∂W_h = ∂A H_prevᵀ (`rows` x H) for a recurrent map A_t = W_h h_{t−1}: one product
    /// over all steps, with ∂A `rows` x N at `da` and H_prev the first N columns of the
    /// states h_0…h_T (read in place), N = T·B.
    private static func weightGradient(_ da: UnsafePointer<Double>, rows: Int, states: UnsafePointer<Double>, hidden h: Int,
                                       columns n: Int) -> [Double] {
        var dw = [Double](repeating: 0, count: rows * h)
        dw.withUnsafeMutableBufferPointer { pw in
            Double.gemm(.none, .transpose, m: rows, n: h, k: n, alpha: 1, da, lda: rows, states, ldb: h,
                        beta: 0, pw.baseAddress!, ldc: rows)
        }
        return dw
    }
}
