import Foundation
import XCTest
@testable import URNNEngine

/// The worst relative error of a vectorised function against a scalar reference over a set
/// of inputs, with the input where it happened, in relative terms and in ulps of the reference.
private struct ErrorSurvey: CustomStringConvertible {
    let name: String
    var worst = 0.0, worstUlps = 0.0, input = 0.0, expected = 0.0, observed = 0.0, count = 0

    /// Records every input whose reference result is a normal number.
    mutating func record(_ inputs: [Double], _ observed: [Double], _ reference: (Double) -> Double) {
        for (x, y) in zip(inputs, observed) {
            let r = reference(x)
            guard r.isNormal else { continue }
            count += 1
            let error = y.isNaN ? .infinity : abs(y - r) / abs(r)
            if error > worst || (error == worst && count == 1) {
                (worst, input, expected, self.observed) = (error, x, r, y)
                worstUlps = abs(y - r) / r.ulp
            }
        }
    }

    var description: String {
        "\(name): max relative error \(worst) (\(worstUlps) ulp) over \(count) inputs, at x = \(input): "
            + "expected \(expected), observed \(observed)"
    }

    /// Asserts the relative bound and, tighter, the bound in ulps that the method reaches:
    /// a lost polynomial term or a cancellation shows up as one more ulp long before it
    /// crosses the relative bound.
    func check(tolerance: Double, ulps: Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertGreaterThan(count, 0, "\(name): no input reached the survey", file: file, line: line)
        let message = "\(self), tolerance \(tolerance) (\(ulps) ulp)"
        XCTAssertLessThanOrEqual(worst, tolerance, message, file: file, line: line)
        XCTAssertLessThanOrEqual(worstUlps, ulps, message, file: file, line: line)
        print((worst <= tolerance && worstUlps <= ulps ? "OK " : "NOT OK ") + message)
    }
}

/// Applies an in-place vector function to a copy of `inputs`.
private func applied(_ f: (inout [Double]) -> Void, _ inputs: [Double]) -> [Double] {
    var y = inputs
    f(&y)
    return y
}

/// Whether two results are the same value: equal (so +0 and -0 differ only through `sign`),
/// or both NaN.
private func same(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || (a == b && a.sign == b.sign)
}

final class VectorMathTests: XCTestCase {
    // The bounds the engine relies on; glibc is itself within about 0.5 ulp (1.1e-16) of exact,
    // which these include.
    let expTolerance = 4e-16
    let tanhTolerance = 5e-16
    let sigmoidTolerance = 5e-16
    let logTolerance = 4e-16

    var generator = SeededGenerator(seed: 20_240_611)

    /// `count` samples uniform on [a, b].
    func uniform(_ count: Int, _ a: Double, _ b: Double) -> [Double] {
        (0..<count).map { _ in generator.uniform(a, b) }
    }

    /// `count` samples ±10^u with u uniform on [lo, hi]: every scale from tiny to 10^hi.
    func logUniform(_ count: Int, _ lo: Double, _ hi: Double) -> [Double] {
        (0..<count).map { i in Foundation.pow(10, generator.uniform(lo, hi)) * (i.isMultiple(of: 2) ? 1 : -1) }
    }

    /// A grid of `count` + 1 points from a to b.
    func grid(_ a: Double, _ b: Double, _ count: Int) -> [Double] {
        (0...count).map { a + (b - a) * Double($0) / Double(count) }
    }

    /// Inputs around each point in `centres`, from a few ulps to `spread` away on both sides.
    func around(_ centres: [Double], spread: Double) -> [Double] {
        centres.flatMap { c in
            (0..<40).flatMap { i -> [Double] in
                let d = i < 8 ? Double(i) * c.ulp : spread * Foundation.pow(2, -Double(i - 8) / 2)
                return [c - d, c + d]
            }
        }
    }

