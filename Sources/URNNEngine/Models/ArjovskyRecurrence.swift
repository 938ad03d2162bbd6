import CFFTW
import Foundation
import Numerics

/// The structured unitary W of Arjovsky, Shah & Bengio (2016):
///
///     W = D3 R2 F⁻¹ D2 Π R1 F D1
///
/// D_k = diag(e^{iθ_k}) phase matrices, R_k = I − 2 v_k v_kᴴ/‖v_k‖² complex Householder
/// reflections, Π a fixed permutation, F the unitary DFT. Every factor is unitary, so W
/// is unitary for any parameters: the optimizer updates θ_k and v_k freely (role
/// `.recurrent`), with no retraction. A product W X costs O(H log H) per column and the
/// parameters are 7H real numbers (three θ, two complex v).
///
/// Π is not a parameter: it is drawn from the model's seed on a stream of its own, so a
/// checkpoint, which rebuilds the model from its configuration, gets the same Π back.
final class ArjovskyRecurrence: ComplexRecurrence {
    let n: Int
    /// (Π a)_i = a_{π(i)}.
    let permutation: [Int]
    let theta1, theta2, theta3: Parameter
    let v1, v2: Parameter
    private var phases: [[Complex<Double>]] = []       // e^{iθ_k}, k = 1, 2, 3
    private var reflections: [[Complex<Double>]] = []  // v_1, v_2
    private var dense: ComplexMatrix?

    /// θ_k ~ U(−π, π) and Re v, Im v ~ U(−1, 1), as in the paper's code.
    init(size n: Int, seed: UInt64, using g: inout SeededGenerator) throws {
        self.n = n
        // A fixed, distinct stream: Π depends on the seed alone, not on how many
        // numbers the other parameters drew before it.
        var pg = SeededGenerator(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        permutation = pg.permutation(n)
        func angles(_ name: String) -> Parameter {
            Parameter(name: name, rows: n, cols: 1, role: .recurrent,
                      value: (0..<n).map { _ in g.uniform(-Double.pi, Double.pi) })
        }
        func vector(_ name: String) -> Parameter {
            Parameter(name: name, rows: n, cols: 1, isComplex: true, role: .recurrent,
                      value: (0..<(2 * n)).map { _ in g.uniform(-1, 1) })
        }
        theta1 = angles("theta1"); theta2 = angles("theta2"); theta3 = angles("theta3")
        v1 = vector("v1"); v2 = vector("v2")
        // Plan the transforms `matrix` uses now, so that a failure is reported here.
        for sign in [FFTW_FORWARD, FFTW_BACKWARD] { _ = try FFTPlanCache.shared.plan(size: n, columns: n, sign: sign) }
        try refresh()
    }

    var parameters: [Parameter] { [theta1, theta2, theta3, v1, v2] }
    var generator: ComplexMatrix? { nil }

    /// W applied to the identity, column by column through the same code as training.
    var matrix: ComplexMatrix {
        if let dense { return dense }
        // The plans were made in `refresh`, so this cannot fail short of memory; a NaN
        // matrix then reports the failure through every inspection.
        let w = (try? multiply(ComplexMatrix.identity(n))) ?? ComplexMatrix(rows: n, cols: n, repeating: Complex(.nan))
        dense = w
        return w
    }

    func refresh() throws {
        phases = [theta1, theta2, theta3].map { p in p.value.map { Complex(Foundation.cos($0), Foundation.sin($0)) } }
        reflections = [complexValues(v1.value), complexValues(v2.value)]
        dense = nil
    }

    func makePass(columns: Int) throws -> ComplexRecurrencePass {
        try ArjovskyPass(n: n, columns: columns, permutation: permutation, phases: phases, reflections: reflections)
    }

    /// The parts are [∂L/∂θ1, ∂L/∂θ2, ∂L/∂θ3, ĝ_v1, ĝ_v2 (interleaved)], 7H reals.
    func setGradient(summing parts: [[Double]]) throws {
        guard var sum = parts.first else { return }
        for p in parts.dropFirst() { add(&sum, p) }
        theta1.gradient = Array(sum[0..<n]); theta2.gradient = Array(sum[n..<(2 * n)])
        theta3.gradient = Array(sum[(2 * n)..<(3 * n)])
        v1.gradient = Array(sum[(3 * n)..<(5 * n)]); v2.gradient = Array(sum[(5 * n)..<(7 * n)])
    }

    /// The optimizer updates θ and v; there is no rule of its own.
    func applyRule(learningRate: Double) throws {}
}

/// W = D3 R2 F⁻¹ D2 Π R1 F D1 on H x B blocks in raw storage, with scratch of its own.
///
/// FFTW's transforms are unnormalised; the 1/√H that makes each F unitary is applied in
/// the elementwise step that follows the transform (a reflection or a phase), so no
/// extra sweep over the block is spent on it.
///
/// The backward of a step recomputes the factors' intermediate products from h_{t−1}
/// (storing them for every step would cost 4 H x T·B arrays) and then runs Wᴴ factor by
/// factor, reading off the gradients of θ and v on the way: the product Wᴴ ĝ that BPTT
/// needs and the parameters' gradients come from the same chain.
final class ArjovskyPass: ComplexRecurrencePass {
    typealias C = Complex<Double>
    let n: Int, columns: Int
    let forwardPlan: OpaquePointer, inversePlan: OpaquePointer
    let scale: Double
    let permutation: UnsafeMutablePointer<Int>
    /// e^{iθ_k}, k = 1, 2, 3, then v_1, v_2: H values each.
    let e1, e2, e3, v1, v2: UnsafeMutablePointer<C>
    /// ‖v_k‖² (0 reads as the identity reflection).
    let m1, m2: Double
    /// Scratch blocks (H x B each) for the chain, the trace of a step and its gradient.
    let a, b, r1In, dIn2, r2In, r2Out: UnsafeMutablePointer<C>
    /// ∂L/∂θ1, ∂L/∂θ2, ∂L/∂θ3 (3H) and ĝ_v1, ĝ_v2 (2H) as they accumulate.
    let gTheta: UnsafeMutablePointer<Double>
    let gV: UnsafeMutablePointer<C>
    private var storage: [UnsafeMutablePointer<C>] = []

