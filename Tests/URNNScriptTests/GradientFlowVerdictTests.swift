import XCTest
@testable import URNNScript

/// The verdict `gradflow` prints, on norms shaped like the quick start's.
final class GradientFlowVerdictTests: XCTestCase {
    func testAGradientThatDiesMidSequenceIsVanishingEvenIfItsStartRecovers() {
        // The tanh RNN on the copy task: ends at 6.4e-4, falls to 3.6e-8 in the middle,
        // and the loss at the first steps lifts t = 1 back to 1.3e-6 (ratio t=1/t=T 2e-3).
        XCTAssertEqual(gradientFlowVerdict([1.3e-6, 3.6e-8, 3.6e-8, 3.6e-8, 6.4e-4]), "vanishing")
    }

    func testAFlatFlowIsKeptAliveAndAGrowingOneExplodes() {
        XCTAssertEqual(gradientFlowVerdict([2.5e-5, 2.5e-5, 2.6e-5, 2.6e-5, 2.3e-6]), "kept alive")
        XCTAssertEqual(gradientFlowVerdict([5.0, 1e-2, 1e-3]), "exploding")
        XCTAssertEqual(gradientFlowVerdict([]), "undefined")
        XCTAssertEqual(gradientFlowVerdict([1, 0]), "undefined")
    }
}
