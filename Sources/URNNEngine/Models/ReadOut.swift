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
    /// Loss and accuracy at each step of the window (symbol targets only).
    public var positions = PositionScores()

    public init() {}

    /// The mean loss over the counted positions.
    public var meanLoss: Double { count > 0 ? lossSum / Double(count) : 0 }
    /// Top-1 accuracy (meaningful for symbol targets only).
    public var accuracy: Double { count > 0 ? Double(correct) / Double(count) : 0 }

    public static func + (a: LossSummary, b: LossSummary) -> LossSummary {
        var r = a
        r.lossSum += b.lossSum; r.count += b.count; r.correct += b.correct; r.top5Correct += b.top5Correct
        r.positions = r.positions + b.positions
        return r
    }
}

/// The linear read-out y_t = V f_t + c shared by every model (f_t is h_t, or
/// [Re h_t; Im h_t] for complex models), with its loss: softmax cross-entropy per
/// step for symbol targets, of the last step for class targets of whole sequences,
/// mean squared error at the last step for regression.
///
/// Shapes: V is K x D, features F are D x (T·B) with column t·B + b for step t of
/// sequence b. The products run over all T·B columns at once, in column blocks
/// that bound memory when K is a large vocabulary (K x block doubles at a time).
struct ReadOut {
    let weights: Parameter   // V, K x D
    let bias: Parameter      // c, K x 1

    /// Logits computed at a time (K x block columns): about 4 M doubles (32 MB).
    var blockElements = 1 << 22

    init(weights: Parameter, bias: Parameter) {
        self.weights = weights
        self.bias = bias
    }

    /// A cell's read-out at the start: V (K x D) Glorot-uniform, drawn from `g`, and c zero.
    init(glorotOutputs k: Int, features d: Int, using g: inout SeededGenerator) {
        let s = (6.0 / Double(d + k)).squareRoot()
        self.init(weights: Parameter(name: "V", matrix: Matrix.randomUniform(rows: k, cols: d, -s, s, using: &g)),
                  bias: Parameter(name: "c", rows: k, cols: 1, value: [Double](repeating: 0, count: k)))
    }

    var outputs: Int { weights.rows }
    var features: Int { weights.cols }

    /// Columns per block: at most `blockElements` logits; and when the features are
    /// larger than `cachedFeatureElements`, blocks of about `featureBlockElements`
    /// features, so that the three products of a block (logits, ∂V, ∂F) read a block of
    /// F that is still in cache, instead of streaming all of F from memory twice.
    /// Measured (complex urnn, H = 256, T = 1000, K = 9): 10-15% faster per step.
    func blockColumns(total: Int) -> Int {
        var columns = Swift.min(total, blockElements / Swift.max(1, outputs))
        if features * total > cachedFeatureElements {
            columns = Swift.min(columns, Swift.max(64, featureBlockElements / Swift.max(1, features)))
        }
        return Swift.max(1, columns)
    }
    var featureBlockElements = 1 << 16
    var cachedFeatureElements = 1 << 21

    /// What one evaluation of the read-out and its loss gives.
    struct Result {
        var summary: LossSummary
        /// ∂L/∂F (D x T·B), when asked for.
        var featureGradient: Matrix?
        /// ∂L/∂V and ∂L/∂c, when asked for.
        var weightGradient: [Double] = []
        var biasGradient: [Double] = []
        /// The outputs (K x T·B, or K x B for last-step targets), when asked for.
        var outputs: Matrix?
    }

