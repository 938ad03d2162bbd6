import Foundation

/// The optimizers of the field, with PyTorch's defaults and update formulas, so
/// hyper-parameters carry over from papers.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    /// v ← μ v + g, θ ← θ − lr v.
    case sgd
    /// s ← α s + (1 − α) g², θ ← θ − lr g / (√s + ε), α = 0.99.
    case rmsprop
    /// Adam (Kingma & Ba 2015), bias-corrected, β = (0.9, 0.999).
    case adam
}

/// An optimizer's settings and per-parameter state (saved in checkpoints).
public struct Optimizer: Codable, Sendable, Equatable {
    public var kind: OptimizerKind
    public var momentum: Double
    public var alpha = 0.99
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    /// Updates taken so far (Adam's bias correction counts them).
    public internal(set) var stepCount = 0
    /// First and second moment buffers by parameter name (saved in checkpoints).
    var first: [String: [Double]] = [:]
    var second: [String: [Double]] = [:]

    enum CodingKeys: String, CodingKey { case kind, momentum, alpha, beta1, beta2, epsilon, stepCount }

    public init(kind: OptimizerKind, momentum: Double = 0) {
        self.kind = kind
        self.momentum = momentum
    }

    /// One update of every parameter whose role is not `.retracted`: `.recurrent`
    /// tensors at `recurrentLearningRate`, the rest at `learningRate`.
    public mutating func step(_ parameters: [Parameter], learningRate: Double, recurrentLearningRate: Double) {
        stepCount += 1
        for p in parameters where p.role != .retracted {
            let lr = p.role == .recurrent ? recurrentLearningRate : learningRate
            update(p, lr: lr)
        }
    }

    private mutating func update(_ p: Parameter, lr: Double) {
        let n = p.count
        switch kind {
        case .sgd:
            if momentum == 0 {
                for k in 0..<n { p.value[k] -= lr * p.gradient[k] }
                return
            }
            var v = first[p.name] ?? [Double](repeating: 0, count: n)
            for k in 0..<n {
                v[k] = momentum * v[k] + p.gradient[k]
                p.value[k] -= lr * v[k]
            }
            first[p.name] = v
        case .rmsprop:
            var s = second[p.name] ?? [Double](repeating: 0, count: n)
            for k in 0..<n {
                let g = p.gradient[k]
                s[k] = alpha * s[k] + (1 - alpha) * g * g
                p.value[k] -= lr * g / (s[k].squareRoot() + epsilon)
            }
            second[p.name] = s
        case .adam:
            var m = first[p.name] ?? [Double](repeating: 0, count: n)
            var v = second[p.name] ?? [Double](repeating: 0, count: n)
            let c1 = 1 - pow(beta1, Double(stepCount)), c2 = 1 - pow(beta2, Double(stepCount))
            for k in 0..<n {
                let g = p.gradient[k]
                m[k] = beta1 * m[k] + (1 - beta1) * g
                v[k] = beta2 * v[k] + (1 - beta2) * g * g
                p.value[k] -= lr * (m[k] / c1) / ((v[k] / c2).squareRoot() + epsilon)
            }
            first[p.name] = m
            second[p.name] = v
        }
    }
}
