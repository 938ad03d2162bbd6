import Foundation

/// The pointwise nonlinearity of a real recurrent cell, h = act(z).
public enum Activation: String, Sendable, Codable, CaseIterable {
    case tanh, relu, sigmoid
    /// modReLU on reals: sign(z) relu(|z| + b), with a learned bias b per unit
    /// (Arjovsky et al. 2016). It keeps the sign and shifts the magnitude, so with
    /// b = 0 it is the identity and the recurrence is norm-preserving.
    case modrelu

    /// Whether the activation has a per-unit bias of its own (modReLU's b).
    public var hasBias: Bool { self == .modrelu }
}

extension Activation {
    /// h = act(z) over an H x B block; `bias` is modReLU's b (length H).
    func apply(_ z: Matrix, bias: [Double]) -> Matrix {
        var h = z
        let hRows = z.rows
        h.elements.withUnsafeMutableBufferPointer { p in
            switch self {
            case .tanh:
                for k in 0..<p.count { p[k] = Foundation.tanh(p[k]) }
            case .relu:
                for k in 0..<p.count { p[k] = Swift.max(0, p[k]) }
            case .sigmoid:
                for k in 0..<p.count { p[k] = 1 / (1 + Foundation.exp(-p[k])) }
            case .modrelu:
                for k in 0..<p.count {
                    let x = p[k], m = Swift.abs(x) + bias[k % hRows]
                    p[k] = m > 0 ? (x > 0 ? m : (x < 0 ? -m : 0)) : 0
                }
            }
        }
        return h
    }

    /// Given z, h = act(z) and dL/dh, returns dL/dz and accumulates dL/db into `biasGradient`.
    func backward(z: Matrix, h: Matrix, dh: Matrix, bias: [Double], biasGradient: inout [Double]) -> Matrix {
        var dz = dh
        let hRows = z.rows
        dz.elements.withUnsafeMutableBufferPointer { d in
            z.elements.withUnsafeBufferPointer { zp in
                h.elements.withUnsafeBufferPointer { hp in
                    switch self {
                    case .tanh:
                        for k in 0..<d.count { d[k] *= 1 - hp[k] * hp[k] }
                    case .relu:
                        for k in 0..<d.count where zp[k] <= 0 { d[k] = 0 }
                    case .sigmoid:
                        for k in 0..<d.count { d[k] *= hp[k] * (1 - hp[k]) }
                    case .modrelu:
                        // h = z + sign(z) b where |z| + b > 0, else 0:
                        // dh/dz = 1 and dh/db = sign(z) there, both 0 elsewhere.
                        for k in 0..<d.count {
                            let x = zp[k], i = k % hRows
                            if Swift.abs(x) + bias[i] > 0 {
                                biasGradient[i] += x > 0 ? d[k] : (x < 0 ? -d[k] : 0)
                            } else {
                                d[k] = 0
                            }
                        }
                    }
                }
            }
        }
        return dz
    }
}
