/// The input side of every cell: Z = U X + b over all T·B columns of a batch at once,
/// and its gradient. Z has `rows` doubles per column: H for the Elman cell, 4H for the
/// LSTM's gates, 3H for the GRU's, 2H for the complex cell, whose complex U (H x I)
/// is stored as interleaved (re, im) pairs, i.e. as a real 2H x I matrix: X is real,
/// so U X is one real product on those doubles and comes out interleaved too, and
/// ∂L/∂U = ∂L/∂Z Xᵀ keeps `Parameter`'s convention ĝ = ∂L/∂Re + i ∂L/∂Im.
///
/// Symbol inputs (one-hot) select a column of U: a copy, not a product.
struct InputProjection {
    /// U, `rows` x I doubles.
    let weights: Parameter
    /// b, `rows` doubles.
    let bias: Parameter
    /// Doubles per column of Z.
    let rows: Int
    /// I: input symbols or channels.
    let inputs: Int
    let symbolInputs: Bool

    /// A real cell's projection at the start: `weightName` (`rows` x I) Glorot-uniform,
    /// drawn from `g`, and b as given (zero unless the cell says otherwise).
    init(glorot weightName: String, rows: Int, inputs: Int, bias: [Double]? = nil, symbolInputs: Bool,
         using g: inout SeededGenerator) {
        let s = (6.0 / Double(inputs + rows)).squareRoot()
        self.init(weights: Parameter(name: weightName, matrix: Matrix.randomUniform(rows: rows, cols: inputs, -s, s, using: &g)),
                  bias: Parameter(name: "b", rows: rows, cols: 1, value: bias ?? [Double](repeating: 0, count: rows)),
                  rows: rows, inputs: inputs, symbolInputs: symbolInputs)
    }

    init(weights: Parameter, bias: Parameter, rows: Int, inputs: Int, symbolInputs: Bool) {
        self.weights = weights
        self.bias = bias
        self.rows = rows
        self.inputs = inputs
        self.symbolInputs = symbolInputs
    }

    /// Checks that `input` has `steps` steps of `batch` sequences of the model's kind.
    func check(_ input: SequenceInput, steps: Int, batch b: Int) throws {
        switch input {
        case .symbols(let s):
            guard symbolInputs else { throw ModelError.shape("model expects dense inputs, got symbols") }
            guard s.count == steps else { throw ModelError.shape("input has \(s.count) steps, expected \(steps)") }
            for t in 0..<steps {
                guard s[t].count == b else { throw ModelError.shape("step \(t) has \(s[t].count) sequences, expected \(b)") }
                if let bad = s[t].first(where: { $0 < 0 || $0 >= inputs }) {
                    throw ModelError.shape("input symbol \(bad) outside 0..<\(inputs)")
                }
            }
        case .dense:
            guard !symbolInputs else { throw ModelError.shape("model expects symbols, got dense inputs") }
        }
    }

    /// Z = U X + b, `rows` x T·B doubles, in an array of `S` from `ScratchArrays` (the
    /// caller gives it back): `[Double]`, or `[Complex<Double>]` for the complex cell.
    func project<S: LinearAlgebraScalar>(_ input: SequenceInput, steps: Int, batch b: Int) throws -> [S] {
        try check(input, steps: steps, batch: b)
        let n = steps * b
        // Every column is written below: a copy of a column of U, or a product.
        var z: [S] = ScratchArrays.take(rows * n / doubles(per: S.self), zeroed: false)
        try z.withUnsafeMutableBufferPointer { ps in
            let pz = UnsafeMutableBufferPointer(start: UnsafeMutableRawPointer(ps.baseAddress!).assumingMemoryBound(to: Double.self),
                                                count: rows * n)
            try weights.value.withUnsafeBufferPointer { pu in
                try bias.value.withUnsafeBufferPointer { pb in
                    switch input {
                    case .symbols(let s):
                        // A column of U plus b: one sweep, no product.
                        for t in 0..<steps {
                            let row = s[t]
                            for bb in 0..<b {
                                let out = pz.baseAddress! + (t * b + bb) * rows, column = pu.baseAddress! + row[bb] * rows
                                for r in 0..<rows { out[r] = column[r] + pb[r] }
                            }
                        }
                    case .dense(let xs):
                        let x = try concatenate(xs, rows: inputs, batch: b)
                        x.elements.withUnsafeBufferPointer { px in
                            Double.gemm(.none, .none, m: rows, n: n, k: inputs, alpha: 1, pu.baseAddress!, lda: rows,
                                        px.baseAddress!, ldb: inputs, beta: 0, pz.baseAddress!, ldc: rows)
                        }
                        for j in 0..<n { for r in 0..<rows { pz[j * rows + r] += pb[r] } }
                    }
                }
            }
        }
        return z
    }

