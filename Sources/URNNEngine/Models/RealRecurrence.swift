import Foundation

/// What every parametrisation of a recurrent matrix offers the cell and the trainer,
/// whatever the field: the tensors, W recomputed after a change, and the rule's own step.
protocol RecurrentParametrisation: AnyObject {
    /// The tensors the trainer sees.
    var parameters: [Parameter] { get }
    /// Threads for the products of W and its gradient between passes (the model's).
    var threads: Int { get set }
    /// Recomputes W (or what the passes need of it) after the parameters changed.
    func refresh() throws
    /// Applies the rule's own update to `.retracted` parameters at `learningRate`.
    func applyRule(learningRate: Double) throws
}

/// The recurrent matrix of a real cell as a parametrisation: it yields W, turns
/// ∂L/∂W into gradients of its own parameters, and applies its update rule. The
/// cell that holds it does not know which one it is.
protocol RealRecurrence: RecurrentParametrisation {
    /// The current W (H x H).
    var matrix: Matrix { get }
    /// The generator A when there is one (W = exp(A)).
    var generator: Matrix? { get }
    /// Stores the gradient of the parameters given G = ∂L/∂W.
    func setGradient(fromMatrixGradient g: Matrix) throws
}

/// A dense W trained by the optimizer without constraint: the vanilla RNN.
final class DenseRecurrence: RealRecurrence {
    let w: Parameter
    init(_ w0: Matrix) { w = Parameter(name: "W", matrix: w0, role: .recurrent) }
    var threads = 1
    var parameters: [Parameter] { [w] }
    var matrix: Matrix { w.matrix }
    var generator: Matrix? { nil }
    func refresh() throws {}
    func setGradient(fromMatrixGradient g: Matrix) throws { w.gradient = g.elements }
    func applyRule(learningRate: Double) throws {}
}