    /// The loss of `features` (D x T·B) against `target`. The mean is taken over
    /// `normalizer` positions (the whole batch's, when a pass runs on part of it).
    /// The features of position j are column `columnOffset + j` of `f`, so a model can pass
    /// its states h_0…h_T with offset B instead of copying h_1…h_T.
    func loss(features f: Matrix, columnOffset: Int = 0, steps: Int, batch: Int, target: SequenceTarget, backward: Bool,
              normalizer: Int? = nil, keepOutputs: Bool = false) throws -> Result {
        guard f.rows == features, f.cols >= columnOffset + steps * batch else {
            throw ModelError.shape("read-out features are \(f.shapeDescription), expected \(features) rows")
        }
        switch target {
        case .symbols(let classes):
            return try crossEntropy(f, offset: columnOffset, steps: steps, batch: batch, classes: classes, backward: backward,
                                    normalizer: normalizer, keepOutputs: keepOutputs)
        case .lastStepClasses(let labels):
            return try lastStepCrossEntropy(f, offset: columnOffset, steps: steps, batch: batch, labels: labels,
                                            backward: backward, normalizer: normalizer, keepOutputs: keepOutputs)
        case .lastStep(let y):
            return try lastStepSquaredError(f, offset: columnOffset, steps: steps, batch: batch, target: y, backward: backward,
                                            normalizer: normalizer, keepOutputs: keepOutputs)
        }
    }

    /// C = V F[:, first..<first+cols] (+ nothing): the logits of a block, read in place.
    private func blockLogits(_ v: Matrix, _ f: Matrix, first: Int, cols: Int, into logits: inout Matrix) {
        let k = outputs, d = features
        let product = FixedShapeProduct(m: k, n: cols, k: d, lda: k, ldb: d, ldc: k, accumulate: false)
        v.elements.withUnsafeBufferPointer { pv in
            f.elements.withUnsafeBufferPointer { pf in
                logits.elements.withUnsafeMutableBufferPointer { pl in
                    product(pv.baseAddress!, pf.baseAddress! + first * d, pl.baseAddress!)
                }
            }
        }
    }

    private func crossEntropy(_ f: Matrix, offset: Int, steps: Int, batch: Int, classes: [[Int]], backward: Bool,
                              normalizer: Int?, keepOutputs: Bool) throws -> Result {
        let k = outputs, d = features, n = steps * batch
        guard classes.count == steps, classes.allSatisfy({ $0.count == batch }) else {
            throw ModelError.shape("targets are \(classes.count) steps, inputs \(steps)")
        }
        var counted = 0
        var flat = [Int](repeating: -1, count: n)
        for (t, row) in classes.enumerated() {
            for (b, c) in row.enumerated() {
                guard c >= -1 && c < k else { throw ModelError.shape("target class \(c) outside 0..<\(k)") }
                if c >= 0 { counted += 1 }
                flat[t * batch + b] = c
            }
        }
        var result = Result(summary: LossSummary())
        result.summary.count = counted
        result.summary.positions = PositionScores(length: steps)
        if backward {
            // Every column is written below (one block of dlogits each).
            result.featureGradient = Matrix(rows: d, cols: n, elements: ScratchArrays.take(d * n, zeroed: false))
            result.weightGradient = [Double](repeating: 0, count: k * d)
            result.biasGradient = [Double](repeating: 0, count: k)
        }
        if keepOutputs { result.outputs = Matrix(rows: k, cols: n) }
        let v = weights.matrix
        let vt = backward ? v.transposed() : v  // Vᵀ for ∂F = Vᵀ ∂Y, formed once
        let total = normalizer ?? counted
        let scale = total > 0 ? 1.0 / Double(total) : 0
        var start = 0
        let block = blockColumns(total: n)
        while start < n {
            let cols = Swift.min(block, n - start)
            // Every element is written by the product (beta = 0).
            var logits = Matrix(rows: k, cols: cols, elements: ScratchArrays.take(k * cols, zeroed: false))
            defer { ScratchArrays.give(&logits.elements) }
            blockLogits(v, f, first: offset + start, cols: cols, into: &logits)
            var lossSum = 0.0, correct = 0, top5 = 0
            var positions = result.summary.positions
            logits.elements.withUnsafeMutableBufferPointer { lp in
                bias.value.withUnsafeBufferPointer { cp in
                    for j in 0..<cols {
                        let target = flat[start + j]
                        let base = j * k
                        let column = lp.baseAddress! + base
                        let mx = addBiasAndMax(column, cp.baseAddress!, k)
                        if keepOutputs {
                            for i in 0..<k { result.outputs!.elements[(start + j) * k + i] = lp[base + i] }
                        }
                        if target < 0 {
                            for i in 0..<k { lp[base + i] = 0 }
                            continue
                        }
                        let tl = lp[base + target]
                        let (sum, above) = exponentiate(column, k, minus: mx, countAbove: tl)
                        let loss = Foundation.log(sum) + mx - tl
                        lossSum += loss
                        positions.add(position: (start + j) / batch, loss: loss, isCorrect: above == 0)
                        if above == 0 { correct += 1 }
                        if above < 5 { top5 += 1 }
                        // The logits become ∂L/∂logits = (softmax − onehot) / normaliser.
                        let inv = scale / sum
                        for i in 0..<k { lp[base + i] *= inv }
                        lp[base + target] -= scale
                    }
                }
            }
            result.summary.lossSum += lossSum
            result.summary.correct += correct
            result.summary.top5Correct += top5
            result.summary.positions = positions
            if backward {
                accumulateBlockGradients(dlogits: logits, features: f, first: offset + start, vt: vt, start: start, into: &result)
            }
            start += cols
        }
        return result
    }