    init(n: Int, columns: Int, permutation: [Int], phases: [[C]], reflections: [[C]]) throws {
        self.n = n
        self.columns = columns
        forwardPlan = try FFTPlanCache.shared.plan(size: n, columns: columns, sign: FFTW_FORWARD)
        inversePlan = try FFTPlanCache.shared.plan(size: n, columns: columns, sign: FFTW_BACKWARD)
        scale = 1 / Double(n).squareRoot()
        self.permutation = .allocate(capacity: n)
        self.permutation.initialize(from: permutation, count: n)
        func copy(_ x: [C]) -> UnsafeMutablePointer<C> {
            let p = UnsafeMutablePointer<C>.allocate(capacity: n)
            p.initialize(from: x, count: n)
            return p
        }
        e1 = copy(phases[0]); e2 = copy(phases[1]); e3 = copy(phases[2])
        v1 = copy(reflections[0]); v2 = copy(reflections[1])
        m1 = reflections[0].reduce(0) { $0 + $1.lengthSquared }
        m2 = reflections[1].reduce(0) { $0 + $1.lengthSquared }
        func block() -> UnsafeMutablePointer<C> {
            let p = UnsafeMutablePointer<C>.allocate(capacity: Swift.max(1, n * columns))
            p.initialize(repeating: .zero, count: Swift.max(1, n * columns))
            return p
        }
        a = block(); b = block(); r1In = block(); dIn2 = block(); r2In = block(); r2Out = block()
        gTheta = .allocate(capacity: 3 * n)
        gTheta.initialize(repeating: 0, count: 3 * n)
        gV = .allocate(capacity: 2 * n)
        gV.initialize(repeating: .zero, count: 2 * n)
        storage = [e1, e2, e3, v1, v2, a, b, r1In, dIn2, r2In, r2Out, gV]
    }

    deinit {
        permutation.deallocate()
        gTheta.deallocate()
        for p in storage { p.deallocate() }
    }

    private func fft(_ plan: OpaquePointer, _ x: UnsafeMutablePointer<C>, _ y: UnsafeMutablePointer<C>) {
        // Complex<Double> has the layout of fftw_complex (two doubles); the plan was
        // made out of place and unaligned, as fftw_execute_dft on these blocks requires.
        let input = UnsafeMutableRawPointer(x).assumingMemoryBound(to: fftw_complex.self)
        let output = UnsafeMutableRawPointer(y).assumingMemoryBound(to: fftw_complex.self)
        fftw_execute_dft(plan, input, output)
    }

    func multiply(_ x: UnsafePointer<C>, into y: UnsafeMutablePointer<C>, accumulate: Bool) {
        ArjovskyPass.phase(e1, conjugate: false, scale: 1, x, into: a, n: n, columns: columns)
        fft(forwardPlan, a, b)
        ArjovskyPass.reflect(b, into: b, v: v1, norm2: m1, scale: scale, n: n, columns: columns)
        permuteThenPhase(b, into: a)
        fft(inversePlan, a, b)
        ArjovskyPass.reflect(b, into: b, v: v2, norm2: m2, scale: scale, n: n, columns: columns)
        if accumulate {
            for j in 0..<columns {
                let base = j * n
                for i in 0..<n {
                    let e = e3[i], u = b[base + i], o = y[base + i]
                    y[base + i] = C(o.real + e.real * u.real - e.imaginary * u.imaginary,
                                    o.imaginary + e.real * u.imaginary + e.imaginary * u.real)
                }
            }
        } else {
            ArjovskyPass.phase(e3, conjugate: false, scale: 1, b, into: y, n: n, columns: columns)
        }
    }