    /// Compares special inputs one by one against the values the API documents.
    func checkSpecials(_ name: String, _ f: (inout [Double]) -> Void, _ cases: [(Double, Double)],
                       file: StaticString = #filePath, line: UInt = #line) {
        let y = applied(f, cases.map(\.0))
        for ((x, expected), observed) in zip(cases, y) {
            XCTAssertTrue(same(observed, expected), "\(name)(\(x)): expected \(expected), observed \(observed)",
                          file: file, line: line)
        }
    }

    func testExpMatchesGlibcOnItsNormalRange() {
        let inputs = grid(-708, 709.78, 1_400_000) + uniform(200_000, -708, 709.78)
            + logUniform(60_000, -320, 0)
            // reduction boundaries, where |r| is ln2/2 and x / ln2 may round either way
            + around((-1021...1023).map { (Double($0) + 0.5) * M_LN2 }.filter { $0 < 709.78 }, spread: 1e-6)
            + around([709.78, -708.39, 0], spread: 1e-3)
        var survey = ErrorSurvey(name: "exp")
        survey.record(inputs, applied(VectorMath.exp, inputs), Foundation.exp)
        survey.check(tolerance: expTolerance, ulps: 1)
    }

    func testExpOverflowUnderflowAndSpecials() {
        let largest = Foundation.log(Double.greatestFiniteMagnitude)  // 709.782712893384
        checkSpecials("exp", VectorMath.exp, [
            (0, 1), (-0.0, 1), (.infinity, .infinity), (-.infinity, 0), (.nan, .nan),
            (largest, Foundation.exp(largest)), (largest.nextUp, .infinity), (709.79, .infinity),
            (710, .infinity), (1e300, .infinity), (-746, 0), (-1e300, 0), (-745.2, 0),
            (-745.1, .leastNonzeroMagnitude),
        ])
        // Gradual underflow: the result is rounded once onto the subnormal grid, so it is
        // within one subnormal step of glibc's.
        let inputs = grid(-745.2, -708.4, 200_000)
        for (x, y) in zip(inputs, applied(VectorMath.exp, inputs)) {
            let r = Foundation.exp(x)
            if abs(y - r) > Double.leastNonzeroMagnitude {
                XCTFail("exp(\(x)) underflow: expected \(r), observed \(y), tolerance one subnormal step")
                return
            }
        }
    }

    func testTanhMatchesGlibcEverywhere() {
        let inputs = grid(-20, 20, 400_000) + uniform(100_000, -25, 25)
            + logUniform(100_000, -310, 1.3)
            + around([0.625, -0.625], spread: 1e-3)  // where the formula switches
        var survey = ErrorSurvey(name: "tanh")
        survey.record(inputs, applied(VectorMath.tanh, inputs), Foundation.tanh)
        survey.check(tolerance: tanhTolerance, ulps: 2)
    }

    func testTanhIsExactWhereItMustBe() {
        let tiny = [1e-9, 1e-20, 1e-300, Double.leastNormalMagnitude, .leastNonzeroMagnitude]
        checkSpecials("tanh", VectorMath.tanh, [
            (0, 0), (-0.0, -0.0), (.infinity, 1), (-.infinity, -1), (.nan, .nan), (1e300, 1), (-1e300, -1),
        ] + tiny.flatMap { [($0, $0), (-$0, -$0)] })
        // Past 19.1, 1 - tanh(x) < 2 e^-38.2 is under half an ulp of 1: the result is ±1.
        let large = grid(19.1, 800, 10_000)
        XCTAssertEqual(applied(VectorMath.tanh, large), large.map { _ in 1 }, "tanh saturates to 1 above 19.1")
        XCTAssertEqual(applied(VectorMath.tanh, large.map { -$0 }), large.map { _ in -1 })
    }

