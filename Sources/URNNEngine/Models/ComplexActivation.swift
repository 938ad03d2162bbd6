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
    /// h = act(z) over an H x B complex block (column-major). modReLU acts on the
    /// modulus, z/r · relu(r + b) with r = sqrt(|z|² + ε²) and b real per unit (Arjovsky
    /// et al. 2016); tanh, relu and sigmoid act on the real and imaginary parts separately.
    /// `bias` is modReLU's b (H values; nil reads as zero).
    func forwardComplex(_ z: UnsafePointer<Complex<Double>>, into h: UnsafeMutablePointer<Complex<Double>>,
                        rows: Int, cols: Int, bias: UnsafePointer<Double>?) {
        let n = rows * cols
        let eps2 = modReLUEpsilon * modReLUEpsilon
        switch self {
        case .modrelu:
            for j in 0..<cols {
                let base = j * rows
                for i in 0..<rows {
                    let x = z[base + i]
                    let r = (x.real * x.real + x.imaginary * x.imaginary + eps2).squareRoot()
                    let m = r + (bias?[i] ?? 0)
                    // h = z (r + b)/r where r + b > 0.
                    let s = m / r
                    h[base + i] = m > 0 ? Complex(x.real * s, x.imaginary * s) : .zero
                }
            }
        case .tanh, .sigmoid:
            // The real and imaginary parts side by side are 2n doubles: one vectorised call.
            h.update(from: z, count: n)
            UnsafeMutableRawPointer(h).withMemoryRebound(to: Double.self, capacity: 2 * n) { p in
                let buffer = UnsafeMutableBufferPointer(start: p, count: 2 * n)
                if self == .tanh { VectorMath.tanh(buffer) } else { VectorMath.sigmoid(buffer) }
            }
        case .relu:
            for k in 0..<n { h[k] = Complex(Swift.max(0, z[k].real), Swift.max(0, z[k].imaginary)) }
        }
    }

    /// Given z, h = act(z) and ĝ_h, writes ĝ_z into `dz` (which may be `dh`) and
    /// accumulates ∂L/∂b (modReLU's real bias) into `biasGradient` (H values).
    func backwardComplex(z: UnsafePointer<Complex<Double>>, h: UnsafePointer<Complex<Double>>,
                         dh: UnsafePointer<Complex<Double>>, into dz: UnsafeMutablePointer<Complex<Double>>,
                         rows: Int, cols: Int, bias: UnsafePointer<Double>?, biasGradient: UnsafeMutablePointer<Double>) {
        let n = rows * cols
        let eps2 = modReLUEpsilon * modReLUEpsilon
        switch self {
        case .modrelu:
            for j in 0..<cols {
                let base = j * rows
                for i in 0..<rows {
                    let g = dh[base + i], x = z[base + i], b = bias?[i] ?? 0
                    // Where r + b > 0: h = s z with s = 1 + b/r, r = sqrt(|z|² + ε²).
                    // dh = s dz + z s'(r) dr, s' = −b/r², dr = Re(conj(z) dz)/r, so
                    // dL = Re(conj(g) dh) = s Re(conj(g) dz) − (b/r³) Re(conj(g) z) Re(conj(z) dz):
                    //   ĝ_z = s g − (b/r³) Re(conj(g) z) z,   ∂L/∂b = Re(conj(g) z)/r.
                    let r = (x.real * x.real + x.imaginary * x.imaginary + eps2).squareRoot()
                    if r + b > 0 {
                        let gz = g.real * x.real + g.imaginary * x.imaginary   // Re(conj(g) z)
                        biasGradient[i] += gz / r
                        let s = 1 + b / r, c = b * gz / (r * r * r)
                        dz[base + i] = Complex(s * g.real - c * x.real, s * g.imaginary - c * x.imaginary)
                    } else {
                        dz[base + i] = .zero
                    }
                }
            }
        case .tanh:
            for k in 0..<n {
                let g = dh[k], y = h[k]
                dz[k] = Complex(g.real * (1 - y.real * y.real), g.imaginary * (1 - y.imaginary * y.imaginary))
            }
        case .relu:
            for k in 0..<n {
                let g = dh[k], x = z[k]
                dz[k] = Complex(x.real > 0 ? g.real : 0, x.imaginary > 0 ? g.imaginary : 0)
            }
        case .sigmoid:
            for k in 0..<n {
                let g = dh[k], y = h[k]
                dz[k] = Complex(g.real * y.real * (1 - y.real), g.imaginary * y.imaginary * (1 - y.imaginary))
            }
        }
    }

    /// h = act(z) over an H x B complex matrix.
    func applyComplex(_ z: ComplexMatrix, bias: [Double]) -> ComplexMatrix {
        var h = ComplexMatrix(rows: z.rows, cols: z.cols)
        z.elements.withUnsafeBufferPointer { pz in
            h.elements.withUnsafeMutableBufferPointer { ph in
                bias.withUnsafeBufferPointer { pb in
                    forwardComplex(pz.baseAddress!, into: ph.baseAddress!, rows: z.rows, cols: z.cols,
                                   bias: pb.isEmpty ? nil : pb.baseAddress)
                }
            }
        }
        return h
    }
}