    /// a = D2 Π b.
    private func permuteThenPhase(_ src: UnsafePointer<C>, into dst: UnsafeMutablePointer<C>) {
        for j in 0..<columns {
            let base = j * n
            for i in 0..<n {
                let e = e2[i], u = src[base + permutation[i]]
                dst[base + i] = C(e.real * u.real - e.imaginary * u.imaginary, e.real * u.imaginary + e.imaginary * u.real)
            }
        }
    }

    func backward(_ dz: UnsafePointer<C>, input x: UnsafePointer<C>, into dx: UnsafeMutablePointer<C>?) {
        // The step's trace: r1In = F D1 x, dIn2 = Π R1 r1In, r2In = F⁻¹ D2 dIn2, r2Out = R2 r2In.
        ArjovskyPass.phase(e1, conjugate: false, scale: 1, x, into: a, n: n, columns: columns)
        fft(forwardPlan, a, r1In)
        for k in 0..<(n * columns) { r1In[k] = C(r1In[k].real * scale, r1In[k].imaginary * scale) }
        ArjovskyPass.reflect(r1In, into: b, v: v1, norm2: m1, scale: 1, n: n, columns: columns)
        for j in 0..<columns {
            let base = j * n
            for i in 0..<n { dIn2[base + i] = b[base + permutation[i]] }
        }
        ArjovskyPass.phase(e2, conjugate: false, scale: 1, dIn2, into: a, n: n, columns: columns)
        fft(inversePlan, a, r2In)
        for k in 0..<(n * columns) { r2In[k] = C(r2In[k].real * scale, r2In[k].imaginary * scale) }
        ArjovskyPass.reflect(r2In, into: r2Out, v: v2, norm2: m2, scale: 1, n: n, columns: columns)

        do {
            let g = gTheta, gv1 = gV, gv2 = gV + n
            // Wᴴ = D1ᴴ F⁻¹ R1 Πᵀ D2ᴴ F R2 D3ᴴ, with ĝ of each factor's input on the way.
            ArjovskyPass.phase(e3, conjugate: true, scale: 1, dz, into: a, n: n, columns: columns)
            ArjovskyPass.accumulatePhaseGradient(a, input: r2Out, into: g + 2 * n, n: n, columns: columns)
            ArjovskyPass.accumulateReflectionGradient(a, input: r2In, v: v2, norm2: m2, into: gv2, n: n, columns: columns)
            ArjovskyPass.reflect(a, into: a, v: v2, norm2: m2, scale: 1, n: n, columns: columns)
            fft(forwardPlan, a, b)
            ArjovskyPass.phase(e2, conjugate: true, scale: scale, b, into: b, n: n, columns: columns)
            ArjovskyPass.accumulatePhaseGradient(b, input: dIn2, into: g + n, n: n, columns: columns)
            for j in 0..<columns {
                let base = j * n
                for i in 0..<n { a[base + permutation[i]] = b[base + i] }
            }
            ArjovskyPass.accumulateReflectionGradient(a, input: r1In, v: v1, norm2: m1, into: gv1, n: n, columns: columns)
            ArjovskyPass.reflect(a, into: a, v: v1, norm2: m1, scale: 1, n: n, columns: columns)
            fft(inversePlan, a, b)
            let out = dx ?? a
            ArjovskyPass.phase(e1, conjugate: true, scale: scale, b, into: out, n: n, columns: columns)
            ArjovskyPass.accumulatePhaseGradient(out, input: x, into: g, n: n, columns: columns)
        }
    }

    /// [∂L/∂θ1, ∂L/∂θ2, ∂L/∂θ3, ĝ_v1, ĝ_v2 (interleaved)], 7H reals.
    func gradientPart(outputs dz: UnsafePointer<C>, inputs prev: UnsafePointer<C>, steps: Int) -> [Double] {
        var part = Array(UnsafeBufferPointer(start: gTheta, count: 3 * n))
        for k in 0..<(2 * n) { part.append(gV[k].real); part.append(gV[k].imaginary) }
        return part
    }

    // MARK: - The factors, on H x B blocks (y may be x)

