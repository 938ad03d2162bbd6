import Foundation
import URNNScript

/// Tab completion that knows the language. Everything it offers is read from the
/// declarations (`Commands.all`, `Builtins.names`; inside a command, what its pattern
/// expects at that place: `PatternPosition`) and from the session's names and their
/// members, so it can never drift from what the parser accepts.
struct Completer {
    /// The session, for the names defined so far.
    let interpreter: Interpreter
    /// Words the REPL understands besides the language (`history`, `report`, ...).
    let metaCommands: [String]

    /// The language's keywords that can start or continue a statement.
    static let keywords = ["if", "else", "for", "in", "while", "print", "and", "or", "not", "true", "false"]

    /// The completions of `word`, given the text of the line before it.
    func candidates(before: String, word: String) -> [String] {
        if let members = memberCandidates(word) { return members }
        var statement = currentStatement(before)
        // `time STATEMENT` times a statement: what follows `time` completes as one.
        while let first = statement.split(separator: " ").first, first == "time",
              statement.drop(while: { $0 == " " }).dropFirst(first.count).first == " " {
            statement = String(statement.drop(while: { $0 == " " }).dropFirst(first.count + 1))
        }
        let words = statement.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let pool: [String]
        if statement.trimmingCharacters(in: .whitespaces).isEmpty {
            pool = Commands.names + Completer.keywords + names + Builtins.names + metaCommands
        } else if let spec = words.first.flatMap(Commands.named) {
            pool = commandCandidates(spec, words: words, afterEquals: before.hasSuffix("="))
        } else if before.hasSuffix("=") {
            pool = names + Builtins.names + ["true", "false"]
        } else {
            pool = names + Builtins.names + Completer.keywords
        }
        var seen = Set<String>()
        return pool.filter { $0.hasPrefix(word) && seen.insert($0).inserted }.sorted()
    }

    /// `kjv.vo` completes to `kjv.vocab`: after `NAME.` (or `NAME.member.`), the members of
    /// that value, each with the text before it, since the word replaced is the whole
    /// `NAME.prefix`. Nil when the word has no `.` after a defined name.
    func memberCandidates(_ word: String) -> [String]? {
        guard let dot = word.lastIndex(of: ".") else { return nil }
        let path = word[..<dot].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = path.first, var value = interpreter.lookup(first) else { return nil }
        // A chain of members (`u.history.`) is followed through objects only: reading an
        // object's member is cheap and has no effect; one it cannot give completes nothing.
        for name in path.dropFirst() {
            guard case .object(let object) = value, let next = try? object.member(name) else { return [] }
            value = next
        }
        let prefix = String(word[word.index(after: dot)...])
        let head = String(word[...dot])
        return value.memberNames.filter { $0.hasPrefix(prefix) }.sorted().map { head + $0 }
    }

    /// The names the session defines, without the REPL's `_` and `_N`.
    var names: [String] {
        interpreter.globals.keys.filter { !$0.hasPrefix("_") }.sorted()
    }

    /// What may come next inside a command: a kind, an option name, an option's value, or
    /// what its declaration expects at this place: `plot loss <Tab>` offers models only,
    /// `train u on <Tab>` corpora and tasks. Options already written are not offered again.
    func commandCandidates(_ spec: CommandSpec, words: [String], afterEquals: Bool) -> [String] {
        let variant = words.dropFirst().lazy.compactMap(spec.variant(named:)).first
        let options = spec.options(for: variant)
        if afterEquals {
            // `rule=` offers its values; `model u =` offers the kinds.
            let key = String((words.last ?? "").dropLast())
            if let option = options.first(where: { $0.name == key }) {
                return Completer.values(of: option)
            }
            return variant == nil ? spec.variants.map(\.name) : names
        }
        if spec.name == "help" {
            return Commands.names + Builtins.names + ["functions", "rules"]
        }
        // `key=value` is an option; a bare word naming a bool option (`inline`) is one too.
        func optionName(_ word: String) -> String? {
            if let equals = word.firstIndex(of: "="), equals != word.startIndex { return String(word[..<equals]) }
            return options.contains { $0.name == word && $0.type == .bool } ? word : nil
        }
        let arguments = words.dropFirst().filter { optionName($0) == nil }
        let given = Set(words.dropFirst().compactMap(optionName))
        let position = PatternPosition(spec, written: Array(arguments))
        var pool = position.words + position.kinds.flatMap(names(of:)) + (position.anyWord ? names : [])
        if position.optionsAllowed {
            pool += options.filter { !given.contains($0.name) }.map { $0.name + "=" }
        }
        return pool
    }

