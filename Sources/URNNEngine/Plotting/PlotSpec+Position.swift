/// The builder of the chart of accuracy by position in the window.

extension PlotSpec {
    /// Next-token accuracy against the position t = 1 ... L in the window, one line per model
    /// (`PositionScores.accuracy`). A window read from a fresh state has seen t tokens at
    /// position t, so the curve shows how much each model gains from longer context.
    public static func position(_ curves: [NamedCurve]) throws -> PlotSpec {
        guard !curves.isEmpty else { throw PlotError.invalidData("position needs at least one model") }
        return PlotSpec(kind: "position", title: "Accuracy by position in the window", xLabel: "position t in the window",
                        yLabel: "accuracy", series: lines(curves), legend: .below)
    }
}
