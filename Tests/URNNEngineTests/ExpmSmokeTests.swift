import XCTest
import Numerics
@testable import URNNEngine

final class ExpmSmokeTests: XCTestCase {
    func testRotation() throws {
        for t in [1e-8, 0.3, 2.0, 40.0] {
            let a = try Matrix(rowMajor: [[0, -t], [t, 0]])
            let e = try expm(a)
            let r = try Matrix(rowMajor: [[cos(t), -sin(t)], [sin(t), cos(t)]])
            XCTAssertLessThan((e - r).frobeniusNorm, 1e-13 * max(1, t), "t=\(t)")
        }
    }
    func testFrechetFD() throws {
        var g = SeededGenerator(seed: 1)
        for n in [3, 16] {
            for scale in [0.01, 1.0, 8.0] {
                let a = Matrix.randomNormal(rows: n, cols: n, std: scale / Double(n).squareRoot(), using: &g)
                let gm = Matrix.randomNormal(rows: n, cols: n, using: &g)
                let (ea, grad) = try expmFrechetAdjoint(a, gm)
                XCTAssertLessThan((ea - (try expm(a))).frobeniusNorm / ea.frobeniusNorm, 1e-13)
                let d = Matrix.randomNormal(rows: n, cols: n, using: &g)
                let h = 1e-5
                let fd = ((try expm(a + d * h)).dot(gm) - (try expm(a - d * h)).dot(gm)) / (2 * h)
                let an = grad.dot(d)
                XCTAssertLessThan(abs(fd - an) / abs(an), 1e-7, "n=\(n) scale=\(scale) fd=\(fd) an=\(an)")
            }
        }
    }
}