    /// The cross-entropy of the last step's outputs against one class per sequence: the
    /// per-step cross-entropy on the last B columns only; ∂L/∂F is zero at every other step.
    private func lastStepCrossEntropy(_ f: Matrix, offset: Int, steps: Int, batch: Int, labels: [Int], backward: Bool,
                                      normalizer: Int?, keepOutputs: Bool) throws -> Result {
        guard labels.count == batch else { throw ModelError.shape("\(labels.count) class targets for \(batch) sequences") }
        guard steps > 0 else { throw ModelError.shape("a sequence needs at least one step") }
        let start = (steps - 1) * batch
        var result = try crossEntropy(f, offset: offset + start, steps: 1, batch: batch, classes: [labels], backward: backward,
                                      normalizer: normalizer ?? batch, keepOutputs: keepOutputs)
        if backward, var last = result.featureGradient {
            let d = features, n = steps * batch
            var full = Matrix(rows: d, cols: n, elements: ScratchArrays.take(d * n, zeroed: true))
            full.elements.withUnsafeMutableBufferPointer { pf in
                last.elements.withUnsafeBufferPointer { pl in
                    (pf.baseAddress! + start * d).update(from: pl.baseAddress!, count: d * batch)
                }
            }
            ScratchArrays.give(&last.elements)
            result.featureGradient = full
        }
        return result
    }

    private func lastStepSquaredError(_ f: Matrix, offset: Int, steps: Int, batch: Int, target: Matrix, backward: Bool,
                                      normalizer: Int?, keepOutputs: Bool) throws -> Result {
        let k = outputs, d = features, n = steps * batch
        guard target.rows == k, target.cols == batch else {
            throw ModelError.shape("regression target is \(target.shapeDescription), outputs are \(k)x\(batch)")
        }
        guard steps > 0 else { throw ModelError.shape("a sequence needs at least one step") }
        let start = (steps - 1) * batch
        var y = Matrix(rows: k, cols: batch)
        blockLogits(weights.matrix, f, first: offset + start, cols: batch, into: &y)
        for j in 0..<batch { for i in 0..<k { y[i, j] += bias.value[i] } }
        var result = Result(summary: LossSummary())
        if keepOutputs { result.outputs = y }
        result.summary.count = batch
        let diff = y - target
        // Mean over examples of the squared error summed over outputs.
        result.summary.lossSum = diff.elements.reduce(0) { $0 + $1 * $1 }
        guard backward else { return result }
        result.featureGradient = Matrix(rows: d, cols: n, elements: ScratchArrays.take(d * n, zeroed: true))
        result.weightGradient = [Double](repeating: 0, count: k * d)
        result.biasGradient = [Double](repeating: 0, count: k)
        let dy = diff * (2.0 / Double(normalizer ?? batch))
        accumulateBlockGradients(dlogits: dy, features: f, first: offset + start, vt: weights.matrix.transposed(), start: start,
                                 into: &result)
        return result
    }

