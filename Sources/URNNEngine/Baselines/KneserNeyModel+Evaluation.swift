import Foundation

extension KneserNeyModel {
    /// Loss, accuracy and top-5 accuracy over `batches` (windows of a corpus split), scored
    /// as the recurrent models' `evaluate` scores them: the cross-entropy −log P(target) in
    /// nats, a hit when the target ranks first (top-5: among the first five) in the smoothed
    /// distribution, equal probabilities ranked by smaller id first (`NextTokenScore`), and
    /// the same per-position record.
    ///
    /// The context follows the recurrent models' state: without `carry` a window starts
    /// from nothing, so at position t (1-based) the model knows the t input tokens of the
    /// window read so far and its context is their last min(n − 1, t); with `carry` the
    /// inputs of the previous window of the same stream come before them.
    public func evaluate(_ batches: [SequenceBatch], carry: Bool = false) throws -> LossSummary {
        var total = LossSummary()
        var carried: [[Int32]] = []
        var p = [Double](repeating: 0, count: vocabularySize)
        for batch in batches {
            guard case .symbols(let inputs) = batch.input, case .symbols(let targets) = batch.target else {
                throw ModelError.invalidOption("an n-gram model reads symbol sequences (a corpus), not dense inputs")
            }
            let steps = inputs.count, streams = batch.batchSize
            guard targets.count == steps, targets.allSatisfy({ $0.count == streams }),
                  inputs.allSatisfy({ $0.count == streams }) else {
                throw ModelError.shape("targets are \(targets.count) steps, inputs \(steps)")
            }
            var summary = LossSummary()
            summary.positions = PositionScores(length: steps)
            if carried.count != streams { carried = [[Int32]](repeating: [], count: streams) }
            for b in 0..<streams {
                var history: [Int32] = carry ? carried[b] : []
                for t in 0..<steps {
                    let x = inputs[t][b], y = targets[t][b]
                    guard x >= 0 && x < vocabularySize else {
                        throw ModelError.shape("input token \(x) is outside the vocabulary 0..<\(vocabularySize)")
                    }
                    history.append(Int32(x))
                    if history.count > order { history.removeFirst(history.count - order) }
                    if y == -1 { continue }
                    guard y >= 0 && y < vocabularySize else {
                        throw ModelError.shape("target token \(y) is outside the vocabulary 0..<\(vocabularySize)")
                    }
                    let (loss, rank) = p.withUnsafeMutableBufferPointer { q -> (Double, Int) in
                        fill(q, after: history[...])
                        let target = q[y]
                        var rank = 0
                        for w in 0..<vocabularySize where q[w] > target || (q[w] == target && w < y) { rank += 1 }
                        return (-Foundation.log(target), rank)
                    }
                    summary.count += 1
                    summary.lossSum += loss
                    if rank < 1 { summary.correct += 1 }
                    if rank < 5 { summary.top5Correct += 1 }
                    summary.positions.add(position: t, loss: loss, isCorrect: rank < 1)
                }
                carried[b] = history
            }
            total = total + summary
        }
        return total
    }
}