    /// y = s diag(e) x, or s diag(conj(e)) x.
    static func phase(_ e: UnsafePointer<C>, conjugate: Bool, scale s: Double, _ x: UnsafePointer<C>,
                      into y: UnsafeMutablePointer<C>, n: Int, columns: Int) {
        let sign = conjugate ? -1.0 : 1.0
        for j in 0..<columns {
            let base = j * n
            for i in 0..<n {
                let er = s * e[i].real, ei = s * sign * e[i].imaginary, u = x[base + i]
                y[base + i] = C(er * u.real - ei * u.imaginary, er * u.imaginary + ei * u.real)
            }
        }
    }

    /// y = (I − 2 v vᴴ/‖v‖²)(s x), column by column in O(H): y = s x − 2 (vᴴ s x/‖v‖²) v.
    /// A zero v is read as the identity (its reflection is undefined).
    static func reflect(_ x: UnsafePointer<C>, into y: UnsafeMutablePointer<C>, v: UnsafePointer<C>, norm2: Double,
                        scale s: Double, n: Int, columns: Int) {
        guard norm2 > 0 else {
            if s != 1 || UnsafePointer(y) != x {
                for k in 0..<(n * columns) { y[k] = C(s * x[k].real, s * x[k].imaginary) }
            }
            return
        }
        for j in 0..<columns {
            let base = j * n
            var sr = 0.0, si = 0.0   // vᴴ x
            for i in 0..<n {
                let vv = v[i], u = x[base + i]
                sr += vv.real * u.real + vv.imaginary * u.imaginary
                si += vv.real * u.imaginary - vv.imaginary * u.real
            }
            let c = -2 * s / norm2, cr = c * sr, ci = c * si
            for i in 0..<n {
                let vv = v[i], u = x[base + i]
                y[base + i] = C(s * u.real + cr * vv.real - ci * vv.imaginary, s * u.imaginary + cr * vv.imaginary + ci * vv.real)
            }
        }
    }

    /// For y = diag(e^{iθ}) a: dy = i y dθ, so ∂L/∂θ_i = Re(conj(ĝ_i) i y_i) = Im(ĝ_i conj(y_i))
    /// = Im(g'_i conj(a_i)) with g' = diag(e^{−iθ}) ĝ, the gradient of the input a; summed
    /// over columns.
    static func accumulatePhaseGradient(_ g: UnsafePointer<C>, input a: UnsafePointer<C>,
                                        into grad: UnsafeMutablePointer<Double>, n: Int, columns: Int) {
        for j in 0..<columns {
            let base = j * n
            for i in 0..<n {
                let gg = g[base + i], aa = a[base + i]
                grad[i] += gg.imaginary * aa.real - gg.real * aa.imaginary
            }
        }
    }

    /// ĝ_v of y = a − 2 v s, s = vᴴa/m, m = ‖v‖², summed over columns. With c = ĝᴴv:
    /// dL = Re(ĝᴴ dy) = −2 Re(s ĝᴴ dv) − 2 Re(c ds), ds = (dvᴴa)/m − s dm/m, dm = 2 Re(vᴴdv):
    ///     ĝ_v = −2 conj(s) ĝ − (2c/m) a + (4 Re(c s)/m) v.
    static func accumulateReflectionGradient(_ g: UnsafePointer<C>, input a: UnsafePointer<C>, v: UnsafePointer<C>,
                                             norm2 m: Double, into grad: UnsafeMutablePointer<C>, n: Int, columns: Int) {
        guard m > 0 else { return }
        var vCoefficient = 0.0
        for j in 0..<columns {
            let base = j * n
            var sr = 0.0, si = 0.0, cr = 0.0, ci = 0.0
            for i in 0..<n {
                let vv = v[i], u = a[base + i], gg = g[base + i]
                sr += vv.real * u.real + vv.imaginary * u.imaginary      // vᴴ a
                si += vv.real * u.imaginary - vv.imaginary * u.real
                cr += gg.real * vv.real + gg.imaginary * vv.imaginary    // ĝᴴ v
                ci += gg.real * vv.imaginary - gg.imaginary * vv.real
            }
            sr /= m; si /= m
            // −2 conj(s) and −2c/m.
            let gsr = -2 * sr, gsi = 2 * si
            let car = -2 * cr / m, cai = -2 * ci / m
            vCoefficient += 4 * (cr * sr - ci * si) / m
            for i in 0..<n {
                let gg = g[base + i], u = a[base + i], o = grad[i]
                grad[i] = C(o.real + gsr * gg.real - gsi * gg.imaginary + car * u.real - cai * u.imaginary,
                            o.imaginary + gsr * gg.imaginary + gsi * gg.real + car * u.imaginary + cai * u.real)
            }
        }
        for i in 0..<n { grad[i] = C(grad[i].real + vCoefficient * v[i].real, grad[i].imaginary + vCoefficient * v[i].imaginary) }
    }
}
