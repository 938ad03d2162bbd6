/// Plot specifications: plain values that say what to draw, independent of gnuplot.
///
/// A `PlotSpec` is built by one of the kind builders (`PlotSpec.training`, `.eigenvalues`,
/// `.gradientFlow`, `.unitarity`, `.results`, `.singularValues`, `.position`, `.series`,
/// `.history`) or by hand, may be adjusted
/// (every field is a `var`), and is drawn by a `PlotRenderer`.

/// How a line is drawn.
public enum LineDash: String, Sendable, Equatable {
    case solid, dashed, dotted
}

/// Where the legend (gnuplot's key) goes.
public enum LegendPlacement: String, Sendable, Equatable, CaseIterable {
    case topRight, topLeft, bottomRight, bottomLeft, outside, hidden
    /// Under the chart, outside the frame: never covers data, and long names have the width.
    case below
}

/// A curve through points `(x[i], y[i])`, drawn as a line (optionally with markers).
public struct LineSeries: Sendable, Equatable {
    /// The legend entry; empty for none.
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public var dash: LineDash
    /// Draws a marker at every point as well as the line.
    public var withPoints: Bool
    /// Index into the renderer's palette; series sharing an index share a colour. `nil`: next colour.
    public var colorIndex: Int?
    /// Line width in gnuplot units.
    public var width: Double
    /// Half-heights of error bars at the points (y ± error), drawn with gnuplot's
    /// `yerrorlines`; nil for a plain line. Same length as `y` (checked when rendered).
    public var yErrors: [Double]?
    /// Drawn against the right-hand y axis (`PlotSpec.y2Label`, `logY2`).
    public var secondAxis: Bool

    /// A line series; `x` and `y` must have the same length (checked when rendered).
    public init(name: String, x: [Double], y: [Double], dash: LineDash = .solid,
                withPoints: Bool = false, colorIndex: Int? = nil, width: Double = 2, yErrors: [Double]? = nil,
                secondAxis: Bool = false) {
        self.name = name; self.x = x; self.y = y; self.dash = dash
        self.withPoints = withPoints; self.colorIndex = colorIndex; self.width = width; self.yErrors = yErrors
        self.secondAxis = secondAxis
    }
}

/// Isolated points `(x[i], y[i])` drawn as markers, such as held-out evaluations.
public struct PointSeries: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    /// gnuplot point type (7 filled circle, 5 filled square, 9 filled triangle, ...); `nil`: by order.
    public var marker: Int?
    public var colorIndex: Int?
    /// Marker size relative to gnuplot's default.
    public var size: Double

    /// A point series; `x` and `y` must have the same length (checked when rendered).
    public init(name: String, x: [Double], y: [Double], marker: Int? = nil,
                colorIndex: Int? = nil, size: Double = 1.2) {
        self.name = name; self.x = x; self.y = y
        self.marker = marker; self.colorIndex = colorIndex; self.size = size
    }
}

/// Points in the complex plane given as real and imaginary parts, such as eigenvalues.
public struct ComplexPointSeries: Sendable, Equatable {
    public var name: String
    public var real: [Double]
    public var imaginary: [Double]
    public var marker: Int?
    public var colorIndex: Int?
    public var size: Double

    /// A complex point series; `real` and `imaginary` must have the same length.
    public init(name: String, real: [Double], imaginary: [Double], marker: Int? = nil,
                colorIndex: Int? = nil, size: Double = 1.2) {
        self.name = name; self.real = real; self.imaginary = imaginary
        self.marker = marker; self.colorIndex = colorIndex; self.size = size
    }
}

/// One layer of a chart.
public enum PlotSeries: Sendable, Equatable {
    case line(LineSeries)
    case points(PointSeries)
    case complexPoints(ComplexPointSeries)

    /// The legend entry of the layer.
    public var name: String {
        switch self {
        case let .line(s): return s.name
        case let .points(s): return s.name
        case let .complexPoints(s): return s.name
        }
    }

    /// True for a line drawn against the right-hand y axis.
    public var onSecondAxis: Bool {
        if case let .line(s) = self { return s.secondAxis }
        return false
    }

    /// The layer's points as (first column, second column) pairs, as they go to the data file.
    public var columns: (first: [Double], second: [Double]) {
        switch self {
        case let .line(s): return (s.x, s.y)
        case let .points(s): return (s.x, s.y)
        case let .complexPoints(s): return (s.real, s.imaginary)
        }
    }
}

/// A horizontal line across the chart at `y`, such as a task's baseline loss.
public struct ReferenceLine: Sendable, Equatable {
    public var name: String
    public var y: Double
    public var dash: LineDash

    /// A reference line, dashed unless told otherwise.
    public init(name: String, y: Double, dash: LineDash = .dashed) {
        self.name = name; self.y = y; self.dash = dash
    }
}

/// Everything a chart shows. Builders fill in sensible defaults; every field can be changed.
public struct PlotSpec: Sendable, Equatable {
    /// Which builder made the spec ("loss", "eig", ...); used in the files' header comments.
    public var kind: String
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [PlotSeries]
    public var references: [ReferenceLine]
    /// Logarithmic y axis. Values `<= 0` cannot be drawn there: the renderer raises them to a
    /// floor a decade below the smallest positive value and marks the floor with a dotted line.
    public var logY: Bool
    /// The right-hand y axis, used when a series has `secondAxis`: its label and log scale.
    public var y2Label: String = ""
    public var logY2: Bool = false
    /// One unit on x is as long as one unit on y (for the complex plane).
    public var equalAxes: Bool
    public var legend: LegendPlacement
    /// Fixed axis ranges; `nil` lets gnuplot choose.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?

    /// A spec with no layers yet.
    public init(kind: String = "custom", title: String = "", xLabel: String = "", yLabel: String = "",
                series: [PlotSeries] = [], references: [ReferenceLine] = [], logY: Bool = false,
                equalAxes: Bool = false, legend: LegendPlacement = .topRight,
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil) {
        self.kind = kind; self.title = title; self.xLabel = xLabel; self.yLabel = yLabel
        self.series = series; self.references = references; self.logY = logY
        self.equalAxes = equalAxes; self.legend = legend; self.xRange = xRange; self.yRange = yRange
    }

    /// A copy with the given fields replaced; `nil` keeps the builder's default. This is how the
    /// language's `title=`, `xlabel=`, `ylabel=`, `logy` and `legend=` options apply.
    public func overriding(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                           logY: Bool? = nil, legend: LegendPlacement? = nil) -> PlotSpec {
        var s = self
        if let title { s.title = title }
        if let xLabel { s.xLabel = xLabel }
        if let yLabel { s.yLabel = yLabel }
        if let logY { s.logY = logY }
        if let legend { s.legend = legend }
        return s
    }
}
