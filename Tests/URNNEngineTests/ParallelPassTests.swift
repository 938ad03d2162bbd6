import XCTest
@testable import URNNEngine

/// Batches split over threads: the gradients of the split pass are exact (finite
/// differences) and equal those of one thread to rounding.
final class ParallelPassTests: XCTestCase {
    func configs() -> [ModelConfig] {
        var complex = ModelConfig(kind: .urnn, hidden: 4, inputSize: 3, symbolInputs: true, outputSize: 3, seed: 4)
        complex.field = .complex
        var structured = complex
        structured.structure = .arjovsky
        return [ModelConfig(kind: .rnn, hidden: 4, inputSize: 3, symbolInputs: true, outputSize: 3, seed: 4),
                ModelConfig(kind: .urnn, hidden: 4, inputSize: 3, symbolInputs: true, outputSize: 3, seed: 4),
                ModelConfig(kind: .lstm, hidden: 4, inputSize: 3, symbolInputs: true, outputSize: 3, seed: 4),
                complex, structured]
    }

    func testSplitPassesAreExactAndMatchOneThread() throws {
        let batch = tinyBatch(steps: 5, batch: 32, inputs: 3, outputs: 3, symbols: true, seed: 6)
        XCTAssertEqual(Parallelism.partitions(32, threads: 2).count, 2)
        XCTAssertEqual(Parallelism.partitions(32, threads: 1).count, 1)
        for config in configs() {
            let model = try makeModel(config)
            model.threads = 2
            if let p = model.parameters.first(where: { $0.name == "b_mod" }) { p.value = p.value.map { _ in 0.1 } }
            assertGradientsMatch(try finiteDifferenceErrors(model, batch), "\(config.summary), two threads")
            let split = try model.run(batch, state: nil, options: RunOptions(backward: true, recordGradientFlow: true))
            let splitGradients = model.parameters.map(\.gradient)
            model.threads = 1
            let whole = try model.run(batch, state: nil, options: RunOptions(backward: true, recordGradientFlow: true))
            XCTAssertEqual(split.summary.lossSum, whole.summary.lossSum, accuracy: 1e-12 * abs(whole.summary.lossSum))
            for (p, g) in zip(model.parameters, splitGradients) {
                for (a, b) in zip(p.gradient, g) {
                    XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(a)), "\(config.summary) \(p.name)")
                }
            }
            for (a, b) in zip(split.gradientFlow ?? [], whole.gradientFlow ?? []) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        }
    }
}
