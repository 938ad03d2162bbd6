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
    /// h = act(z) over an H x B block (column-major); `bias` is modReLU's b (length H).
    func forward(_ z: UnsafePointer<Double>, into h: UnsafeMutablePointer<Double>, rows: Int, cols: Int, bias: [Double]) {
        let n = rows * cols
        switch self {
        case .tanh:
            // Vectorised: glibc's tanh element by element is a large share of a step.
            h.update(from: z, count: n)
            VectorMath.tanh(UnsafeMutableBufferPointer(start: h, count: n))
        case .relu:
            for k in 0..<n { h[k] = Swift.max(0, z[k]) }
        case .sigmoid:
            h.update(from: z, count: n)
            VectorMath.sigmoid(UnsafeMutableBufferPointer(start: h, count: n))
        case .modrelu:
            bias.withUnsafeBufferPointer { pb in
                for j in 0..<cols {
                    let base = j * rows
                    // Eight units at a time without branches (the signs of z are random,
                    // and a branch on them mispredicts half the time), then the rest.
                    var start = 0
                    while start + 8 <= rows {
                        let x = load8(z + base + start)
                        var m = VectorMath.magnitude(x) + load8(pb.baseAddress! + start)
                        m.replace(with: 0, where: .!(m .> 0))
                        store8(sign8(x) * m, h + base + start)
                        start += 8
                    }
                    for i in start..<rows {
                        let x = z[base + i], m = Swift.abs(x) + pb[i]
                        h[base + i] = m > 0 ? (x > 0 ? m : (x < 0 ? -m : 0)) : 0
                    }
                }
            }
        }
    }

    /// Given z, h = act(z) and ∂L/∂h, writes ∂L/∂z and accumulates ∂L/∂b into `biasGradient`.
    func backward(z: UnsafePointer<Double>, h: UnsafePointer<Double>, dh: UnsafePointer<Double>,
                  into dz: UnsafeMutablePointer<Double>, rows: Int, cols: Int, bias: [Double], biasGradient: inout [Double]) {
        let n = rows * cols
        switch self {
        case .tanh:
            for k in 0..<n { dz[k] = dh[k] * (1 - h[k] * h[k]) }
        case .relu:
            for k in 0..<n { dz[k] = z[k] > 0 ? dh[k] : 0 }
        case .sigmoid:
            for k in 0..<n { dz[k] = dh[k] * h[k] * (1 - h[k]) }
        case .modrelu:
            // h = z + sign(z) b where |z| + b > 0, else 0:
            // ∂h/∂z = 1 and ∂h/∂b = sign(z) there, both 0 elsewhere.
            bias.withUnsafeBufferPointer { pb in
                biasGradient.withUnsafeMutableBufferPointer { pg in
                    for j in 0..<cols {
                        let base = j * rows
                        // Eight units at a time without branches, then the rest.
                        var start = 0
                        while start + 8 <= rows {
                            let x = load8(z + base + start)
                            var d = load8(dh + base + start)
                            d.replace(with: 0, where: .!(VectorMath.magnitude(x) + load8(pb.baseAddress! + start) .> 0))
                            store8(d, dz + base + start)
                            store8(load8(pg.baseAddress! + start) + sign8(x) * d, pg.baseAddress! + start)
                            start += 8
                        }
                        for i in start..<rows {
                            let x = z[base + i], d = dh[base + i]
                            if Swift.abs(x) + pb[i] > 0 {
                                dz[base + i] = d
                                pg[i] += x > 0 ? d : (x < 0 ? -d : 0)
                            } else {
                                dz[base + i] = 0
                            }
                        }
                    }
                }
            }
        }
    }
}

/// sign(x) lane by lane: 1, −1, or 0 (for ±0 and NaN).
@inline(__always)
private func sign8(_ x: SIMD8<Double>) -> SIMD8<Double> {
    SIMD8<Double>(repeating: 0).replacing(with: 1, where: x .> 0).replacing(with: -1, where: x .< 0)
}
