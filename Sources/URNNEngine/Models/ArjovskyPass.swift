import CFFTW
import CLinearAlgebra
import Foundation
import Numerics

/// W = D3 R2 F⁻¹ D2 Π R1 F D1 on H x B blocks in raw storage, with scratch of its own
/// (one pass per thread).
///
/// Every factor acts on all B columns at once: the DFTs through one batched FFTW plan,
/// each reflection (I − 2 v vᴴ/m) X as one zgemv (the B coefficients vᴴ x_j) and one
/// rank-one update zgeru, the phases and the permutation as sweeps. All of it is
/// O(H log H) per column.
///
/// FFTW's transforms are unnormalised. Every factor is linear, so the 1/√H of each F
/// is applied in the phase that follows it (D2 and D3 forward, D2ᴴ and D1ᴴ backward),
/// never as a sweep of its own.
///
/// The backward of a step recomputes the factors' intermediate products from h_{t−1}
/// (storing them for every step would cost 4 H x T·B arrays) and then runs Wᴴ factor by
/// factor, reading off the gradients of θ and v on the way: BPTT's Wᴴ ĝ and the
/// parameters' gradients come from the same chain. The recomputed trace is left
/// unnormalised: the inputs of R1 and D2 are √H times the true ones, those of R2 and
/// D3 H times. Their gradients are linear in those inputs, so they accumulate as they
/// come and are multiplied by 1/√H and 1/H once, in `gradientPart`.
final class ArjovskyPass: ComplexRecurrencePass {
    typealias C = Complex<Double>
    let n: Int, columns: Int
    let forwardPlan: OpaquePointer, inversePlan: OpaquePointer
    let scale: Double
    let permutation: UnsafeMutablePointer<Int>
    /// v_k and conj(v_k), k = 1, 2: H values each.
    let v1, v2, vc1, vc2: UnsafeMutablePointer<C>
    /// ‖v_k‖² (0 reads as the identity reflection, whose v is undefined).
    let m1, m2: Double
    /// Scratch blocks (H x B) for the chain and the trace of a step.
    let a, b, r1In, dIn2, r2In, r2Out: UnsafeMutablePointer<C>
    /// Per column (B values): vᴴx of the reflections in the trace, vᴴĝ, and a scratch.
    let s1, s2, cbar, w: UnsafeMutablePointer<C>
    /// The phase factors as they multiply interleaved (re, im) pairs (see `PhaseTable`):
    /// D1, D2 and D3 with the scales they are applied with, and their adjoints.
    let d1, d2, d2Scaled, d3Scaled, d1Adjoint, d2Adjoint, d3Adjoint: PhaseTable
    /// ∂L/∂θ1, ∂L/∂θ2, ∂L/∂θ3 as they accumulate, each as 2H pair sums (Σ Im ĝ Re a,
    /// Σ Re ĝ Im a per unit; ∂L/∂θ_i is their difference), and ĝ_v1, ĝ_v2 (2H).
    let gTheta: UnsafeMutablePointer<Double>
    let gV: UnsafeMutablePointer<C>
    private var storage: [UnsafeMutablePointer<C>] = []
    private var aligned: [UnsafeMutablePointer<C>] = []

