import Foundation
import URNNEngine

/// Loading an IDX data set (default Debian's Fashion-MNIST), and optionally timing
/// `--steps N` training steps on it after one untimed step:
///
///   urnn-bench images [--dir DIR] [--order pixel|row|permuted] [--model urnn] [--hidden H] [--batch B] [--steps N]
///
/// One JSON line: load seconds, peak memory, and with steps the optimizer steps per
/// second and the epoch (the 55,000-image training split in full batches) they imply.
func imagesBenchmark() throws {
    let clock = ContinuousClock()
    let t0 = clock.now
    let data = try IDXDataSet.load(directory: argument("dir", "/usr/share/datasets/fashion-mnist"))
    let loadSeconds = seconds(clock.now - t0)
    var row: [String: Any] = ["train": data.train.count, "test": data.test.count, "load_s": loadSeconds,
                              "peak_mib_after_load": peakMemoryMiB()]
    let steps = Int(argument("steps", "0")) ?? 0
    if steps > 0 {
        let order = ImageTask.Order(rawValue: argument("order", "pixel")) ?? .pixel
        let task = try ImageTask(data: data, order: order)
        let dataset = Dataset.images(task)
        let kind = ModelConfig.Kind(rawValue: argument("model", "urnn")) ?? .urnn
        let hidden = Int(argument("hidden", "128")) ?? 128
        let batch = Int(argument("batch", "128")) ?? 128
        let config = ModelConfig(kind: kind, hidden: hidden, inputSize: dataset.inputSize, symbolInputs: false,
                                 outputSize: dataset.outputSize, seed: 1)
        let learner = Learner(model: try makeModel(config))
        var source = try dataset.trainingSource(batchSize: batch, length: 0, carry: false, seed: 1)
        let settings = TrainingSettings(budget: .steps(1), learningRate: 1e-3, recurrentLearningRate: 1e-4,
                                        optimizer: .rmsprop, clip: 1)
        _ = try Trainer.train(learner, on: &source, settings: settings)  // the first step (warm-up) is excluded
        var timed = settings
        timed.budget = .steps(steps)
        let t1 = clock.now
        _ = try Trainer.train(learner, on: &source, settings: timed)
        let secs = seconds(clock.now - t1)
        let perEpoch = source.batchesPerEpoch ?? 0
        row.merge(["model": config.summary, "order": order.rawValue, "hidden": hidden, "batch": batch, "steps": steps,
                   "steps_per_s": Double(steps) / secs, "batches_per_epoch": perEpoch,
                   "epoch_s_extrapolated": Double(perEpoch) * secs / Double(steps), "peak_mib": peakMemoryMiB()]) { $1 }
    }
    let json = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}
