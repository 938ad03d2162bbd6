extension SequenceBatch {
    /// The sequences `range` of the batch.
    func slice(_ range: Range<Int>) -> SequenceBatch {
        if range.count == batchSize { return self }
        let input: SequenceInput
        switch self.input {
        case .symbols(let s): input = .symbols(s.map { Array($0[range]) })
        case .dense(let d): input = .dense(d.map { $0.columns(range) })
        }
        let target: SequenceTarget
        switch self.target {
        case .symbols(let s): target = .symbols(s.map { Array($0[range]) })
        case .lastStep(let y): target = .lastStep(y.columns(range))
        case .lastStepClasses(let c): target = .lastStepClasses(Array(c[range]))
        }
        return SequenceBatch(input: input, target: target)
    }

    /// The number of positions that carry a loss: the normaliser of the mean loss.
    var lossPositions: Int {
        switch target {
        case .symbols(let s): return s.reduce(0) { $0 + $1.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
        case .lastStep(let y): return y.cols
        case .lastStepClasses(let c): return c.count
        }
    }
}

extension DenseMatrix {
    /// Matrices with the same number of rows, side by side.
    static func concatenatingColumns(_ parts: [DenseMatrix]) -> DenseMatrix {
        guard let first = parts.first else { return DenseMatrix(rows: 0, cols: 0) }
        if parts.count == 1 { return first }
        var elements: [Scalar] = []
        elements.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for p in parts { elements.append(contentsOf: p.elements) }
        return DenseMatrix(rows: first.rows, cols: parts.reduce(0) { $0 + $1.cols }, elements: elements)
    }
}