    init(n: Int, columns: Int, permutation: [Int], phases: [[C]], reflections: [[C]]) throws {
        self.n = n
        self.columns = columns
        forwardPlan = try FFTPlanCache.shared.plan(size: n, columns: columns, sign: FFTW_FORWARD, aligned: true)
        inversePlan = try FFTPlanCache.shared.plan(size: n, columns: columns, sign: FFTW_BACKWARD, aligned: true)
        scale = 1 / Double(n).squareRoot()
        self.permutation = .allocate(capacity: n)
        self.permutation.initialize(from: permutation, count: n)
        var storage: [UnsafeMutablePointer<C>] = []
        func buffer(_ count: Int, _ values: [C]? = nil) -> UnsafeMutablePointer<C> {
            let p = UnsafeMutablePointer<C>.allocate(capacity: Swift.max(1, count))
            if let values { p.initialize(from: values, count: count) } else { p.initialize(repeating: .zero, count: Swift.max(1, count)) }
            storage.append(p)
            return p
        }
        v1 = buffer(n, reflections[0]); v2 = buffer(n, reflections[1])
        vc1 = buffer(n, reflections[0].map(\.conjugate)); vc2 = buffer(n, reflections[1].map(\.conjugate))
        m1 = reflections[0].reduce(0) { $0 + $1.lengthSquared }
        m2 = reflections[1].reduce(0) { $0 + $1.lengthSquared }
        // The transforms' operands come from FFTW's allocator: its SIMD alignment is what
        // the aligned plans require.
        var aligned: [UnsafeMutablePointer<C>] = []
        func fftBlock() throws -> UnsafeMutablePointer<C> {
            guard let raw = fftw_alloc_complex(Swift.max(1, n * columns)) else {
                throw ModelError.notAvailable("FFTW could not allocate \(n * columns) complex values")
            }
            let p = UnsafeMutableRawPointer(raw).bindMemory(to: C.self, capacity: Swift.max(1, n * columns))
            p.initialize(repeating: .zero, count: Swift.max(1, n * columns))
            aligned.append(p)
            return p
        }
        let block = n * columns
        a = try fftBlock(); b = try fftBlock(); r1In = try fftBlock(); r2In = try fftBlock()
        dIn2 = buffer(block); r2Out = buffer(block)
        s1 = buffer(columns); s2 = buffer(columns); cbar = buffer(columns); w = buffer(columns)
        gV = buffer(2 * n)
        gTheta = .allocate(capacity: 6 * n)
        gTheta.initialize(repeating: 0, count: 6 * n)
        let s = scale
        d1 = PhaseTable(phases[0], scale: 1, conjugate: false)
        d2 = PhaseTable(phases[1], scale: 1, conjugate: false)
        d2Scaled = PhaseTable(phases[1], scale: s, conjugate: false)
        d3Scaled = PhaseTable(phases[2], scale: s, conjugate: false)
        d1Adjoint = PhaseTable(phases[0], scale: s, conjugate: true)
        d2Adjoint = PhaseTable(phases[1], scale: s, conjugate: true)
        d3Adjoint = PhaseTable(phases[2], scale: 1, conjugate: true)
        self.storage = storage
        self.aligned = aligned
        _ = BLASThreads.applyDefault
    }

    deinit {
        permutation.deallocate()
        gTheta.deallocate()
        for p in storage { p.deallocate() }
        for p in aligned { fftw_free(p) }
    }

    func multiply(_ x: UnsafePointer<C>, into y: UnsafeMutablePointer<C>, accumulate: Bool) {
        phase(d1, x, into: a)
        fft(forwardPlan, a, b)
        reflect(b, v1, vc1, m1, coefficients: w)
        permutedPhase(d2Scaled, b, into: a)
        fft(inversePlan, a, b)
        reflect(b, v2, vc2, m2, coefficients: w)
        phase(d3Scaled, b, into: y, accumulate: accumulate)
    }

    func backward(_ dz: UnsafePointer<C>, input x: UnsafePointer<C>, into dx: UnsafeMutablePointer<C>?) {
        let block = n * columns
        // The step's trace, unnormalised: r1In = F D1 x, dIn2 = Π R1 r1In,
        // r2In = F⁻¹ D2 dIn2, r2Out = R2 r2In.
        phase(d1, x, into: a)
        fft(forwardPlan, a, r1In)
        b.update(from: r1In, count: block)
        reflect(b, v1, vc1, m1, coefficients: s1)
        permute(b, into: dIn2)
        phase(d2, dIn2, into: a)
        fft(inversePlan, a, r2In)
        r2Out.update(from: r2In, count: block)
        reflect(r2Out, v2, vc2, m2, coefficients: s2)

        // Wᴴ = D1ᴴ F⁻¹ R1 Πᵀ D2ᴴ F R2 D3ᴴ, with ĝ of each factor's input on the way.
        phaseBackward(d3Adjoint, dz, into: a, input: r2Out, gradient: gTheta + 4 * n)
        reflectBackward(a, input: r2In, v2, vc2, m2, inputCoefficients: s2, into: gV + n)
        fft(forwardPlan, a, b)
        phaseBackward(d2Adjoint, b, into: a, input: dIn2, gradient: gTheta + 2 * n, scatter: true)
        reflectBackward(a, input: r1In, v1, vc1, m1, inputCoefficients: s1, into: gV)
        fft(inversePlan, a, b)
        phaseBackward(d1Adjoint, b, into: dx ?? a, input: x, gradient: gTheta)
    }

