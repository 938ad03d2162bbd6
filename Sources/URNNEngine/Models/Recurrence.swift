import Foundation

/// The recurrent matrix of a real cell as a parametrisation: it yields W, turns
/// ∂L/∂W into gradients of its own parameters, and applies its update rule. The
/// cell that holds it does not know which one it is.
protocol RealRecurrence: AnyObject {
    /// The tensors the trainer sees.
    var parameters: [Parameter] { get }
    /// The current W (H x H).
    var matrix: Matrix { get }
    /// The generator A when there is one (W = exp(A)).
    var generator: Matrix? { get }
    /// Recomputes W after the optimizer changed the parameters.
    func refresh() throws
    /// Stores the gradient of the parameters given G = ∂L/∂W.
    func setGradient(fromMatrixGradient g: Matrix) throws
    /// Applies the rule's own update to `.retracted` parameters at `learningRate`.
    func applyRule(learningRate: Double) throws
}

/// A dense W trained without constraint: the vanilla RNN, and the `free` control.
final class DenseRecurrence: RealRecurrence {
    let w: Parameter
    init(_ w0: Matrix, role: Parameter.Role) { w = Parameter(name: "W", matrix: w0, role: role) }
    var parameters: [Parameter] { [w] }
    var matrix: Matrix { w.matrix }
    var generator: Matrix? { nil }
    func refresh() throws {}
    func setGradient(fromMatrixGradient g: Matrix) throws { w.gradient = g.elements }
    func applyRule(learningRate: Double) throws {
        guard w.role == .retracted else { return }
        for k in w.value.indices { w.value[k] -= learningRate * w.gradient[k] }
    }
}

/// W = exp(A) with A skew-symmetric, under one of the rules exact, seed, cayley,
/// geodesic.
final class ExpSkewRecurrence: RealRecurrence {
    let rule: UpdateRule
    let n: Int
    /// exact: the strict upper triangle of A (n(n−1)/2 values, column by column);
    /// seed: A in full (n x n); cayley/geodesic: W in full.
    let state: Parameter
    private(set) var matrix: Matrix

    init(generator a0: Matrix, rule: UpdateRule) throws {
        precondition(rule != .free, "the free rule is a DenseRecurrence")
        self.rule = rule
        n = a0.rows
        switch rule {
        case .exact:
            state = Parameter(name: "A", rows: n * (n - 1) / 2, cols: 1, role: .recurrent,
                              value: ExpSkewRecurrence.packUpper(a0))
        case .seed:
            state = Parameter(name: "A", matrix: a0, role: .retracted)
        default:
            state = Parameter(name: "W", matrix: try expm(a0), role: .retracted)
        }
        matrix = Matrix(rows: 0, cols: 0)  // computed by refresh() just below
        try refresh()
    }

    var parameters: [Parameter] { [state] }
    /// The state W was last computed from: the trainer refreshes after every rule and
    /// optimizer step, and a rule that already refreshed need not pay for exp(A) twice.
    private var refreshedFrom: [Double] = []
    /// exp(A) with the terms its gradient at the same A reuses (rule exact), for the A
    /// of `refreshedFrom`.
    private var expTerms: ExpmWithTerms<Double>?

    /// Threads for the n x n products of exp(A) and its gradient, which run while the
    /// training passes wait (`BLASThreads.splittingProducts`): from n = 256; at n = 128
    /// the split neither gained nor lost in scripts/bench/train.
    private var matrixThreads: Int { n >= 256 ? Parallelism.threads : 1 }

    var generator: Matrix? {
        switch rule {
        case .exact: return ExpSkewRecurrence.unpackSkew(state.value, n)
        case .seed: return state.matrix
        default: return nil
        }
    }

    func refresh() throws {
        if state.value == refreshedFrom { return }
        try BLASThreads.splittingProducts(over: matrixThreads) {
            expTerms = nil
            switch rule {
            case .exact:
                let terms = try ExpmWithTerms(ExpSkewRecurrence.unpackSkew(state.value, n))
                matrix = terms.exp
                expTerms = terms
            case .seed: matrix = try expm(state.matrix)
            default: matrix = state.matrix
            }
        }
        refreshedFrom = state.value
    }

    func setGradient(fromMatrixGradient g: Matrix) throws {
        switch rule {
        case .exact:
            // ∂L/∂A = L(Aᵀ, G); A's free entries a_ij (i < j) enter as +a_ij at (i, j)
            // and −a_ij at (j, i).
            let ga = try BLASThreads.splittingProducts(over: matrixThreads) {
                if let expTerms, state.value == refreshedFrom { return try expTerms.adjointGradient(g) }
                return try expmFrechetAdjoint(ExpSkewRecurrence.unpackSkew(state.value, n), g).gradient
            }
            var k = 0
            for j in 0..<n { for i in 0..<j { state.gradient[k] = ga[i, j] - ga[j, i]; k += 1 } }
        default:
            state.gradient = g.elements
        }
    }

