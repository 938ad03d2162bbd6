import Foundation
import URNNEngine
import URNNScript

/// The cells of a REPL session, kept so that `history`, `save session` and `report` can
/// show them again.
struct Notebook {
    /// One cell: what was typed and what came of it.
    struct Cell {
        let number: Int
        let input: String
        /// The lines the cell printed.
        let output: [String]
        /// How the REPL showed the cell's value, if it had one.
        let value: String?
        /// Rendered diagnostics.
        let errors: [String]
        /// True when Ctrl-C stopped the cell.
        let interrupted: Bool
        /// The image files the cell's plots wrote.
        let plots: [URL]
        /// What `save session` writes instead of `input`: a `train` cell Ctrl-C stopped,
        /// as the steps it completed (`Notebook.interruptedTrainingReplay`).
        var replay: String? = nil

        var ranWithoutError: Bool { errors.isEmpty && !interrupted }
        /// True when `save session` writes the cell: it ran without error, or it is an
        /// interrupted training written as the steps it completed.
        var isReplayed: Bool { ranWithoutError || (errors.isEmpty && replay != nil) }
    }

    private(set) var cells: [Cell] = []

    mutating func append(_ cell: Cell) { cells.append(cell) }

    /// `history`: one entry per cell, its number and its input, marked when it failed.
    func listing() -> String {
        guard !cells.isEmpty else { return "no cells yet" }
        return cells.map { cell in
            let mark = cell.interrupted ? "  # interrupted" : cell.errors.isEmpty ? "" : "  # error"
            let lines = cell.input.split(separator: "\n", omittingEmptySubsequences: false)
            let head = "[\(cell.number)] " + (lines.first.map(String.init) ?? "") + (lines.count == 1 ? mark : "")
            let rest = lines.dropFirst().enumerated().map { index, line in
                "    " + line + (index == lines.count - 2 ? mark : "")
            }
            return ([head] + rest).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// `save session`: the cells that ran without error, in order, as a script `urnn run`
    /// runs; a `train` cell Ctrl-C stopped is written with `steps=` set to the steps it
    /// completed. Cell numbers become comments so the script can be read against the session.
    /// When a saved cell uses `_` or `_N`, which only the REPL defines, each expression
    /// cell that had a value is written as `_N = ...` followed by `_ = _N`, so the script
    /// binds the same names.
    func script(date: Date = Date()) -> String {
        let saved = cells.filter(\.isReplayed)
        let bindValues = saved.contains { Notebook.usesREPLValue($0.input) }
        var lines = ["# urnn \(URNNVersion.string) session, saved \(Notebook.timestamp(date))",
                     "# The cells that ran without error; run with: urnn run FILE", ""]
        for cell in saved {
            lines.append("# [\(cell.number)]" + (cell.replay != nil ? " (interrupted: the steps it completed)" : ""))
            if let replay = cell.replay {
                lines.append(replay)
            } else if bindValues && cell.value != nil && Notebook.isSingleExpression(cell.input) {
                lines.append("_\(cell.number) = \(cell.input.trimmingCharacters(in: .whitespaces))")
                lines.append("_ = _\(cell.number)")
            } else {
                lines.append(cell.input)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// True when `text` is one expression statement, so `_N = text` is valid.
    static func isSingleExpression(_ text: String) -> Bool {
        let (program, errors) = Parser.parse(SourceFile(name: "<cell>", text: text))
        guard errors.isEmpty, program.statements.count == 1, let only = program.statements.first else { return false }
        if case .expression = only.kind { return true }
        return false
    }

    /// True when `text` mentions `_` or `_N` as a name (outside strings and comments).
    static func usesREPLValue(_ text: String) -> Bool {
        var inString = false
        var previous: Character = " "
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inString {
                if c == "\\" { i += 2; continue }
                if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "#" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            } else if c == "_" && !(previous.isLetter || previous.isNumber || previous == "_" || previous == ".") {
                var j = i + 1
                while j < chars.count && chars[j].isNumber { j += 1 }
                let next: Character = j < chars.count ? chars[j] : " "
                if !(next.isLetter || next == "_") { return true }
            }
            previous = c
            i += 1
        }
        return false
    }

    /// `report`: a Markdown notebook. Each cell's input is a fenced code block, its output
    /// and value a text block, its errors another, and its plots image links relative to
    /// the report's folder, so the file renders wherever the folder is moved.
    func markdown(reportURL: URL, date: Date = Date()) -> String {
        let folder = reportURL.deletingLastPathComponent().standardizedFileURL
        var out = ["# urnn session", "",
                   "urnn \(URNNVersion.string), \(Notebook.timestamp(date)); \(cells.count) cells.", ""]
        for cell in cells {
            out.append("## [\(cell.number)]")
            out.append("")
            out.append(Notebook.fenced(cell.input, info: "urnn"))
            let shown = cell.output + (cell.value.map { [$0] } ?? [])
            if !shown.isEmpty {
                out.append("")
                out.append(Notebook.fenced(shown.joined(separator: "\n"), info: "text"))
            }
            if !cell.errors.isEmpty {
                out.append("")
                out.append(cell.interrupted ? "Interrupted:" : "Error:")
                out.append("")
                out.append(Notebook.fenced(cell.errors.joined(separator: "\n"), info: "text"))
            }
            for plot in cell.plots {
                let path = Notebook.relativePath(of: plot, from: folder)
                out.append("")
                out.append("![\(plot.deletingPathExtension().lastPathComponent)](\(Notebook.linkTarget(path)))")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// A fenced block whose fence is longer than any run of backquotes inside, so that no
    /// output can close it early.
    static func fenced(_ text: String, info: String) -> String {
        var longest = 0, run = 0
        for c in text {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)\(info)\n\(text)\n\(fence)"
    }

    /// An image target that Markdown reads whole even with spaces or parentheses in it.
    static func linkTarget(_ path: String) -> String {
        path.contains(where: { $0 == " " || $0 == "(" || $0 == ")" }) ? "<\(path)>" : path
    }

    /// The path of `file` as seen from `folder`: `plots/loss.png`, `../figures/eig.svg`.
    static func relativePath(of file: URL, from folder: URL) -> String {
        let target = file.absoluteURL.standardizedFileURL.pathComponents
        let base = folder.absoluteURL.standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, base.count) && target[common] == base[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...]).joined(separator: "/")
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
