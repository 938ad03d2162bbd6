/// One update rule of W = exp(A) as a strategy: it owns the tensors the trainer sees,
/// forms W from them, turns G = ∂L/∂W into their gradients, and takes its own step
/// when the optimizer does not move them. `ExpRecurrence` holds one and does not know
/// which; the same rule type serves both fields.
///
/// Gradients of complex quantities follow `Parameter`'s convention, ĝ = ∂L/∂Re + i ∂L/∂Im.
protocol RecurrenceRule<Field>: AnyObject {
    associatedtype Field: UnitaryField
    /// The tensors the trainer sees (their names are a checkpoint's).
    var parameters: [Parameter] { get }
    /// The generator A, when the rule keeps one.
    var generator: DenseMatrix<Field>? { get }
    /// W from the current parameters.
    func formMatrix() throws -> DenseMatrix<Field>
    /// Stores the parameters' gradients given G = ∂L/∂W at the W last formed.
    func setGradient(fromMatrixGradient g: DenseMatrix<Field>) throws
    /// The rule's own step at `learningRate` from W = `w` and the stored gradient; nothing
    /// for a rule whose parameters the optimizer moves. The caller forms W afresh after it.
    func step(learningRate: Double, matrix w: DenseMatrix<Field>) throws
}

/// An update rule as the registry lists it: its name, what it does and guarantees (for
/// `help rules`), and how to make its strategy for either field from the initial
/// generator A₀.
protocol UpdateRuleKind {
    /// The rule's name: the `rule=` value and what a checkpoint stores.
    static var name: String { get }
    /// What the rule does, in a sentence (for `help rules`).
    static var summary: String { get }
    /// What it guarantees of W's unitarity, in a sentence (for `help rules`).
    static var guarantee: String { get }
    /// The rule's state starting from W = exp(A₀).
    static func make<F: UnitaryField>(generator a0: DenseMatrix<F>) throws -> any RecurrenceRule<F>
}
