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

/// The interleaved (re, im) doubles of complex storage (the layout of Complex<Double>).
///
/// Hot loops read these rather than `Complex.real`/`.imaginary`: swift-numerics' getters
/// test finiteness on every read (a non-finite value reads as NaN in both parts), which
/// costs a branch per element and stops the loops from vectorising. On finite values the
/// two reads are the same; a non-finite value propagates as itself instead.
@inline(__always)
func reals(_ p: UnsafePointer<Complex<Double>>) -> UnsafePointer<Double> {
    UnsafeRawPointer(p).assumingMemoryBound(to: Double.self)
}

@inline(__always)
func reals(_ p: UnsafeMutablePointer<Complex<Double>>) -> UnsafeMutablePointer<Double> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: Double.self)
}

/// Complex values over interleaved (re, im) doubles.
@inline(__always)
func complexes(_ p: UnsafePointer<Double>) -> UnsafePointer<Complex<Double>> {
    UnsafeRawPointer(p).assumingMemoryBound(to: Complex<Double>.self)
}

@inline(__always)
func complexes(_ p: UnsafeMutablePointer<Double>) -> UnsafeMutablePointer<Complex<Double>> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: Complex<Double>.self)
}

/// (s0, s0, s1, s1, s2, s2, s3, s3): one factor for both parts of each complex value.
@inline(__always)
private func duplicated(_ s: SIMD4<Double>) -> SIMD8<Double> {
    var v = SIMD8<Double>()
    v.evenHalf = s
    v.oddHalf = s
    return v
}

extension Activation {
    /// h = act(z) over an H x B complex block (column-major). modReLU acts on the
    /// modulus, z/r · relu(r + b) with r = sqrt(|z|² + ε²) and b real per unit (Arjovsky
    /// et al. 2016); tanh, relu and sigmoid act on the real and imaginary parts separately.
    /// `bias` is modReLU's b (H values; nil reads as zero).
    func forwardComplex(_ z: UnsafePointer<Complex<Double>>, into h: UnsafeMutablePointer<Complex<Double>>,
                        rows: Int, cols: Int, bias: UnsafePointer<Double>?) {
        let n = rows * cols
        let zd = reals(z), hd = reals(h)
        let eps2 = modReLUEpsilon * modReLUEpsilon
        switch self {
        case .modrelu:
            for j in 0..<cols {
                let base = 2 * j * rows
                // Four units at a time (the same operations in the same order as the
                // scalar loop below, so the same results), then the rest one by one.
                var start = 0
                while start + 4 <= rows {
                    let x = load8(zd + base + 2 * start)
                    let xr = x.evenHalf, xi = x.oddHalf
                    let r = (xr * xr + xi * xi + eps2).squareRoot()
                    let m = r + (bias.map { load4($0 + start) } ?? .zero)
                    var s = m / r
                    s.replace(with: 0, where: .!(m .> 0))
                    store8(x * duplicated(s), hd + base + 2 * start)
                    start += 4
                }
                for i in start..<rows {
                    let xr = zd[base + 2 * i], xi = zd[base + 2 * i + 1]
                    let r = (xr * xr + xi * xi + eps2).squareRoot()
                    let m = r + (bias?[i] ?? 0)
                    // h = z (r + b)/r where r + b > 0.
                    let s = m / r
                    hd[base + 2 * i] = m > 0 ? xr * s : 0
                    hd[base + 2 * i + 1] = m > 0 ? xi * s : 0
                }
            }
        case .tanh, .sigmoid:
            // The real and imaginary parts side by side are 2n doubles: one vectorised call.
            hd.update(from: zd, count: 2 * n)
            let buffer = UnsafeMutableBufferPointer(start: hd, count: 2 * n)
            if self == .tanh { VectorMath.tanh(buffer) } else { VectorMath.sigmoid(buffer) }
        case .relu:
            for k in 0..<(2 * n) { hd[k] = Swift.max(0, zd[k]) }
        }
    }

    /// Given z, h = act(z) and ĝ_h, writes ĝ_z into `dz` (which may be `dh` or `z`) and
    /// accumulates ∂L/∂b (modReLU's real bias) into `biasGradient` (H values).
    func backwardComplex(z: UnsafePointer<Complex<Double>>, h: UnsafePointer<Complex<Double>>,
                         dh: UnsafePointer<Complex<Double>>, into dz: UnsafeMutablePointer<Complex<Double>>,
                         rows: Int, cols: Int, bias: UnsafePointer<Double>?, biasGradient: UnsafeMutablePointer<Double>) {
        let n = rows * cols
        let zd = reals(z), hd = reals(h), gd = reals(dh), dd = reals(dz)
        let eps2 = modReLUEpsilon * modReLUEpsilon
        switch self {
        case .modrelu:
            for j in 0..<cols {
                let base = 2 * j * rows
                // Four units at a time (as the scalar loop below, in the same order), then
                // the rest one by one. Every load precedes the store, so dz may be dh or z.
                var start = 0
                while start + 4 <= rows {
                    let g = load8(gd + base + 2 * start), x = load8(zd + base + 2 * start)
                    let gr = g.evenHalf, gi = g.oddHalf, xr = x.evenHalf, xi = x.oddHalf
                    let b = bias.map { load4($0 + start) } ?? .zero
                    let r = (xr * xr + xi * xi + eps2).squareRoot()
                    let inactive = .!(r + b .> 0)
                    let gz = gr * xr + gi * xi
                    var gb = gz / r
                    gb.replace(with: 0, where: inactive)
                    store4(load4(biasGradient + start) + gb, biasGradient + start)
                    let s = 1 + b / r, c = b * gz / (r * r * r)
                    var dr = s * gr - c * xr, di = s * gi - c * xi
                    dr.replace(with: 0, where: inactive)
                    di.replace(with: 0, where: inactive)
                    var out = SIMD8<Double>()
                    out.evenHalf = dr
                    out.oddHalf = di
                    store8(out, dd + base + 2 * start)
                    start += 4
                }
                for i in start..<rows {
                    let gr = gd[base + 2 * i], gi = gd[base + 2 * i + 1]
                    let xr = zd[base + 2 * i], xi = zd[base + 2 * i + 1], b = bias?[i] ?? 0
                    // Where r + b > 0: h = s z with s = 1 + b/r, r = sqrt(|z|² + ε²).
                    // dh = s dz + z s'(r) dr, s' = −b/r², dr = Re(conj(z) dz)/r, so
                    // dL = Re(conj(g) dh) = s Re(conj(g) dz) − (b/r³) Re(conj(g) z) Re(conj(z) dz):
                    //   ĝ_z = s g − (b/r³) Re(conj(g) z) z,   ∂L/∂b = Re(conj(g) z)/r.
                    let r = (xr * xr + xi * xi + eps2).squareRoot()
                    if r + b > 0 {
                        let gz = gr * xr + gi * xi   // Re(conj(g) z)
                        biasGradient[i] += gz / r
                        let s = 1 + b / r, c = b * gz / (r * r * r)
                        dd[base + 2 * i] = s * gr - c * xr
                        dd[base + 2 * i + 1] = s * gi - c * xi
                    } else {
                        dd[base + 2 * i] = 0
                        dd[base + 2 * i + 1] = 0
                    }
                }
            }
        case .tanh:
            for k in 0..<(2 * n) { dd[k] = gd[k] * (1 - hd[k] * hd[k]) }
        case .relu:
            for k in 0..<(2 * n) { dd[k] = zd[k] > 0 ? gd[k] : 0 }
        case .sigmoid:
            for k in 0..<(2 * n) { dd[k] = gd[k] * hd[k] * (1 - hd[k]) }
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
