import Foundation
import XCTest
@testable import URNNEngine

/// Sizes from users are checked against a memory budget before anything is allocated,
/// and data generation stops when its cancellation flag is set. Each case once ended
/// the process (SIGABRT on an allocation it could not serve, or a loop Ctrl-C could not stop).
final class MemoryLimitTests: XCTestCase {
    /// A fixed budget, so the outcome does not depend on the machine.
    let budget = MemoryBudget(limitBytes: 1 << 30)

    func expectTooLarge(_ body: () throws -> Void, _ fragment: String, line: UInt = #line) {
        XCTAssertThrowsError(try body(), line: line) { error in
            guard case MemoryError.tooLarge? = error as? MemoryError else {
                return XCTFail("expected MemoryError, got \(error)", line: line)
            }
            let text = "\(error)"
            XCTAssertTrue(text.contains("too large: needs") && text.contains(fragment), "\(text) should mention '\(fragment)'", line: line)
        }
    }

    func testHugeTasksAndBatchesAreRefusedUpFront() throws {
        var g = SeededGenerator(seed: 1)
        let longCopy = try CopyTask(delay: 1_000_000_000, seed: 1)
        expectTooLarge({ _ = try longCopy.randomTrainBatch(size: 2, using: &g, budget: budget) }, "copy task batch")
        expectTooLarge({ _ = try longCopy.testBatches(batchSize: 2, budget: budget) }, "test set")
        let longAdding = try AddingTask(length: 1_000_000_000, seed: 1)
        expectTooLarge({ _ = try longAdding.randomTrainBatch(size: 2, using: &g, budget: budget) }, "adding task batch")
        let bigTest = try CopyTask(delay: 10, testSize: 1_000_000_000, seed: 1)
        expectTooLarge({ _ = try bigTest.testBatches(batchSize: 64, budget: budget) }, "1000000000 sequences")
        let copy = try CopyTask(delay: 10, seed: 1)
        expectTooLarge({ _ = try copy.randomTrainBatch(size: 1_000_000_000, using: &g, budget: budget) }, "(limit 1.00 GiB)")
    }

    func testTrainingEstimateCountsBatchPassesAndHeldOutSet() throws {
        let config = ModelConfig(kind: .rnn, hidden: 128, inputSize: 10, symbolInputs: true, outputSize: 9)
        let copy = Dataset.copy(try CopyTask(delay: 100, seed: 1))
        XCTAssertNoThrow(try copy.checkTrainingMemory(config, batchSize: 64, length: 0, evaluationBatchSize: 256, budget: budget))
        expectTooLarge({ try copy.checkTrainingMemory(config, batchSize: 1_000_000_000, length: 0, evaluationBatchSize: 256,
                                                      budget: self.budget) }, "T = 120, B = 1000000000, H = 128")
        // Overflowing estimates are refused, not wrapped.
        let huge = Dataset.copy(try CopyTask(delay: 1 << 40, seed: 1))
        expectTooLarge({ try huge.checkTrainingMemory(config, batchSize: 1 << 40, length: 0, evaluationBatchSize: 256,
                                                      budget: self.budget) }, "more than 8 EiB")
    }

    func testModelsAreSizedBeforeTheyAreBuilt() throws {
        let wide = ModelConfig(kind: .rnn, hidden: 4096, inputSize: ModelConfig.maxClasses, symbolInputs: true, outputSize: 9)
        expectTooLarge({ _ = try makeModel(wide, budget: self.budget) }, "model rnn(H=4096")
        XCTAssertThrowsError(try makeModel(ModelConfig(kind: .rnn, hidden: ModelConfig.maxHidden + 1, inputSize: 2,
                                                       symbolInputs: true, outputSize: 2))) { error in
            XCTAssertEqual("\(error)", "hidden=4097 is out of range (1 to 4096)")
        }
        XCTAssertThrowsError(try makeModel(ModelConfig(kind: .rnn, hidden: 2, inputSize: ModelConfig.maxClasses + 1,
                                                       symbolInputs: true, outputSize: 2)))
    }

    func testGenerationStopsWhenCancelled() throws {
        let copy = try CopyTask(delay: 10, testSize: 5000, seed: 1)
        var polls = 0
        XCTAssertThrowsError(try copy.testBatches(batchSize: 1000, isCancelled: { polls += 1; return polls > 3 })) { error in
            XCTAssertEqual(error as? SyntheticTaskError, .cancelled(task: "copy task"))
        }
        XCTAssertEqual(polls, 4, "polled every 256 examples, stopped at the fourth poll")
        let adding = try AddingTask(length: 10, seed: 1)
        var g = SeededGenerator(seed: 1)
        XCTAssertThrowsError(try adding.randomTrainBatch(size: 600, using: &g, isCancelled: { true })) { error in
            XCTAssertEqual(error as? SyntheticTaskError, .cancelled(task: "adding task"))
        }
    }

    /// A draw cancelled inside the trainer ends the training as cancelled, with the
    /// learner at its last completed step (the generator included).
    func testTrainingCancelledInsideADrawKeepsTheLastStep() throws {
        let data = Dataset.copy(try CopyTask(delay: 5, seed: 1))
        let learner = Learner(model: try makeModel(ModelConfig(kind: .rnn, hidden: 4, inputSize: data.inputSize, symbolInputs: true,
                                                               outputSize: data.outputSize, seed: 2)))
        var drawsAllowed = 2
        var source = try data.trainingSource(batchSize: 4, length: 0, carry: false, seed: 1, isCancelled: {
            drawsAllowed -= 1
            return drawsAllowed < 0
        })
        let outcome = try Trainer.train(learner, on: &source, settings: TrainingSettings(budget: .steps(10)))
        XCTAssertEqual(outcome.reason, .cancelled)
        XCTAssertEqual(outcome.steps, 2)
        XCTAssertEqual(learner.stepsTaken, 2)
        let twin = Learner(model: try makeModel(learner.config))
        var twinSource = try data.trainingSource(batchSize: 4, length: 0, carry: false, seed: 1)
        _ = try Trainer.train(twin, on: &twinSource, settings: TrainingSettings(budget: .steps(2)))
        XCTAssertEqual(learner.generator, twin.generator, "the cancelled draw left the generator as it was")
        XCTAssertEqual(learner.model.parameters.map(\.value), twin.model.parameters.map(\.value))
    }
}