    /// [∂L/∂θ1, ∂L/∂θ2, ∂L/∂θ3, ĝ_v1, ĝ_v2 (interleaved)], 7H reals, with the trace's
    /// scales undone (see the type's comment).
    func gradientPart(outputs dz: UnsafePointer<C>, inputs prev: UnsafePointer<C>, steps: Int) -> [Double] {
        let s = scale, s2 = 1 / Double(n)
        var part = [Double](repeating: 0, count: 7 * n)
        let gv = reals(gV)
        for i in 0..<n {
            part[i] = gTheta[2 * i] - gTheta[2 * i + 1]
            part[n + i] = s * (gTheta[2 * n + 2 * i] - gTheta[2 * n + 2 * i + 1])
            part[2 * n + i] = s2 * (gTheta[4 * n + 2 * i] - gTheta[4 * n + 2 * i + 1])
        }
        for k in 0..<(2 * n) {
            part[3 * n + k] = s * gv[k]
            part[5 * n + k] = s2 * gv[2 * n + k]
        }
        return part
    }

    // MARK: - The factors, on H x B blocks

    private func fft(_ plan: OpaquePointer, _ x: UnsafeMutablePointer<C>, _ y: UnsafeMutablePointer<C>) {
        // Complex<Double> has the layout of fftw_complex (two doubles); the plan was
        // made out of place and aligned, and every operand here is one of the pass's
        // blocks from fftw_alloc_complex, as fftw_execute_dft requires.
        let input = UnsafeMutableRawPointer(x).assumingMemoryBound(to: fftw_complex.self)
        let output = UnsafeMutableRawPointer(y).assumingMemoryBound(to: fftw_complex.self)
        fftw_execute_dft(plan, input, output)
    }

    /// y = D x for the phase factor of `table` (y may be x); y += D x when accumulating.
    private func phase(_ table: PhaseTable, _ x: UnsafePointer<C>, into y: UnsafeMutablePointer<C>,
                       accumulate: Bool = false) {
        let xd = reals(x), yd = reals(y), length = 2 * n
        for j in 0..<columns {
            let base = 2 * j * n
            var k = 0
            while k + 8 <= length {
                var out = table.times(load8(xd + base + k), at: k)
                if accumulate { out = load8(yd + base + k) + out }
                store8(out, yd + base + k)
                k += 8
            }
            while k < length {
                let (yr, yi) = table.times(xd[base + k], xd[base + k + 1], at: k)
                if accumulate {
                    yd[base + k] += yr
                    yd[base + k + 1] += yi
                } else {
                    yd[base + k] = yr
                    yd[base + k + 1] = yi
                }
                k += 2
            }
        }
    }

    /// y = D Π x, y_i = d_i x_{π(i)}: the permutation and the phase that follows it in one
    /// sweep (y must not be x).
    private func permutedPhase(_ table: PhaseTable, _ x: UnsafePointer<C>, into y: UnsafeMutablePointer<C>) {
        let xd = reals(x), yd = reals(y), length = 2 * n
        for j in 0..<columns {
            let base = 2 * j * n
            var k = 0
            while k + 8 <= length {
                var gathered = SIMD8<Double>()
                for l in 0..<4 {
                    let from = base + 2 * permutation[k / 2 + l]
                    gathered[2 * l] = xd[from]
                    gathered[2 * l + 1] = xd[from + 1]
                }
                store8(table.times(gathered, at: k), yd + base + k)
                k += 8
            }
            while k < length {
                let from = base + 2 * permutation[k / 2]
                (yd[base + k], yd[base + k + 1]) = table.times(xd[from], xd[from + 1], at: k)
                k += 2
            }
        }
    }