    /// The session's names that can stand for an argument of `kind`: objects of its kinds,
    /// or any name (and the built-in functions) where an expression goes.
    func names(of kind: ArgumentKind) -> [String] {
        switch kind {
        case .object(let kinds):
            return names.filter { name in
                if case .object(let o)? = interpreter.lookup(name) { return kinds.contains(o.kindName) }
                return false
            }
        case .string:
            return []
        case .any, .int, .number, .matrix:
            return names + Builtins.names
        }
    }

    /// The values an option can take, when they are few.
    static func values(of option: OptionSpec) -> [String] {
        switch option.type {
        case .choice(let values): return values
        case .bool: return ["true", "false"]
        default: return []
        }
    }

    /// The text of the statement being typed: after the last `;`, `{`, `}` or line end outside
    /// strings (a cell from the kernel has several lines; readline's buffer has one).
    func currentStatement(_ text: String) -> String {
        var start = text.startIndex
        var inString = false
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "\"" { inString.toggle() }
            if c == "\n" { inString = false }
            if !inString && (c == ";" || c == "{" || c == "}" || c == "\n") { start = text.index(after: i) }
            i = text.index(after: i)
        }
        return String(text[start...])
    }

    /// The characters that end a word for completion, as the line editor sets them for
    /// readline: `=` breaks so that `rule=` completes its value, `.` and `/` do not.
    static let wordBreaks: Set<Character> = [" ", "\t", "\n", "\"", "'", "(", ")", ",", "[", "]", "{", "}", ";", "=", "+", "*", "@", "<", ">"]

    /// Completion of a whole cell at `cursor` (counted in Unicode scalars, as Jupyter
    /// counts): the matches and the range of scalars they replace. Inside a string it
    /// completes file names, as readline does in the terminal session.
    func complete(code: String, cursor: Int) -> (matches: [String], start: Int, end: Int) {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor, 0), scalars.count)
        var before = String.UnicodeScalarView()
        before.append(contentsOf: scalars[..<end])
        let text = String(before)
        let line = String(text.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
        if line.filter({ $0 == "\"" }).count % 2 == 1, let quote = line.lastIndex(of: "\"") {
            let prefix = String(line[line.index(after: quote)...])
            return (Completer.fileNames(prefix), end - prefix.unicodeScalars.count, end)
        }
        let word = String(line.reversed().prefix { !Completer.wordBreaks.contains($0) }.reversed())
        let head = String(text.unicodeScalars.dropLast(word.unicodeScalars.count))
        return (candidates(before: head, word: word), end - word.unicodeScalars.count, end)
    }

    /// The files and folders whose path begins with `prefix` (folders with a trailing `/`);
    /// hidden ones only when the prefix asks for them.
    static func fileNames(_ prefix: String) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let folder = slash.map { String(prefix[...$0]) } ?? ""
        let start = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        let expanded = folder.hasPrefix("~/") ? NSHomeDirectory() + folder.dropFirst() : folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: expanded.isEmpty ? "." : expanded)) ?? []
        return names.filter { $0.hasPrefix(start) && (start.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map { name in
            var isFolder: ObjCBool = false
            let path = folder + name
            _ = FileManager.default.fileExists(atPath: expanded + name, isDirectory: &isFolder)
            return isFolder.boolValue ? path + "/" : path
        }
    }
}