    func applyRule(learningRate lr: Double) throws {
        guard rule != .exact else { return }
        let w = matrix
        let g = state.gradientMatrix
        // M = G Wᵀ − W Gᵀ.
        var m = DenseMatrix.product(g, .none, w, .transpose)
        DenseMatrix.gemm(w, .none, g, .transpose, alpha: -1, beta: 1, into: &m)
        switch rule {
        case .seed:
            var a = state.matrix
            a.add(m, scaledBy: -lr)
            state.value = a.elements
        case .cayley:
            let lhs = m * (lr / 2)
            let numerator = (Matrix.identity(n) - lhs) * w
            state.value = try lhs.addingIdentity(scaledBy: 1).solve(numerator).elements
        case .geodesic:
            state.value = try BLASThreads.splittingProducts(over: matrixThreads) { (try expm(m * -lr) * w).elements }
        default:
            break
        }
        try refresh()
    }

    static func packUpper(_ a: Matrix) -> [Double] {
        var v: [Double] = []
        v.reserveCapacity(a.rows * (a.rows - 1) / 2)
        for j in 0..<a.cols { for i in 0..<j { v.append(a[i, j]) } }
        return v
    }

    static func unpackSkew(_ v: [Double], _ n: Int) -> Matrix {
        var a = Matrix(rows: n, cols: n)
        var k = 0
        for j in 0..<n { for i in 0..<j { a[i, j] = v[k]; a[j, i] = -v[k]; k += 1 } }
        return a
    }
}

/// Initial generators and matrices.
enum RecurrentInit {
    /// A skew-symmetric generator drawn as `kind` says.
    static func skewGenerator(_ kind: GeneratorInit, n: Int, using g: inout SeededGenerator) -> Matrix {
        var a = Matrix(rows: n, cols: n)
        switch kind {
        case .zero:
            break
        case .random:
            let x = Matrix.randomNormal(rows: n, cols: n, std: 1 / Double(n).squareRoot(), using: &g)
            a = (x - x.transposed()) * 0.5
        case .henaff, .cayley:
            for b in stride(from: 0, to: n - 1, by: 2) {
                let s: Double
                if kind == .henaff {
                    s = g.uniform(-Double.pi, Double.pi)
                } else {
                    let u = g.uniform(0, Double.pi / 2)
                    s = -((1 - cos(u)) / (1 + cos(u))).squareRoot()
                }
                a[b, b + 1] = s
                a[b + 1, b] = -s
            }
        }
        return a
    }

    /// A Haar-random orthogonal matrix: Q of the QR factorisation of a Gaussian
    /// matrix, with the signs fixed by R's diagonal (Mezzadri 2007).
    static func orthogonal(n: Int, using g: inout SeededGenerator) throws -> Matrix {
        let x = Matrix.randomNormal(rows: n, cols: n, using: &g)
        return try householderQ(x)
    }

    /// Q of X = QR by Householder reflections, with diag(R) made positive.
    static func householderQ(_ x: Matrix) throws -> Matrix {
        let n = x.rows
        var r = x
        var q = Matrix.identity(n)
        for k in 0..<n {
            var v = [Double](repeating: 0, count: n)
            var norm = 0.0
            for i in k..<n { v[i] = r[i, k]; norm += v[i] * v[i] }
            norm = norm.squareRoot()
            if norm == 0 { continue }
            let alpha = v[k] > 0 ? -norm : norm
            v[k] -= alpha
            let vnorm2 = v.reduce(0) { $0 + $1 * $1 }
            if vnorm2 == 0 { continue }
            // R ← (I − 2vvᵀ/‖v‖²) R, Q ← Q (I − 2vvᵀ/‖v‖²).
            for j in 0..<n {
                var s = 0.0
                for i in k..<n { s += v[i] * r[i, j] }
                s *= 2 / vnorm2
                for i in k..<n { r[i, j] -= s * v[i] }
            }
            for i in 0..<n {
                var s = 0.0
                for l in k..<n { s += q[i, l] * v[l] }
                s *= 2 / vnorm2
                for l in k..<n { q[i, l] -= s * v[l] }
            }
        }
        for j in 0..<n where r[j, j] < 0 {
            for i in 0..<n { q[i, j] = -q[i, j] }
        }
        return q
    }
}
