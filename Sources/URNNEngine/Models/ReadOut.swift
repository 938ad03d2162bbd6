import Foundation

/// What a forward pass measured on one batch.
public struct LossSummary: Sendable, Equatable {
    /// Sum of the per-position losses (cross-entropy in nats, or squared error).
    public var lossSum: Double = 0
    /// Positions that carry a loss (symbol targets) or examples (last-step targets).
    public var count: Int = 0
    /// Positions whose top-1 prediction is the target (symbol targets only).
    public var correct: Int = 0
    /// Positions whose target is among the 5 highest outputs (symbol targets only).
    public var top5Correct: Int = 0

    public init() {}

    /// The mean loss over the counted positions.
    public var meanLoss: Double { count > 0 ? lossSum / Double(count) : 0 }
    /// Top-1 accuracy, or nil when the targets are not symbols.
    public var accuracy: Double { count > 0 ? Double(correct) / Double(count) : 0 }

    public static func + (a: LossSummary, b: LossSummary) -> LossSummary {
        var r = a
        r.lossSum += b.lossSum; r.count += b.count; r.correct += b.correct; r.top5Correct += b.top5Correct
        return r
    }
}

/// The linear read-out y_t = V f_t + c shared by every model (f_t is h_t, or
/// [Re h_t; Im h_t] for complex models), with its loss: softmax cross-entropy per
/// step for symbol targets, mean squared error at the last step for regression.
///
/// Shapes: V is K x D, features F are D x (T·B) with column t·B + b for step t of
/// sequence b. The products run over all T·B columns at once, in column blocks
/// that bound memory when K is a large vocabulary (K x block doubles at a time).
struct ReadOut {
    let weights: Parameter   // V, K x D
    let bias: Parameter      // c, K x 1

    var outputs: Int { weights.rows }
    var features: Int { weights.cols }

    /// Columns per block: about 4 M doubles of logits (32 MB) at a time.
    func blockColumns(total: Int) -> Int { Swift.max(1, Swift.min(total, (1 << 22) / Swift.max(1, outputs))) }

    /// The loss of `features` (D x T·B) against `target`; when `backward` is true,
    /// accumulates dV, dc into the parameters' gradients and returns dL/dF (D x T·B)
    /// for the mean loss over counted positions.
    func loss(features f: Matrix, steps: Int, batch: Int, target: SequenceTarget, backward: Bool,
              logitsOut: UnsafeMutablePointer<Matrix>? = nil) throws -> (LossSummary, Matrix?) {
        switch target {
        case .symbols(let classes):
            return try crossEntropy(f, steps: steps, batch: batch, classes: classes, backward: backward, logitsOut: logitsOut)
        case .lastStep(let y):
            return try lastStepSquaredError(f, steps: steps, batch: batch, target: y, backward: backward, logitsOut: logitsOut)
        }
    }

    private func crossEntropy(_ f: Matrix, steps: Int, batch: Int, classes: [[Int]], backward: Bool,
                              logitsOut: UnsafeMutablePointer<Matrix>?) throws -> (LossSummary, Matrix?) {
        let k = outputs, d = features, n = steps * batch
        guard classes.count == steps, classes.allSatisfy({ $0.count == batch }) else {
            throw ModelError.shape("targets are \(classes.count) steps, inputs \(steps)")
        }
        var counted = 0
        for row in classes {
            for c in row {
                guard c >= -1 && c < k else { throw ModelError.shape("target class \(c) outside 0..<\(k)") }
                if c >= 0 { counted += 1 }
            }
        }
        var summary = LossSummary()
        summary.count = counted
        var df = backward ? Matrix(rows: d, cols: n) : nil
        let v = weights.matrix
        let scale = counted > 0 ? 1.0 / Double(counted) : 0
        if logitsOut != nil { logitsOut!.pointee = Matrix(rows: k, cols: n) }
        var start = 0
        let block = blockColumns(total: n)
        while start < n {
            let cols = Swift.min(block, n - start)
            let fb = f.columns(start..<(start + cols))
            var logits = Matrix(rows: k, cols: cols)
            DenseMatrix.gemm(v, .none, fb, .none, into: &logits)
            var dlogits = logits
            logits.elements.withUnsafeMutableBufferPointer { lp in
                dlogits.elements.withUnsafeMutableBufferPointer { dp in
                    bias.value.withUnsafeBufferPointer { cp in
                        for j in 0..<cols {
                            let col = start + j
                            let target = classes[col / batch][col % batch]
                            let base = j * k
                            var mx = -Double.infinity
                            for i in 0..<k {
                                lp[base + i] += cp[i]
                                mx = Swift.max(mx, lp[base + i])
                            }
                            if logitsOut != nil {
                                for i in 0..<k { logitsOut!.pointee.elements[col * k + i] = lp[base + i] }
                            }
                            if target < 0 {
                                for i in 0..<k { dp[base + i] = 0 }
                                continue
                            }
                            var sum = 0.0
                            for i in 0..<k {
                                let e = Foundation.exp(lp[base + i] - mx)
                                dp[base + i] = e
                                sum += e
                            }
                            let tl = lp[base + target]
                            summary.lossSum += Foundation.log(sum) + mx - tl
                            var above = 0
                            for i in 0..<k where lp[base + i] > tl { above += 1 }
                            if above == 0 { summary.correct += 1 }
                            if above < 5 { summary.top5Correct += 1 }
                            let inv = scale / sum
                            for i in 0..<k { dp[base + i] *= inv }
                            dp[base + target] -= scale
                        }
                    }
                }
            }
            if backward {
                accumulateBlockGradients(dlogits: dlogits, features: fb, v: v, start: start, df: &df!)
            }
            start += cols
        }
        return (summary, df)
    }

