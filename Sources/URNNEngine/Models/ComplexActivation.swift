import Foundation
import Numerics

// The nonlinearity of a complex recurrent cell, h = act(z), z, h in C^H.
//
// Gradients follow the convention of `Parameter`: for the real loss L, the gradient
// of a complex quantity z is ĝ = ∂L/∂Re z + i ∂L/∂Im z (= 2 ∂L/∂z̄). Then a first-order
// change is dL = Re(conj(ĝ) dz), and every backward below is read off that identity.

/// Why modReLU needs an epsilon: the phase z/|z| is undefined at z = 0 and its
/// derivative grows like 1/|z|. With r = sqrt(|z|² + ε²) the map is smooth
/// everywhere, equals the textbook modReLU to relative order ε²/|z|² away from 0, and
/// sends z = 0 to 0. ε is far below any pre-activation that carries information.
let modReLUEpsilon = 1e-8

extension Activation {
    /// h = act(z) over an H x B complex block. modReLU acts on the modulus,
    /// z/r · relu(r + b) with r = sqrt(|z|² + ε²) and b real per unit (Arjovsky et al.
    /// 2016); tanh, relu and sigmoid act on the real and imaginary parts separately.
    func applyComplex(_ z: ComplexMatrix, bias: [Double]) -> ComplexMatrix {
        var h = z
        let hRows = z.rows
        h.elements.withUnsafeMutableBufferPointer { p in
            for k in 0..<p.count {
                let x = p[k]
                switch self {
                case .modrelu:
                    let r = (x.real * x.real + x.imaginary * x.imaginary + modReLUEpsilon * modReLUEpsilon).squareRoot()
                    let m = r + bias[k % hRows]
                    // h = z (r + b)/r where r + b > 0.
                    let s = m / r
                    p[k] = m > 0 ? Complex(x.real * s, x.imaginary * s) : .zero
                case .tanh:
                    p[k] = Complex(Foundation.tanh(x.real), Foundation.tanh(x.imaginary))
                case .relu:
                    p[k] = Complex(Swift.max(0, x.real), Swift.max(0, x.imaginary))
                case .sigmoid:
                    p[k] = Complex(1 / (1 + Foundation.exp(-x.real)), 1 / (1 + Foundation.exp(-x.imaginary)))
                }
            }
        }
        return h
    }

    /// Given z, h = act(z) and ĝ_h, returns ĝ_z and accumulates ∂L/∂b (modReLU's real
    /// bias) into `biasGradient`.
    func backwardComplex(z: ComplexMatrix, h: ComplexMatrix, dh: ComplexMatrix, bias: [Double],
                         biasGradient: inout [Double]) -> ComplexMatrix {
        var dz = dh
        let hRows = z.rows
        dz.elements.withUnsafeMutableBufferPointer { d in
            z.elements.withUnsafeBufferPointer { zp in
                h.elements.withUnsafeBufferPointer { hp in
                    for k in 0..<d.count {
                        let g = d[k], x = zp[k], y = hp[k]
                        switch self {
                        case .modrelu:
                            // Where r + b > 0: h = s z with s = 1 + b/r, r = sqrt(|z|² + ε²).
                            // dh = s dz + z s'(r) dr, s' = −b/r², dr = Re(conj(z) dz)/r, so
                            // dL = Re(conj(g) dh) = s Re(conj(g) dz) − (b/r³) Re(conj(g) z) Re(conj(z) dz):
                            //   ĝ_z = s g − (b/r³) Re(conj(g) z) z,   ∂L/∂b = Re(conj(g) z)/r.
                            let i = k % hRows, b = bias[i]
                            let r = (x.real * x.real + x.imaginary * x.imaginary + modReLUEpsilon * modReLUEpsilon).squareRoot()
                            if r + b > 0 {
                                let gz = g.real * x.real + g.imaginary * x.imaginary   // Re(conj(g) z)
                                biasGradient[i] += gz / r
                                let s = 1 + b / r, c = b * gz / (r * r * r)
                                d[k] = Complex(s * g.real - c * x.real, s * g.imaginary - c * x.imaginary)
                            } else {
                                d[k] = .zero
                            }
                        case .tanh:
                            d[k] = Complex(g.real * (1 - y.real * y.real), g.imaginary * (1 - y.imaginary * y.imaginary))
                        case .relu:
                            d[k] = Complex(x.real > 0 ? g.real : 0, x.imaginary > 0 ? g.imaginary : 0)
                        case .sigmoid:
                            d[k] = Complex(g.real * y.real * (1 - y.real), g.imaginary * y.imaginary * (1 - y.imaginary))
                        }
                    }
                }
            }
        }
        return dz
    }
}
