import Numerics

/// The recurrent matrix of a unitary cell over either field: W = exp(A) (or W itself)
/// kept unitary by an update rule (`RecurrenceRule`, one type per rule under
/// `Models/Rules/`), which owns the parameters, forms W, turns ∂L/∂W into their
/// gradients and takes its own step. The real cell sees it as a `RealRecurrence`, the
/// complex cell as a `DenseComplexRecurrence`.
final class ExpRecurrence<F: UnitaryField> {
    let rule: any RecurrenceRule<F>
    let n: Int
    /// W as last formed from the rule's parameters.
    private(set) var matrix: DenseMatrix<F>
    /// The parameter values `matrix` was formed from: a training step refreshes after the
    /// rule's step and again after the optimizer's, and need not pay for exp(A) twice.
    /// Unchanged arrays share storage, so the comparison is usually a pointer check.
    private var formedFrom: [[Double]] = []
    /// Threads for the n x n products of W, its gradient and the rules' steps.
    var threads = Parallelism.defaultThreads

    /// The recurrence `rule` makes from the initial generator A₀ (n x n, skew).
    init(generator a0: DenseMatrix<F>, rule name: UpdateRule) throws {
        guard let kind = UpdateRules.kind(named: name.rawValue) else {
            throw ModelError.invalidOption("unknown update rule '\(name.rawValue)'")
        }
        n = a0.rows
        rule = try kind.make(generator: a0)
        matrix = DenseMatrix(rows: 0, cols: 0)  // formed by refresh() just below
        try refresh()
    }

    private var matrixThreads: Int { n >= F.splitProductsFrom ? threads : 1 }

    var parameters: [Parameter] { rule.parameters }
    var generator: DenseMatrix<F>? { rule.generator }

    /// Forms W again when the parameters changed.
    func refresh() throws {
        let current = rule.parameters.map(\.value)
        if current == formedFrom { return }
        matrix = try BLASThreads.splittingProducts(over: matrixThreads) { try rule.formMatrix() }
        formedFrom = current
    }

    /// Stores the parameters' gradients given G = ∂L/∂W.
    func setGradient(fromMatrixGradient g: DenseMatrix<F>) throws {
        try BLASThreads.splittingProducts(over: matrixThreads) { try rule.setGradient(fromMatrixGradient: g) }
    }

    /// The rule's own step at `learningRate`, then W formed afresh.
    func applyRule(learningRate: Double) throws {
        try BLASThreads.splittingProducts(over: matrixThreads) { try rule.step(learningRate: learningRate, matrix: matrix) }
        try refresh()
    }
}

extension ExpRecurrence: RecurrentParametrisation {}
extension ExpRecurrence: RealRecurrence where F == Double {}
extension ExpRecurrence: ComplexRecurrence, DenseComplexRecurrence where F == Complex<Double> {}
