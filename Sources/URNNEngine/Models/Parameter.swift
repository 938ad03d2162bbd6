/// One parameter tensor of a model: its values, the gradient of the last backward
/// pass, and how the trainer updates it.
///
/// Complex tensors are stored as interleaved (re, im) pairs, the memory layout of
/// `Complex<Double>`; their gradient holds ∂L/∂re + i ∂L/∂im in the same layout
/// (for a real loss L this is 2 ∂L/∂z̄, the direction of steepest ascent), so every
/// optimizer treats a complex parameter as two real ones.
public final class Parameter {
    /// How the trainer treats a tensor.
    public enum Role: String, Sendable, Codable {
        /// An ordinary tensor: the optimizer at the base learning rate.
        case standard
        /// A recurrent tensor updated by the optimizer at `lr_w`.
        case recurrent
        /// A recurrent tensor updated by its parametrisation's own rule (seed, cayley,
        /// geodesic, free) at `lr_w`, not by the optimizer.
        case retracted
    }

    public let name: String
    /// The tensor's shape as rows x cols (complex tensors count complex entries).
    public let rows: Int, cols: Int
    public let isComplex: Bool
    public var role: Role
    public var value: [Double]
    public var gradient: [Double]

    public init(name: String, rows: Int, cols: Int, isComplex: Bool = false, role: Role = .standard, value: [Double]) {
        precondition(value.count == rows * cols * (isComplex ? 2 : 1), "parameter \(name): wrong element count")
        self.name = name
        self.rows = rows
        self.cols = cols
        self.isComplex = isComplex
        self.role = role
        self.value = value
        self.gradient = [Double](repeating: 0, count: value.count)
    }

    public convenience init(name: String, matrix: Matrix, role: Role = .standard) {
        self.init(name: name, rows: matrix.rows, cols: matrix.cols, role: role, value: matrix.elements)
    }

    /// The values as a real matrix (shares storage until either side changes).
    public var matrix: Matrix { Matrix(rows: rows, cols: cols, elements: value) }
    public var gradientMatrix: Matrix { Matrix(rows: rows, cols: cols, elements: gradient) }

    /// Number of real scalars.
    public var count: Int { value.count }

    public func zeroGradient() {
        for k in gradient.indices { gradient[k] = 0 }
    }
}
