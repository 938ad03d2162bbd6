import Numerics

/// Builders for spectra of the recurrent matrix: eigenvalues in the complex plane and singular values.

/// A model's eigenvalues, for `PlotSpec.eigenvalues`.
public struct EigenvalueSet: Sendable, Equatable {
    public var name: String
    public var values: [Complex<Double>]

    /// The eigenvalues of one model's recurrent matrix, shown under `name`.
    public init(name: String, values: [Complex<Double>]) {
        self.name = name; self.values = values
    }
}

extension PlotSpec {
    /// Number of segments of the drawn unit circle: fine enough to look round on a 900-pixel chart.
    static let unitCircleSegments = 256

    /// Eigenvalues in the complex plane, one marker shape per model, with the unit circle (where
    /// a unitary matrix's eigenvalues lie) dashed, on equal axes so the circle is round.
    public static func eigenvalues(_ sets: [EigenvalueSet]) throws -> PlotSpec {
        guard !sets.isEmpty else { throw PlotError.invalidData("eig needs at least one model") }
        let n = unitCircleSegments
        let angles = (0...n).map { 2 * Double.pi * Double($0) / Double(n) }
        var series: [PlotSeries] = [.line(LineSeries(name: "unit circle", x: angles.map(Double.cos),
                                                     y: angles.map(Double.sin), dash: .dashed,
                                                     colorIndex: 6, width: 1))]
        var radius = 1.0
        for (i, s) in sets.enumerated() {
            let finite = s.values.filter { $0.real.isFinite && $0.imaginary.isFinite }
            radius = max(radius, finite.map(\.length).max() ?? 0)
            series.append(.complexPoints(ComplexPointSeries(
                name: s.name, real: s.values.map(\.real), imaginary: s.values.map(\.imaginary),
                marker: GnuplotScript.markers[i % GnuplotScript.markers.count], colorIndex: i)))
        }
        // Symmetric ranges with a margin, so the circle and every eigenvalue fit and x and y
        // keep the same scale.
        let r = radius * 1.15
        return PlotSpec(kind: "eig", title: "Eigenvalues of W", xLabel: "real part", yLabel: "imaginary part",
                        series: series, equalAxes: true, legend: .outside, xRange: -r...r, yRange: -r...r)
    }

    /// Singular values of each model's recurrent matrix, largest first, against their rank.
    /// For a unitary matrix all are 1; `logY` shows spread over decades.
    public static func singularValues(_ sets: [NamedCurve], logY: Bool = false) throws -> PlotSpec {
        guard !sets.isEmpty else { throw PlotError.invalidData("svd needs at least one model") }
        let sorted = sets.map { NamedCurve(name: $0.name, y: $0.y.sorted(by: >)) }
        return PlotSpec(kind: "svd", title: "Singular values of W", xLabel: "index i (largest first)",
                        yLabel: "singular value", series: lines(sorted, withPoints: true), logY: logY,
                        legend: .below)
    }
}
