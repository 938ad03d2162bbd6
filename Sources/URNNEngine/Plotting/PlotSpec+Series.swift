/// Builders for charts of plain numbers: `plot series` (lists or matrix columns a script
/// computed) and `plot history` (any recorded training metric by name, two y axes when the
/// metrics' units differ).

/// A metric recorded at every training step, as `plot history` names it.
public enum HistoryMetric: String, Sendable, Equatable, CaseIterable {
    case loss, accuracy, gradnorm, unitarity, time

    /// What the metric measures, for the axis label.
    public var label: String {
        switch self {
        case .loss: return "loss (nats)"
        case .accuracy: return "accuracy"
        case .gradnorm: return "gradient norm"
        case .unitarity: return "||W*W - I||_F"
        case .time: return "wall time (s)"
        }
    }

    /// Metrics of one unit share an axis: norms with norms, fractions alone.
    public var unit: String {
        switch self {
        case .loss: return "nats"
        case .accuracy: return "fraction"
        case .gradnorm, .unitarity: return "norm"
        case .time: return "seconds"
        }
    }

    /// The metric of one step record (NaN where it was not recorded, such as accuracy on a
    /// task without one).
    public func value(_ record: StepRecord) -> Double {
        switch self {
        case .loss: return record.loss
        case .accuracy: return record.accuracy ?? .nan
        case .gradnorm: return record.gradientNorm
        case .unitarity: return record.unitarityError
        case .time: return record.wallTime
        }
    }
}

extension PlotSpec {
    /// Lines through `(x, y)` for each curve, as given. One chart, the legend below it.
    public static func series(_ curves: [NamedCurve], xLabel: String = "x", yLabel: String = "y",
                              logY: Bool = false) throws -> PlotSpec {
        guard !curves.isEmpty else { throw PlotError.invalidData("series needs at least one list of numbers") }
        return PlotSpec(kind: "series", title: "", xLabel: xLabel, yLabel: yLabel,
                        series: lines(curves, withPoints: curves.allSatisfy { $0.x.count <= 50 }),
                        logY: logY, legend: .below)
    }

    /// Recorded metrics by batch, one line per run and metric. The metrics' units decide the
    /// axes: the first unit on the left, a second unit on the right; more than two units do
    /// not fit one chart and are refused. A run's metrics share its colour, told apart by dash.
    public static func history(runs: [(name: String, history: TrainingHistory)], metrics: [HistoryMetric],
                               logY: Bool = false, logY2: Bool = false) throws -> PlotSpec {
        guard !runs.isEmpty, !metrics.isEmpty else { throw PlotError.invalidData("history needs a model and a metric") }
        var units: [String] = []
        for m in metrics where !units.contains(m.unit) { units.append(m.unit) }
        guard units.count <= 2 else {
            throw PlotError.invalidData("\(metrics.map(\.rawValue).joined(separator: ", ")) have \(units.count) units "
                                        + "(\(units.joined(separator: ", "))); one chart has two y axes: plot them in two charts")
        }
        let dashes: [LineDash] = [.solid, .dashed, .dotted]
        var series: [PlotSeries] = []
        for (i, run) in runs.enumerated() {
            let steps = run.history.steps
            for (k, metric) in metrics.enumerated() {
                let name = runs.count == 1 && metrics.count > 1 ? metric.rawValue : "\(run.name) \(metric.rawValue)"
                series.append(.line(LineSeries(name: name, x: steps.map { Double($0.step) }, y: steps.map(metric.value),
                                               dash: dashes[k % dashes.count], colorIndex: runs.count == 1 ? k : i,
                                               secondAxis: metric.unit != units[0])))
            }
        }
        func label(_ unit: String) -> String {
            metrics.filter { $0.unit == unit }.map(\.label).joined(separator: ", ")
        }
        var spec = PlotSpec(kind: "history", title: "Training history", xLabel: "batch", yLabel: label(units[0]),
                            series: series, logY: logY, legend: .below)
        if units.count == 2 {
            spec.y2Label = label(units[1])
            spec.logY2 = logY2
        }
        return spec
    }
}