    /// Doubles per scalar: 1 for `Double`, 2 for `Complex<Double>`.
    private func doubles<S>(per _: S.Type) -> Int { MemoryLayout<S>.stride / MemoryLayout<Double>.stride }

    /// (∂L/∂U, ∂L/∂b) given ∂L/∂Z (`rows` x T·B).
    func gradient(_ input: SequenceInput, dz: [Double], steps: Int, batch b: Int) throws -> (weights: [Double], bias: [Double]) {
        let n = steps * b
        var db = [Double](repeating: 0, count: rows)
        var du: [Double]
        dz.withUnsafeBufferPointer { pz in
            for j in 0..<n { for r in 0..<rows { db[r] += pz[j * rows + r] } }
        }
        switch input {
        case .symbols(let s):
            du = [Double](repeating: 0, count: rows * inputs)
            du.withUnsafeMutableBufferPointer { pu in
                dz.withUnsafeBufferPointer { pz in
                    for t in 0..<steps {
                        for bb in 0..<b {
                            let dst = s[t][bb] * rows, src = (t * b + bb) * rows
                            for r in 0..<rows { pu[dst + r] += pz[src + r] }
                        }
                    }
                }
            }
        case .dense(let xs):
            du = try dz.withUnsafeBufferPointer { try denseWeightGradient(xs, dz: $0.baseAddress!, batch: b) }
        }
        return (du, db)
    }

    /// ∂L/∂U = ∂L/∂Z Xᵀ for dense inputs, ∂L/∂Z as `rows` x T·B doubles at `dz`.
    func denseWeightGradient(_ xs: [Matrix], dz: UnsafePointer<Double>, batch b: Int) throws -> [Double] {
        let x = try concatenate(xs, rows: inputs, batch: b)
        var du = [Double](repeating: 0, count: rows * inputs)
        x.elements.withUnsafeBufferPointer { px in
            du.withUnsafeMutableBufferPointer { pu in
                Double.gemm(.none, .transpose, m: rows, n: inputs, k: x.cols, alpha: 1, dz, lda: rows,
                            px.baseAddress!, ldb: inputs, beta: 0, pu.baseAddress!, ldc: rows)
            }
        }
        return du
    }

    /// Adds step t's part of ∂L/∂b, and of ∂L/∂U for symbol inputs, from ∂L/∂Z_t (`rows` x B
    /// at `dz`): for a cell that sums them while ∂L/∂Z_t is in cache. Dense inputs take
    /// `denseWeightGradient` after the pass.
    @inline(__always)
    func addStepGradient(_ dz: UnsafePointer<Double>, symbols: [Int]?, batch b: Int,
                         weights du: UnsafeMutablePointer<Double>, bias db: UnsafeMutablePointer<Double>) {
        for bb in 0..<b {
            let column = dz + rows * bb
            for k in 0..<rows { db[k] += column[k] }
            if let symbols {
                let row = du + rows * symbols[bb]
                for k in 0..<rows { row[k] += column[k] }
            }
        }
    }
}

/// T matrices I x B side by side as one I x T·B matrix.
func concatenate(_ xs: [Matrix], rows: Int, batch: Int) throws -> Matrix {
    var elements: [Double] = []
    elements.reserveCapacity(rows * batch * xs.count)
    for (t, x) in xs.enumerated() {
        guard x.rows == rows, x.cols == batch else {
            throw ModelError.shape("input at step \(t) is \(x.shapeDescription), expected \(rows)x\(batch)")
        }
        elements.append(contentsOf: x.elements)
    }
    return Matrix(rows: rows, cols: batch * xs.count, elements: elements)
}
