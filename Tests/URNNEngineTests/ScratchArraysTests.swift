import XCTest
import Numerics
@testable import URNNEngine

/// The pool of long work arrays that passes reuse from step to step.
final class ScratchArraysTests: XCTestCase {
    private let count = ScratchArrays.minimumBytes / MemoryLayout<Double>.stride

    func testLargeArraysAreReusedWhileKeepingAndZeroedOnRequest() {
        ScratchArrays.beginKeeping()
        defer { ScratchArrays.endKeeping() }
        var a: [Double] = ScratchArrays.take(count, zeroed: false)
        XCTAssertEqual(a.count, count)
        XCTAssertTrue(a.allSatisfy { $0 == 0 }, "a new array is zero-filled")
        a[0] = 7; a[count - 1] = 9
        let address = a.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        ScratchArrays.give(&a)
        XCTAssertTrue(a.isEmpty, "give leaves the caller's array empty")

        var b: [Double] = ScratchArrays.take(count, zeroed: false)
        XCTAssertEqual(b.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }, address, "the kept buffer comes back")
        XCTAssertEqual(b[0], 7, "not zeroed when not asked")
        ScratchArrays.give(&b)
        let c: [Double] = ScratchArrays.take(count, zeroed: true)
        XCTAssertTrue(c.allSatisfy { $0 == 0 }, "zeroed on request")

        // Another element type or length is a different array.
        let z: [Complex<Double>] = ScratchArrays.take(count / 2, zeroed: false)
        XCTAssertTrue(z.allSatisfy { $0 == .zero })
    }

    func testNothingIsKeptOutsideTrainingOrForSmallArrays() {
        var a: [Double] = ScratchArrays.take(count, zeroed: false)
        a[0] = 3
        ScratchArrays.give(&a)
        XCTAssertEqual((ScratchArrays.take(count, zeroed: false) as [Double])[0], 0, "not kept outside beginKeeping")

        ScratchArrays.beginKeeping()
        var small: [Double] = ScratchArrays.take(16, zeroed: false)
        small[0] = 1
        ScratchArrays.give(&small)
        XCTAssertEqual((ScratchArrays.take(16, zeroed: false) as [Double])[0], 0, "small arrays are not kept")
        var b: [Double] = ScratchArrays.take(count, zeroed: false)
        b[0] = 5
        ScratchArrays.give(&b)
        ScratchArrays.endKeeping()
        XCTAssertEqual((ScratchArrays.take(count, zeroed: false) as [Double])[0], 0, "the last endKeeping frees them")
    }
}
