import URNNEngine

/// The `plot` command: one kind per chart, each drawn by gnuplot.
extension Commands {
    static let plotTargets: PatternElement = .values("MODEL", .object(["model", "run"]))
    static let plotOutput: PatternElement = .optional([.keyword("to"), .value("FILE", .string)])
    static let logScale = OptionSpec("logy", .bool, .bool(false), "logarithmic y axis")
    /// The windows `plot position` evaluates on: those of `eval`.
    static let positionOptions = [
        OptionSpec("seq", .int, .auto("as trained; 100 for an ngram"), "window length L", range: .atLeast(1)),
        OptionSpec("batch", .int, .int(64), "sequences per batch", range: .atLeast(1)),
    ]
    static let smooth = OptionSpec("smooth", .int, .int(1), "moving average over N batches", range: .atLeast(1))

    static let plot = CommandSpec(
        "plot", summary: "Draw a chart with gnuplot.",
        doc: "Writes the image (by the extension of FILE: .png, .svg or .pdf; FILE is relative to the "
            + "current folder; without `to`, `PLOTS/KIND-NAMES.png` in the plots folder, NAMES being what "
            + "the chart shows: `plot loss u r` writes `loss-u-r.png`) next to a readable gnuplot script "
            + "`NAME.EXT.gp` and its data `NAME.EXT.dat`, or draws in the terminal with `inline` at the "
            + "terminal's size (both with `inline to FILE`).",
        options: [
            OptionSpec("title", .string, .auto("names the models and their key options"), "chart title"),
            OptionSpec("xlabel", .string, .auto("by kind"), "x axis label"),
            OptionSpec("ylabel", .string, .auto("by kind"), "y axis label"),
            OptionSpec("inline", .bool, .bool(false), "draw in the terminal (gnuplot's dumb terminal)"),
        ],
        variantPlaceholder: "KIND",
        variants: [
            CommandVariant(
                "loss", "Training loss by batch, one line per model; held-out points marked.",
                pattern: [plotTargets, plotOutput],
                options: [smooth, logScale],
                example: "plot loss u r smooth=20 logy to \"plots/loss.png\""),
            CommandVariant(
                "accuracy", "Training accuracy by batch, one line per model.",
                pattern: [plotTargets, plotOutput],
                options: [smooth],
                example: "plot accuracy u r"),
            CommandVariant(
                "eig", "Eigenvalues of W in the complex plane with the unit circle.",
                pattern: [plotTargets, plotOutput],
                example: "plot eig u r to \"plots/eig.svg\""),
            CommandVariant(
                "gradflow", "||dL/dh_t|| against t on a batch of DATA.",
                pattern: [plotTargets, .keyword("on"), dataArgument, plotOutput],
                options: [logScale.withDefault(.bool(true))] + gradientFlowOptions,
                example: "plot gradflow u r on kjv seq=200 batch=16"),
            CommandVariant(
                "position", "Accuracy at each position t of the window on DATA's test split, one line per model.",
                pattern: [plotTargets, .keyword("on"), dataArgument, plotOutput],
                options: positionOptions,
                example: "plot position u g on kjv seq=100"),
            CommandVariant(
                "unitarity", "Unitarity error of W over training.",
                pattern: [plotTargets, plotOutput],
                options: [logScale.withDefault(.bool(true))],
                example: "plot unitarity u f"),
            CommandVariant(
                "results", "A chart of the results table (the rows `where` selects).",
                pattern: [ResultsFilter.keyword, plotOutput],
                options: [
                    OptionSpec("x", .word, .word("seq"), "results column on the x axis"),
                    OptionSpec("y", .word, .word("accuracy"), "results column on the y axis"),
                    OptionSpec("by", .word, .word("model"), "one line per value of this column"),
                    logScale,
                ] + ResultsFilter.options,
                example: "plot results where data=kjv x=seq y=accuracy by=model"),
            CommandVariant(
                "series", "Lines through numbers: lists or matrix columns, the first VALUE against the others "
                    + "(one VALUE: against 1, 2, ...).",
                pattern: [.values("VALUES", .any), plotOutput],
                options: [OptionSpec("names", .words, .auto("y1, y2, ..."), "legend names, one per line"), logScale],
                example: "plot series range(1, 11) errors names=error logy"),
            CommandVariant(
                "history", "Metrics MODEL recorded at each step, by batch; a second y axis when their units differ.",
                pattern: [.value("MODEL", .object(["model", "run"])),
                          .words("METRIC", HistoryMetric.allCases.map(\.rawValue)), plotOutput],
                options: [logScale, OptionSpec("logy2", .bool, .bool(false), "logarithmic right-hand y axis")],
                example: "plot history u loss gradnorm unitarity logy2"),
            CommandVariant(
                "svd", "Singular values of W, largest first.",
                pattern: [plotTargets, plotOutput], options: [logScale],
                example: "plot svd u r"),
        ],
        examples: ["plot loss u r smooth=20 to \"plots/loss.png\"", "plot eig u inline"])
}

extension OptionSpec {
    /// The same option with another default.
    func withDefault(_ value: OptionDefault) -> OptionSpec {
        OptionSpec(name, type, value, doc, range: range)
    }
}