    /// The backward of y = diag(e^{iθ}) a, given ĝ_y in `g`: ĝ_a = Dᴴ ĝ_y (with the scale
    /// the table carries) into `out` (at Πᵀ's positions, out_{π(i)} = ĝ_{a,i}, when
    /// `scatter`; out must not be g then), and the pair sums of ∂L/∂θ into `gradient`.
    /// For y = diag(e^{iθ}) a: dy = i y dθ, so ∂L/∂θ_i = Re(conj(ĝ_{y,i}) i y_i) =
    /// Im(ĝ_{a,i} conj(a_i)) = Im ĝ_a Re a − Re ĝ_a Im a (up to the scale, undone in
    /// `gradientPart`), summed over columns: the two products are summed apart, lane by
    /// lane, and subtracted in `gradientPart`.
    private func phaseBackward(_ table: PhaseTable, _ g: UnsafePointer<C>, into out: UnsafeMutablePointer<C>,
                               input a: UnsafePointer<C>, gradient: UnsafeMutablePointer<Double>, scatter: Bool = false) {
        let gd = reals(g), od = reals(out), ad = reals(a), length = 2 * n
        for j in 0..<columns {
            let base = 2 * j * n
            var k = 0
            while k + 8 <= length {
                let y = table.times(load8(gd + base + k), at: k)
                store8(load8(gradient + k) + swappedPairs(y) * load8(ad + base + k), gradient + k)
                if scatter {
                    for l in 0..<4 {
                        let to = base + 2 * permutation[k / 2 + l]
                        od[to] = y[2 * l]
                        od[to + 1] = y[2 * l + 1]
                    }
                } else {
                    store8(y, od + base + k)
                }
                k += 8
            }
            while k < length {
                let (yr, yi) = table.times(gd[base + k], gd[base + k + 1], at: k)
                gradient[k] += yi * ad[base + k]
                gradient[k + 1] += yr * ad[base + k + 1]
                let to = scatter ? base + 2 * permutation[k / 2] : base + k
                od[to] = yr
                od[to + 1] = yi
                k += 2
            }
        }
    }

    /// y = Π x: (Π x)_i = x_{π(i)}.
    private func permute(_ x: UnsafePointer<C>, into y: UnsafeMutablePointer<C>) {
        for j in 0..<columns {
            let base = j * n
            for i in 0..<n { y[base + i] = x[base + permutation[i]] }
        }
    }

    /// X ← (I − 2 v vᴴ/m) X in place: coefficients_j = vᴴ x_j (zgemv), then
    /// X += (−2/m) v coefficientsᵀ (zgeru).
    private func reflect(_ x: UnsafeMutablePointer<C>, _ v: UnsafePointer<C>, _ vc: UnsafePointer<C>, _ m: Double,
                         coefficients: UnsafeMutablePointer<C>) {
        guard m > 0 else { return }
        C.gemv(.transpose, m: n, n: columns, alpha: .one, x, lda: n, vc, beta: .zero, coefficients)
        rankOneUpdate(x, v, coefficients, C(-2 / m))
    }

    /// X += alpha v cᵀ.
    private func rankOneUpdate(_ x: UnsafeMutablePointer<C>, _ v: UnsafePointer<C>, _ c: UnsafePointer<C>, _ alpha: C) {
        withUnsafePointer(to: alpha) { pa in
            cblas_zgeru(CblasColMajor, Int32(n), Int32(columns), pa, v, 1, c, 1, x, Int32(n))
        }
    }

