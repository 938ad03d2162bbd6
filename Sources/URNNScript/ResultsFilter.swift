import URNNEngine

/// `where model=... data=... split=...`: the rows of the results table a command works on.
/// Each option takes one or more values (`data=kjv,copy`); a row matches when every given
/// column holds one of its values. Declared once here for `show`, `plot` and `clear results`.
struct ResultsFilter {
    static let columns = ["model", "data", "split"]

    /// The filter options: one per column, each leaving the column unrestricted by default.
    static let options = columns.map { column in
        OptionSpec(column, .words, .auto("any"), "only rows whose \(column) is one of these (after `where`)")
    }

    /// The pattern element that reads `where` before the filter options.
    static let keyword: PatternElement = .optional([.keyword("where")])

    private var wanted: [(column: String, values: [String])] = []

    init(_ inv: Invocation) throws {
        for column in Self.columns {
            if let values = try inv.autoWords(column) { wanted.append((column, values)) }
        }
    }

    var isEmpty: Bool { wanted.isEmpty }

    func matches(_ row: ResultsObject.Row, in results: ResultsObject) -> Bool {
        wanted.allSatisfy { $0.values.contains(results.cell(row, $0.column)) }
    }

    /// A table with the matching rows of `results` (the same table when nothing is asked for).
    func apply(_ results: ResultsObject) -> ResultsObject {
        guard !isEmpty else { return results }
        let subset = ResultsObject()
        subset.rows = results.rows.filter { matches($0, in: results) }
        subset.leadingColumns = results.leadingColumns
        subset.parameterColumns = results.parameterColumns
        subset.seedsAsked = results.seedsAsked
        return subset
    }

    /// `data=kjv split=test`, for messages.
    var description: String {
        wanted.map { "\($0.column)=\($0.values.joined(separator: ","))" }.joined(separator: " ")
    }
}
