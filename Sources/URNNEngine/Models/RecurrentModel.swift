import Numerics

/// The hidden state carried between windows.
public enum HiddenState: Sendable {
    case real(Matrix)                 // H x B
    case complex(ComplexMatrix)       // H x B
    case lstm(h: Matrix, c: Matrix)   // H x B each

    public var batchSize: Int {
        switch self {
        case .real(let h): return h.cols
        case .complex(let h): return h.cols
        case .lstm(let h, _): return h.cols
        }
    }
}

/// A recurrent matrix for inspection: eigenvalues, singular values, unitarity.
public enum RecurrentMatrix: Sendable {
    case real(Matrix)
    case complex(ComplexMatrix)

    public var size: Int {
        switch self {
        case .real(let m): return m.rows
        case .complex(let m): return m.rows
        }
    }

    public func eigenvalues() throws -> [Complex<Double>] {
        switch self {
        case .real(let m): return try m.eigenvalues()
        case .complex(let m): return try m.eigenvalues()
        }
    }

    public func singularValues() throws -> [Double] {
        switch self {
        case .real(let m): return try m.singularValues()
        case .complex(let m): return try m.singularValues()
        }
    }

    public func unitarityError() throws -> Double {
        switch self {
        case .real(let m): return try URNNEngine.unitarityError(m)
        case .complex(let m): return try URNNEngine.unitarityError(m)
        }
    }
}

/// What a run over one batch asks for.
public struct RunOptions: Sendable {
    /// Compute gradients (into the parameters' `gradient`).
    public var backward: Bool
    /// Truncated BPTT: gradients do not cross boundaries of chunks of this many steps.
    public var truncation: Int?
    /// Record ‖∂L/∂h_t‖_F for every t.
    public var recordGradientFlow: Bool
    /// Return the outputs (K x T·B logits, or K x B for last-step targets).
    public var keepOutputs: Bool

    public init(backward: Bool, truncation: Int? = nil, recordGradientFlow: Bool = false, keepOutputs: Bool = false) {
        self.backward = backward
        self.truncation = truncation
        self.recordGradientFlow = recordGradientFlow
        self.keepOutputs = keepOutputs
    }
}

/// What a run over one batch returns.
public struct RunResult: Sendable {
    public var summary: LossSummary
    public var finalState: HiddenState
    /// ‖∂L/∂h_t‖_F for t = 1…T (the mean loss over the batch), when recorded.
    public var gradientFlow: [Double]?
    public var outputs: Matrix?
}

/// The common protocol of every model: it maps a batch of sequences to per-step
/// outputs, runs backpropagation through time, exposes its parameters, its recurrent
/// matrix for inspection and its configuration for checkpoints.
public protocol RecurrentModel: AnyObject {
    var config: ModelConfig { get }
    /// Threads a pass splits its batch over, and the n x n products of its recurrent
    /// matrix between passes (default `Parallelism.defaultThreads`; the session's
    /// `set threads` sets it).
    var threads: Int { get set }
    /// Every trainable tensor, in a fixed order (checkpoints rely on it).
    var parameters: [Parameter] { get }
    /// Forward pass and, when asked, backward pass on one batch; `state` is the
    /// carried hidden state (nil: zeros).
    func run(_ batch: SequenceBatch, state: HiddenState?, options: RunOptions) throws -> RunResult
    /// Recomputes derived quantities (W = exp(A), ...) after parameters changed.
    func parametersDidChange() throws
    /// Applies the update rules that are not the optimizer's (seed, cayley, geodesic,
    /// free) to `.retracted` parameters, at `learningRate`.
    func applyRecurrentRules(learningRate: Double) throws
    /// W, the matrix that multiplies h_{t−1}.
    var recurrentMatrix: RecurrentMatrix { get }
    /// A with W = exp(A), when the model has one.
    var generator: RecurrentMatrix? { get }
}

extension RecurrentModel {
    /// Total number of real scalars in the parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    public func zeroGradients() { for p in parameters { p.zeroGradient() } }
}