    /// sigmoid has no glibc counterpart: the reference is 1 / (1 + e^-x) in 64-bit-mantissa
    /// `Float80`, whose own error (a few 2^-64) is far below the tolerance.
    func sigmoidReference(_ x: Double) -> Double {
        #if arch(x86_64) && !os(Windows)
        return Double(1 / (1 + Foundation.exp(-Float80(x))))
        #else
        return x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
        #endif
    }

    func testSigmoidAccurateOverTheWholeRange() {
        let inputs = grid(-708, 40, 800_000) + uniform(100_000, -708, 40) + logUniform(100_000, -310, 2.8)
        var survey = ErrorSurvey(name: "sigmoid")
        survey.record(inputs, applied(VectorMath.sigmoid, inputs), sigmoidReference)
        survey.check(tolerance: sigmoidTolerance, ulps: 2)
    }

    func testSigmoidLimitsAndSpecials() {
        checkSpecials("sigmoid", VectorMath.sigmoid, [
            (0, 0.5), (-0.0, 0.5), (.infinity, 1), (-.infinity, 0), (.nan, .nan),
            (38, 1), (1e300, 1), (-746, 0), (-1e300, 0),
            (-720, Foundation.exp(-720.0)),  // subnormal, no overflow of e^720 on the way
        ])
    }

    func testLogMatchesGlibcOnPositiveNumbers() {
        let wide = (0..<300_000).map { _ in
            Double(sign: .plus, exponent: generator.int(below: 2046) - 1022, significand: 1 + generator.uniform())
        }
        let nearOne = logUniform(100_000, -16, -0.5).map { 1 + $0 }
        let subnormals = (0..<50_000).map { _ in Double(bitPattern: 1 + generator.next() >> 12) }
        let inputs = wide + nearOne + subnormals + grid(0.25, 4, 500_000)
            + around([Foundation.sqrt(2), Foundation.sqrt(0.5), 1], spread: 1e-4)
        var survey = ErrorSurvey(name: "log")
        survey.record(inputs, applied(VectorMath.log, inputs), Foundation.log)
        survey.check(tolerance: logTolerance, ulps: 1)
    }

    func testLogSpecials() {
        checkSpecials("log", VectorMath.log, [
            (1, 0), (0, -.infinity), (-0.0, -.infinity), (.infinity, .infinity), (.nan, .nan),
            (-1, .nan), (-1e-310, .nan), (-.infinity, .nan),
            (.greatestFiniteMagnitude, Foundation.log(Double.greatestFiniteMagnitude)),
            (.leastNonzeroMagnitude, Foundation.log(Double.leastNonzeroMagnitude)),
            (M_E, 1),
        ])
    }

    /// Every length from 0 to past two vectors, on a window inside a larger array: elements
    /// outside the window stay untouched, and every element inside, in a full vector or in the
    /// padded tail, gets exactly what it gets in the whole array.
    func testTailsAndWindows() {
        let functions: [(String, (UnsafeMutableBufferPointer<Double>) -> Void, (inout [Double]) -> Void)] = [
            ("exp", VectorMath.exp, VectorMath.exp), ("tanh", VectorMath.tanh, VectorMath.tanh),
            ("sigmoid", VectorMath.sigmoid, VectorMath.sigmoid), ("log", VectorMath.log, VectorMath.log),
        ]
        let width = VectorMath.Lanes.scalarCount
        for (name, onBuffer, onArray) in functions {
            let values = uniform(3 * width, 0.1, 3)
            let whole = applied(onArray, values)
            for count in 0...(2 * width + 1) {
                for offset in [0, 1, 3] where offset + count <= values.count {
                    var y = values
                    y.withUnsafeMutableBufferPointer { onBuffer(.init(rebasing: $0[offset..<(offset + count)])) }
                    for i in values.indices {
                        let inside = i >= offset && i < offset + count
                        XCTAssertEqual(y[i], inside ? whole[i] : values[i],
                                       "\(name) count \(count) offset \(offset) element \(i) (inside: \(inside))")
                    }
                }
            }
        }
    }
}
