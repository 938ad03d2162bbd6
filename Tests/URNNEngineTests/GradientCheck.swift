import XCTest
@testable import URNNEngine

/// Central finite differences of the mean loss against the analytic gradient of
/// every parameter tensor. Returns the relative error per tensor:
/// ‖g_fd − g‖ / max(‖g_fd‖, ‖g‖, tiny).
func finiteDifferenceErrors(_ model: RecurrentModel, _ batch: SequenceBatch, state: HiddenState? = nil,
                            truncation: Int? = nil, h: Double = 1e-6,
                            skip: Set<String> = []) throws -> [String: Double] {
    let options = RunOptions(backward: true, truncation: truncation)
    _ = try model.run(batch, state: state, options: options)
    var analytic: [String: [Double]] = [:]
    for p in model.parameters { analytic[p.name] = p.gradient }
    var errors: [String: Double] = [:]
    for p in model.parameters where !skip.contains(p.name) {
        var fd = [Double](repeating: 0, count: p.count)
        for k in 0..<p.count {
            let saved = p.value[k]
            p.value[k] = saved + h
            try model.parametersDidChange()
            let lp = try model.run(batch, state: state, options: RunOptions(backward: false)).summary.meanLoss
            p.value[k] = saved - h
            try model.parametersDidChange()
            let lm = try model.run(batch, state: state, options: RunOptions(backward: false)).summary.meanLoss
            p.value[k] = saved
            fd[k] = (lp - lm) / (2 * h)
        }
        try model.parametersDidChange()
        let g = analytic[p.name]!
        var diff = 0.0, nfd = 0.0, ng = 0.0
        for k in 0..<p.count { diff += (fd[k] - g[k]) * (fd[k] - g[k]); nfd += fd[k] * fd[k]; ng += g[k] * g[k] }
        errors[p.name] = diff.squareRoot() / max(nfd.squareRoot(), ng.squareRoot(), 1e-300)
        if ProcessInfo.processInfo.environment["URNN_GRADCHECK_VERBOSE"] != nil { print("gradcheck", p.name, errors[p.name]!, ng.squareRoot()) }
    }
    return errors
}

/// Asserts every relative error is within `tolerance`, printing expected and observed.
func assertGradientsMatch(_ errors: [String: Double], tolerance: Double = 1e-6, _ context: String,
                          file: StaticString = #filePath, line: UInt = #line) {
    for (name, e) in errors.sorted(by: { $0.key < $1.key }) {
        XCTAssertLessThanOrEqual(e, tolerance, "\(context): ∂L/∂\(name) relative error \(e) > tolerance \(tolerance)",
                                 file: file, line: line)
    }
}

/// A small random batch: symbols in and out over every step, or dense in and last-step regression.
func tinyBatch(steps: Int, batch: Int, inputs: Int, outputs: Int, symbols: Bool, seed: UInt64) -> SequenceBatch {
    var g = SeededGenerator(seed: seed)
    if symbols {
        let x = (0..<steps).map { _ in (0..<batch).map { _ in g.int(below: inputs) } }
        let y = (0..<steps).map { t in (0..<batch).map { b in (t + b) % 3 == 0 ? -1 : g.int(below: outputs) } }
        return SequenceBatch(input: .symbols(x), target: .symbols(y))
    }
    let x = (0..<steps).map { _ in Matrix.randomNormal(rows: inputs, cols: batch, using: &g) }
    return SequenceBatch(input: .dense(x), target: .lastStep(Matrix.randomNormal(rows: outputs, cols: batch, using: &g)))
}