    /// The backward of y = a − 2 v s, s = vᴴa/m, m = ‖v‖², column by column: G holds ĝ_y
    /// and becomes ĝ_a = R ĝ_y; ĝ_v, summed over columns, goes into `grad`. With
    /// c = ĝᴴv: dL = Re(ĝᴴ dy) = −2 Re(s ĝᴴ dv) − 2 Re(c ds), ds = (dvᴴa)/m − s dm/m,
    /// dm = 2 Re(vᴴdv), so
    ///     ĝ_v = −2 conj(s) ĝ − (2c/m) a + (4 Re(c s)/m) v.
    /// `inputCoefficients` are vᴴa of the forward reflection (m s).
    private func reflectBackward(_ g: UnsafeMutablePointer<C>, input a: UnsafePointer<C>, _ v: UnsafePointer<C>,
                                 _ vc: UnsafePointer<C>, _ m: Double, inputCoefficients sa: UnsafePointer<C>,
                                 into grad: UnsafeMutablePointer<C>) {
        guard m > 0 else { return }
        let c = cbar
        // c̄_j = vᴴ ĝ_j.
        C.gemv(.transpose, m: n, n: columns, alpha: .one, g, lda: n, vc, beta: .zero, c)
        // grad += G (−2 conj(s)) + A (−2 c/m), s = sa/m.
        var vCoefficient = 0.0
        let sd = reals(sa), cd = reals(c), wd = reals(w), vd = reals(v), gradd = reals(grad)
        for j in 0..<columns {
            wd[2 * j] = -2 * sd[2 * j] / m
            wd[2 * j + 1] = 2 * sd[2 * j + 1] / m
            // Re(c s) with c = conj(c̄).
            vCoefficient += 4 * (cd[2 * j] * sd[2 * j] + cd[2 * j + 1] * sd[2 * j + 1]) / (m * m)
        }
        C.gemv(.none, m: n, n: columns, alpha: .one, g, lda: n, w, beta: .one, grad)
        for j in 0..<columns {
            wd[2 * j] = -2 * cd[2 * j] / m
            wd[2 * j + 1] = 2 * cd[2 * j + 1] / m
        }
        C.gemv(.none, m: n, n: columns, alpha: .one, a, lda: n, w, beta: .one, grad)
        for k in 0..<(2 * n) { gradd[k] += vCoefficient * vd[k] }
        // ĝ_a = R ĝ (R is Hermitian): G += (−2/m) v c̄ᵀ.
        rankOneUpdate(g, v, c, C(-2 / m))
    }
}

/// (x1, x0, x3, x2, …): the two parts of each complex value swapped.
@inline(__always)
private func swappedPairs(_ x: SIMD8<Double>) -> SIMD8<Double> {
    SIMD8(x[1], x[0], x[3], x[2], x[5], x[4], x[7], x[6])
}

/// A phase factor s diag(e) or s diag(conj(e)) laid out to multiply interleaved (re, im)
/// pairs with vertical operations only: with er = s Re e_i and ei = ±s Im e_i,
///     (re, im) ↦ (re·er + im·(−ei), im·er + re·ei),
/// i.e. y = x ⊙ real + swappedPairs(x) ⊙ imaginary with real = (er, er) and
/// imaginary = (−ei, ei) per unit. The same operations, in the same order, in the
/// vector and the scalar paths.
final class PhaseTable {
    let real: UnsafeMutablePointer<Double>
    let imaginary: UnsafeMutablePointer<Double>

    init(_ e: [Complex<Double>], scale s: Double, conjugate: Bool) {
        let n = e.count
        real = .allocate(capacity: Swift.max(1, 2 * n))
        imaginary = .allocate(capacity: Swift.max(1, 2 * n))
        for i in 0..<n {
            let er = s * e[i].real, ei = (conjugate ? -s : s) * e[i].imaginary
            real[2 * i] = er; real[2 * i + 1] = er
            imaginary[2 * i] = -ei; imaginary[2 * i + 1] = ei
        }
    }

    deinit {
        real.deallocate()
        imaginary.deallocate()
    }

    /// Four units from the double at offset k (even).
    @inline(__always)
    func times(_ x: SIMD8<Double>, at k: Int) -> SIMD8<Double> {
        x * load8(real + k) + swappedPairs(x) * load8(imaginary + k)
    }

    /// One unit, (re, im), at offset k.
    @inline(__always)
    func times(_ re: Double, _ im: Double, at k: Int) -> (Double, Double) {
        (re * real[k] + im * imaginary[k], im * real[k + 1] + re * imaginary[k + 1])
    }
}
