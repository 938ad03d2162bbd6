import Numerics

/// The field a unitary recurrence works over: the reals (W orthogonal, A skew-symmetric)
/// or the complex numbers (W unitary, A skew-Hermitian). The rules are written once
/// over this; what differs is how values are stored in a `Parameter` (complex ones
/// interleaved) and that a skew-Hermitian A has an imaginary diagonal.
protocol UnitaryField: LinearAlgebraScalar {
    /// Whether parameters of this field are stored as interleaved (re, im) pairs.
    static var isComplex: Bool { get }
    /// The stored doubles of some values, and back.
    static func storage(_ values: [Self]) -> [Double]
    static func values(_ storage: [Double]) -> [Self]
    /// iθ (complex); the reals have no imaginary diagonal and never ask.
    init(imaginary theta: Double)
    /// The imaginary part (0 for reals).
    var imaginaryPart: Double { get }
    /// The smallest n from which the n x n products of exp(A) and its gradient split over
    /// the threads while the training passes wait (`BLASThreads.splittingProducts`).
    /// Real: at n = 128 the split neither gained nor lost in scripts/bench/train, so from
    /// 256. Complex products are four times the work, so from 128.
    static var splitProductsFrom: Int { get }
}

extension Double: UnitaryField {
    static var isComplex: Bool { false }
    static func storage(_ values: [Double]) -> [Double] { values }
    static func values(_ storage: [Double]) -> [Double] { storage }
    init(imaginary theta: Double) { self = 0 }
    var imaginaryPart: Double { 0 }
    static var splitProductsFrom: Int { 256 }
}

extension Complex: UnitaryField where RealType == Double {
    static var isComplex: Bool { true }
    static func storage(_ values: [Complex<Double>]) -> [Double] { interleaved(values) }
    static func values(_ storage: [Double]) -> [Complex<Double>] { complexValues(storage) }
    init(imaginary theta: Double) { self.init(0, theta) }
    var imaginaryPart: Double { imaginary }
    static var splitProductsFrom: Int { 128 }
}

extension Parameter {
    /// A tensor holding `m` in `F`'s storage.
    convenience init<F: UnitaryField>(name: String, fieldMatrix m: DenseMatrix<F>, role: Role) {
        self.init(name: name, rows: m.rows, cols: m.cols, isComplex: F.isComplex, role: role, value: F.storage(m.elements))
    }

    /// The values (or the gradient) as a matrix over `F`.
    func fieldMatrix<F: UnitaryField>(_: F.Type, ofGradient: Bool = false) -> DenseMatrix<F> {
        DenseMatrix(rows: rows, cols: cols, elements: F.values(ofGradient ? gradient : value))
    }
}

/// The free entries of a skew generator A as tensors, and back: "A", the strict upper
/// triangle (n(n−1)/2 values, column by column; A_ji = −conj(A_ij)), and for complex A
/// "A_diag", the n real θ_i with A_ii = iθ_i.
///
/// The rules call these from code generic over the field that is not specialised (a rule
/// is made through the registry's existential), so the loops over n² entries name their
/// specialisations.
enum SkewGenerator {
    @_specialize(where F == Double)
    @_specialize(where F == Complex<Double>)
    static func parameters<F: UnitaryField>(packing a: DenseMatrix<F>, role: Parameter.Role) -> [Parameter] {
        let n = a.rows
        var upper: [F] = []
        upper.reserveCapacity(n * (n - 1) / 2)
        for j in 0..<n { for i in 0..<j { upper.append(a[i, j]) } }
        let packed = Parameter(name: "A", rows: n * (n - 1) / 2, cols: 1, isComplex: F.isComplex, role: role,
                               value: F.storage(upper))
        guard F.isComplex else { return [packed] }
        return [packed, Parameter(name: "A_diag", rows: n, cols: 1, role: role, value: (0..<n).map { a[$0, $0].imaginaryPart })]
    }

    @_specialize(where F == Double)
    @_specialize(where F == Complex<Double>)
    static func unpack<F: UnitaryField>(_ parameters: [Parameter], n: Int) -> DenseMatrix<F> {
        let upper = F.values(parameters[0].value)
        var a = DenseMatrix<F>(rows: n, cols: n)
        var k = 0
        for j in 0..<n {
            for i in 0..<j { a[i, j] = upper[k]; a[j, i] = F.zero - upper[k].conjugated; k += 1 }
            if F.isComplex { a[j, j] = F(imaginary: parameters[1].value[j]) }
        }
        return a
    }

    /// The packed entries' gradients from Ĝ_A, the gradient of A as a free matrix. The
    /// entries enter A as a at (i, j) and −conj(a) at (j, i) (i < j), and iθ at (i, i);
    /// from dL = Re(conj(Ĝ_ij) da) + Re(conj(Ĝ_ji) (−conj(da))):
    ///   ĝ_a = Ĝ_ij − conj(Ĝ_ji);   ∂L/∂θ_i = Re(conj(Ĝ_ii) i) = Im Ĝ_ii.
    @_specialize(where F == Double)
    @_specialize(where F == Complex<Double>)
    static func setGradient<F: UnitaryField>(_ ga: DenseMatrix<F>, of parameters: [Parameter]) {
        let n = ga.rows
        var upper: [F] = []
        upper.reserveCapacity(n * (n - 1) / 2)
        for j in 0..<n { for i in 0..<j { upper.append(ga[i, j] - ga[j, i].conjugated) } }
        parameters[0].gradient = F.storage(upper)
        if F.isComplex { parameters[1].gradient = (0..<n).map { ga[$0, $0].imaginaryPart } }
    }
}

/// M = G Wᴴ − W Gᴴ, the Riemannian gradient moved to the identity, formed as X − Xᴴ with
/// X = G Wᴴ so that it is skew-Hermitian (skew-symmetric) to the last bit: then
/// exp(−lr M) and the Cayley factor are unitary up to the rounding of their own
/// evaluation, and A stays skew under `seed`.
@_specialize(where F == Double)
@_specialize(where F == Complex<Double>)
func riemannianGradient<F: UnitaryField>(_ g: DenseMatrix<F>, at w: DenseMatrix<F>) -> DenseMatrix<F> {
    let x = DenseMatrix.product(g, .none, w, .adjoint)
    var m = DenseMatrix<F>(rows: x.rows, cols: x.cols)
    for j in 0..<x.cols { for i in 0..<x.rows { m[i, j] = x[i, j] - x[j, i].conjugated } }
    return m
}
