import URNNScript

/// The front end on arbitrary bytes: decoded as UTF-8 (invalid bytes become U+FFFD, as
/// `urnn run` reads a file), then lexed, parsed and checked as `urnn check` does, every
/// diagnostic rendered with its quoted line, and the REPL's incomplete-input rule asked.
/// Nothing runs.
enum ParserTarget {
    static func run(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = Lexer.isIncomplete(text)
        let runner = ScriptRunner(output: CapturedOutput())
        let (_, errors) = runner.check(SourceFile(name: "fuzz.urnn", text: text))
        return errors.flatMap(ScriptErrorPromises.broken)
    }
}

/// What every diagnostic promises, whatever the input: a message, a rendering, and a
/// category that blames the script, its input or an interruption, never urnn itself.
enum ScriptErrorPromises {
    static func broken(_ error: ScriptError) -> [String] {
        var problems: [String] = []
        if error.message.isEmpty { problems.append("an error without a message") }
        if error.rendered.isEmpty { problems.append("an error that renders as nothing: \(error.message)") }
        if error.category == .internal { problems.append("an internal error: \(error.message)") }
        return problems
    }
}