    /// x += c over k logits, returning their maximum (eight lanes at a time).
    private func addBiasAndMax(_ x: UnsafeMutablePointer<Double>, _ c: UnsafePointer<Double>, _ k: Int) -> Double {
        typealias Lanes = VectorMath.Lanes
        var top = Lanes(repeating: -.infinity)
        var i = 0
        while i + Lanes.scalarCount <= k {
            let v = load8(x + i) + load8(c + i)
            store8(v, x + i)
            top.replace(with: v, where: v .> top)
            i += Lanes.scalarCount
        }
        var mx = top.max()
        while i < k {
            x[i] += c[i]
            mx = Swift.max(mx, x[i])
            i += 1
        }
        return mx
    }

    /// x ← e^(x − m) over k logits (VectorMath's exp kernel, eight lanes at a time),
    /// returning the sum of the results and how many of the logits were above `t`.
    private func exponentiate(_ x: UnsafeMutablePointer<Double>, _ k: Int, minus m: Double,
                              countAbove t: Double) -> (sum: Double, above: Int) {
        typealias Lanes = VectorMath.Lanes
        var sums = Lanes(repeating: 0)
        var above = SIMD8<Int64>(repeating: 0)
        var i = 0
        while i + Lanes.scalarCount <= k {
            let v = load8(x + i)
            above &+= SIMD8<Int64>(repeating: 0).replacing(with: 1, where: v .> Lanes(repeating: t))
            let e = VectorMath.expKernel(v - m)
            store8(e, x + i)
            sums += e
            i += Lanes.scalarCount
        }
        var sum = sums.sum()
        var count = Int(above.wrappedSum())
        if i < k {
            var rest = Lanes(repeating: -.infinity)
            for j in 0..<(k - i) { rest[j] = x[i + j] }
            let e = VectorMath.expKernel(rest - m)  // e^(−inf) = 0 in the padding
            for j in 0..<(k - i) {
                if x[i + j] > t { count += 1 }
                x[i + j] = e[j]
                sum += e[j]
            }
        }
        return (sum, count)
    }

    /// dV += dY Fᵀ, dc += row sums of dY, dF[:, block] = Vᵀ dY (Vᵀ given, D x K).
    private func accumulateBlockGradients(dlogits: Matrix, features fb: Matrix, first: Int, vt: Matrix, start: Int,
                                          into r: inout Result) {
        let k = dlogits.rows, d = vt.rows, cols = dlogits.cols
        r.weightGradient.withUnsafeMutableBufferPointer { pg in
            dlogits.elements.withUnsafeBufferPointer { pd in
                fb.elements.withUnsafeBufferPointer { pf in
                    FixedShapeProduct(m: k, n: d, k: cols, lda: k, ldb: d, ldc: k, transposesB: true, accumulate: true)(
                        pd.baseAddress!, pf.baseAddress! + first * d, pg.baseAddress!)
                }
            }
        }
        dlogits.elements.withUnsafeBufferPointer { pd in
            for j in 0..<cols { for i in 0..<k { r.biasGradient[i] += pd[j * k + i] } }
        }
        r.featureGradient!.elements.withUnsafeMutableBufferPointer { pdf in
            vt.elements.withUnsafeBufferPointer { pvt in
                dlogits.elements.withUnsafeBufferPointer { pd in
                    FixedShapeProduct(m: d, n: cols, k: k, lda: d, ldb: k, ldc: d, accumulate: false)(
                        pvt.baseAddress!, pd.baseAddress!, pdf.baseAddress! + start * d)
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