    private func lastStepSquaredError(_ f: Matrix, steps: Int, batch: Int, target: Matrix, backward: Bool,
                                      logitsOut: UnsafeMutablePointer<Matrix>?) throws -> (LossSummary, Matrix?) {
        let k = outputs, d = features, n = steps * batch
        guard target.rows == k, target.cols == batch else {
            throw ModelError.shape("regression target is \(target.shapeDescription), outputs are \(k)x\(batch)")
        }
        guard steps > 0 else { throw ModelError.shape("a sequence needs at least one step") }
        let start = (steps - 1) * batch
        let fb = f.columns(start..<n)
        var y = Matrix(rows: k, cols: batch)
        DenseMatrix.gemm(weights.matrix, .none, fb, .none, into: &y)
        for j in 0..<batch { for i in 0..<k { y[i, j] += bias.value[i] } }
        if logitsOut != nil { logitsOut!.pointee = y }
        var summary = LossSummary()
        summary.count = batch
        let diff = y - target
        // Mean over examples of the squared error summed over outputs.
        summary.lossSum = diff.elements.reduce(0) { $0 + $1 * $1 }
        guard backward else { return (summary, nil) }
        var df = Matrix(rows: d, cols: n)
        let dy = diff * (2.0 / Double(batch))
        accumulateBlockGradients(dlogits: dy, features: fb, v: weights.matrix, start: start, df: &df)
        return (summary, df)
    }

    /// dV += dY Fᵀ, dc += row sums of dY, dF[:, block] = Vᵀ dY.
    private func accumulateBlockGradients(dlogits: Matrix, features fb: Matrix, v: Matrix, start: Int, df: inout Matrix) {
        var dv = weights.gradientMatrix
        DenseMatrix.gemm(dlogits, .none, fb, .transpose, alpha: 1, beta: 1, into: &dv)
        weights.gradient = dv.elements
        let k = dlogits.rows
        for j in 0..<dlogits.cols { for i in 0..<k { bias.gradient[i] += dlogits.elements[j * k + i] } }
        let d = v.cols
        df.elements.withUnsafeMutableBufferPointer { pdf in
            v.elements.withUnsafeBufferPointer { pv in
                dlogits.elements.withUnsafeBufferPointer { pd in
                    Double.gemm(.transpose, .none, m: d, n: dlogits.cols, k: k, alpha: 1, pv.baseAddress!, lda: k,
                                pd.baseAddress!, ldb: k, beta: 0, pdf.baseAddress! + start * d, ldc: d)
                }
            }
        }
    }
}

/// Errors of model construction and use.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    case shape(String)
    case invalidOption(String)
    case notAvailable(String)
    case nonFinite(String)

    public var description: String {
        switch self {
        case .shape(let s): return "shape mismatch: \(s)"
        case .invalidOption(let s): return s
        case .notAvailable(let s): return s
        case .nonFinite(let s): return s
        }
    }
}
