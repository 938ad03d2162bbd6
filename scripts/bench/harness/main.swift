// The benchmark harness: one configuration per process (so that peak memory is
// that configuration's), one JSON line on stdout. Driven by the scripts in
// scripts/bench/, which also run the peers and print the tables.
//
//   urnn-bench train --model urnn --rule exact --field real --structure dense --hidden 128 --T 100 --batch 64 --steps 10
import Foundation
import URNNEngine

func argument(_ name: String, _ fallback: String) -> String {
    let args = CommandLine.arguments
    if let i = args.firstIndex(of: "--\(name)"), i + 1 < args.count { return args[i + 1] }
    return fallback
}

/// Peak resident memory of this process (VmHWM), in MiB.
func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
        return kb / 1024
    }
    return .nan
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func trainBenchmark() throws {
    let kind = ModelConfig.Kind(rawValue: argument("model", "urnn")) ?? .urnn
    let hidden = Int(argument("hidden", "128")) ?? 128
    let delay = Int(argument("T", "100")) ?? 100
    let batch = Int(argument("batch", "64")) ?? 64
    let steps = Int(argument("steps", "10")) ?? 10
    let rule = UpdateRule(rawValue: argument("rule", "exact")) ?? .exact
    let field = ModelConfig.Field(rawValue: argument("field", "real")) ?? .real
    let structure = ModelConfig.Structure(rawValue: argument("structure", "dense")) ?? .dense
    let task = try CopyTask(delay: delay, trainSize: 1000, testSize: 10, seed: 1)
    let data = Dataset.copy(task)
    let config = ModelConfig(kind: kind, hidden: hidden, inputSize: data.inputSize, symbolInputs: true,
                             outputSize: data.outputSize, rule: rule, field: field, structure: structure, seed: 1)
    let learner = Learner(model: try makeModel(config))
    var source = try data.trainingSource(batchSize: batch, length: 0, carry: false, seed: 1)
    let settings = TrainingSettings(budget: .steps(1), learningRate: 1e-3, recurrentLearningRate: 1e-4,
                                    optimizer: .rmsprop, clip: 1)
    _ = try Trainer.train(learner, on: &source, settings: settings)  // the first step (warm-up) is excluded
    var timed = settings
    timed.budget = .steps(steps)
    let clock = ContinuousClock()
    let t0 = clock.now
    _ = try Trainer.train(learner, on: &source, settings: timed)
    let secs = seconds(clock.now - t0)
    let stepsPerSecond = Double(steps) / secs
    let row: [String: Any] = [
        "model": config.summary, "hidden": hidden, "T": delay, "batch": batch, "steps_per_s": stepsPerSecond,
        "seq_steps_per_s": stepsPerSecond * Double(batch * task.steps), "peak_mib": peakMemoryMiB(), "blas": BLASThreads.kernels,
    ]
    let json = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}

/// Next-word training on a corpus: `--windows N` windows of B x L tokens (0: one
/// whole epoch), tokens per second, and the epoch's time at that rate.
func languageModelBenchmark() throws {
    let kind = ModelConfig.Kind(rawValue: argument("model", "urnn")) ?? .urnn
    let hidden = Int(argument("hidden", "128")) ?? 128
    let batch = Int(argument("batch", "64")) ?? 64
    let length = Int(argument("L", "100")) ?? 100
    let windows = Int(argument("windows", "0")) ?? 0
    let clock = ContinuousClock()
    let loadStart = clock.now
    let corpus = try Corpus.load(path: argument("corpus", "corpora/kjv.txt"),
                                 options: CorpusOptions(tokenizer: Tokenizer(unit: .word, lowercase: true),
                                                        vocabularySize: Int(argument("vocab", "10000")) ?? 10000))
    let loadSeconds = seconds(clock.now - loadStart)
    let data = Dataset.corpus(corpus)
    let config = ModelConfig(kind: kind, hidden: hidden, inputSize: data.inputSize, symbolInputs: true,
                             outputSize: data.outputSize, seed: 1)
    let learner = Learner(model: try makeModel(config))
    var source = try data.trainingSource(batchSize: batch, length: length, carry: true, seed: 1)
    let perEpoch = source.windowsPerEpoch ?? 0
    let budget: TrainingSettings.Budget = windows > 0 ? .steps(windows) : .epochs(1)
    let t0 = clock.now
    let outcome = try Trainer.train(learner, on: &source, settings: TrainingSettings(
        budget: budget, learningRate: 2e-3, recurrentLearningRate: 2e-4, optimizer: .rmsprop, clip: 1))
    let secs = seconds(clock.now - t0)
    let tokensPerSecond = Double(outcome.steps * batch * length) / secs
    let row: [String: Any] = [
        "model": config.summary, "vocab": corpus.vocabulary.count, "windows": outcome.steps, "windows_per_epoch": perEpoch,
        "tokens_per_s": tokensPerSecond, "epoch_s": Double(perEpoch * batch * length) / tokensPerSecond,
        "load_s": loadSeconds, "peak_mib": peakMemoryMiB(), "blas": BLASThreads.kernels, "final_loss": outcome.lastLoss ?? .nan,
    ]
    let json = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}

/// Loading a corpus: seconds and peak memory (this process does nothing else).
func corpusBenchmark() throws {
    let unit: TokenUnit = argument("unit", "word") == "char" ? .char : .word
    let vocab = Int(argument("vocab", "0")) ?? 0
    let clock = ContinuousClock()
    let t0 = clock.now
    let corpus = try Corpus.load(path: argument("corpus", "corpora/kjv.txt"),
                                 options: CorpusOptions(tokenizer: Tokenizer(unit: unit, lowercase: unit == .word),
                                                        vocabularySize: vocab > 0 ? vocab : nil))
    let secs = seconds(clock.now - t0)
    let tokens = CorpusSplit.allCases.reduce(0) { $0 + corpus.tokens($1).count }
    let row: [String: Any] = ["unit": "\(unit)", "vocab": corpus.vocabulary.count, "tokens": tokens, "bytes": corpus.byteCount,
                              "load_s": secs, "peak_mib": peakMemoryMiB()]
    let json = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}

do {
    switch CommandLine.arguments.dropFirst().first ?? "" {
    case "corpus": try corpusBenchmark()
    case "images": try imagesBenchmark()
    case "train": try trainBenchmark()
    case "lm": try languageModelBenchmark()
    case "kernels": print(BLASThreads.kernels)
    default:
        FileHandle.standardError.write(Data("usage: urnn-bench train [--model rnn|lstm|urnn] [--hidden H] [--T T] [--batch B] [--steps N]\n       urnn-bench lm [--model rnn|urnn] [--hidden H] [--batch B] [--L L] [--windows N] [--corpus FILE]\n       urnn-bench images [--dir DIR] [--order pixel|row|permuted] [--model KIND] [--hidden H] [--batch B] [--steps N]\n       urnn-bench kernels\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("urnn-bench: \(error)\n".utf8))
    exit(70)
}
