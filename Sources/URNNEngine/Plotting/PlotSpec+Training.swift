/// Builders for charts of training histories: loss and accuracy by batch, gradient flow over
/// time steps, and the unitarity error of the recurrent matrix over training.

/// One run's history of a metric, with optional held-out evaluations, for `PlotSpec.training`.
public struct TrainingRun: Sendable, Equatable {
    /// Legend name: the model's name with its key options, as the caller wants it shown.
    public var name: String
    /// Batch numbers and the metric after each.
    public var batches: [Double]
    public var values: [Double]
    /// Evaluations on the validation data during training: batch numbers and the metric,
    /// drawn as markers named "(valid)".
    public var heldOutBatches: [Double]
    public var heldOutValues: [Double]

    /// A run's history; the held-out arrays may be empty.
    public init(name: String, batches: [Double], values: [Double],
                heldOutBatches: [Double] = [], heldOutValues: [Double] = []) {
        self.name = name; self.batches = batches; self.values = values
        self.heldOutBatches = heldOutBatches; self.heldOutValues = heldOutValues
    }
}

/// A named sequence of values against x, for gradient flow, unitarity error and similar charts.
public struct NamedCurve: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var y: [Double]

    /// A curve through `(x[i], y[i])`.
    public init(name: String, x: [Double], y: [Double]) {
        self.name = name; self.x = x; self.y = y
    }

    /// A curve with x = 1, 2, ..., n.
    public init(name: String, y: [Double]) {
        self.init(name: name, x: (0..<y.count).map { Double($0 + 1) }, y: y)
    }
}

/// Which training metric a chart shows.
public enum TrainingMetric: String, Sendable, Equatable {
    case loss, accuracy
}

extension PlotSpec {
    /// Loss or accuracy by batch, one line per run on one chart (the seed's "convergence by
    /// batches"). `smooth` > 1 draws a trailing moving average over that many batches instead of
    /// the raw values; validation points are marked in the run's colour and never smoothed;
    /// `baseline` (such as a task's memoryless loss) is drawn as a dashed line named `baselineName`.
    public static func training(_ metric: TrainingMetric, runs: [TrainingRun], smooth: Int? = nil,
                                logY: Bool = false, baseline: Double? = nil,
                                baselineName: String = "baseline") throws -> PlotSpec {
        guard !runs.isEmpty else { throw PlotError.invalidData("\(metric.rawValue) needs at least one run") }
        if let smooth, smooth < 1 { throw PlotError.invalidData("smooth must be at least 1, got \(smooth)") }
        let window = smooth ?? 1
        var series: [PlotSeries] = []
        for (i, run) in runs.enumerated() {
            guard run.batches.count == run.values.count else {
                throw PlotError.invalidData("run '\(GnuplotQuoting.sanitized(run.name))' has \(run.batches.count) batch numbers but \(run.values.count) values")
            }
            series.append(.line(LineSeries(name: run.name, x: run.batches,
                                           y: movingAverage(run.values, window: window), colorIndex: i)))
            if !run.heldOutBatches.isEmpty || !run.heldOutValues.isEmpty {
                series.append(.points(PointSeries(name: "\(run.name) (valid)", x: run.heldOutBatches,
                                                  y: run.heldOutValues, marker: 7, colorIndex: i)))
            }
        }
        let name = metric == .loss ? "Training loss" : "Accuracy"
        let smoothNote = window > 1 ? " (moving average over \(window) batches)" : ""
        return PlotSpec(kind: metric.rawValue, title: "\(name) by batch\(smoothNote)", xLabel: "batch",
                        yLabel: metric.rawValue, series: series,
                        references: baseline.map { [ReferenceLine(name: baselineName, y: $0)] } ?? [],
                        logY: logY, legend: .below)
    }

    /// The norm of the gradient with respect to the hidden state, ||dL/dh_t||, against the time
    /// step t, one line per model, on a log axis: vanishing gradients fall away to the left.
    public static func gradientFlow(_ curves: [NamedCurve]) throws -> PlotSpec {
        guard !curves.isEmpty else { throw PlotError.invalidData("gradflow needs at least one model") }
        return PlotSpec(kind: "gradflow", title: "Gradient flow through time", xLabel: "time step t",
                        yLabel: "||dL/dh_t||", series: lines(curves), logY: true, legend: .below)
    }

    /// The unitarity error of the recurrent matrix, such as ||W*W - I||_F, over training, one line
    /// per model, on a log axis: a `free` update drifts upward while `exact` stays near 1e-15.
    /// Exact zeros are drawn on the floor line the renderer adds (see `PlotSpec.logY`).
    public static func unitarity(_ curves: [NamedCurve]) throws -> PlotSpec {
        guard !curves.isEmpty else { throw PlotError.invalidData("unitarity needs at least one model") }
        return PlotSpec(kind: "unitarity", title: "Unitarity error of W during training", xLabel: "batch",
                        yLabel: "||W*W - I||_F", series: lines(curves), logY: true, legend: .below)
    }

    static func lines(_ curves: [NamedCurve], withPoints: Bool = false) -> [PlotSeries] {
        curves.enumerated().map { i, c in
            .line(LineSeries(name: c.name, x: c.x, y: c.y, withPoints: withPoints, colorIndex: i))
        }
    }
}

/// The trailing moving average of `values` over `window` entries: entry i averages the finite
/// values among i-window+1...i, so the curve starts at the first batch instead of `window` later,
/// and one NaN loss does not blank out a whole window. NaN where the window has no finite value.
public func movingAverage(_ values: [Double], window: Int) -> [Double] {
    guard window > 1 else { return values }
    // Each window is summed afresh rather than kept as a running sum: a running sum picks up
    // rounding from every value that leaves it (1.45 would come out as 1.4499999999999997).
    return values.indices.map { i in
        let finite = values[max(0, i - window + 1)...i].filter(\.isFinite)
        return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
    }
}
