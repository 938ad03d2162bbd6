import Foundation
import URNNEngine

/// The prose parts of the reference: grammar, value kinds, diagnostics. Commands and
/// functions are rendered from their declarations, not written here.
enum ReferenceText {
    static let introduction = """
        A small, line-oriented language for exploring recurrent networks: the same text runs \
        in the REPL and as a batch script (`urnn run FILE.urnn`).

        ```urnn
        seed 42
        task copy = copy delay=100
        model u = urnn hidden=128 rule=exact
        train u on copy steps=2000 lr=1e-3
        print "unitarity error: {unitarity(u.W)}"
        ```

        A statement ends at the end of its line. A line continues while a `(` or `[` is open, \
        or after a trailing `\\`; inside `{ ... }` each line is one statement of the block. \
        `#` starts a comment. Names are identifiers (`[A-Za-z_][A-Za-z0-9_]*`, lower case by \
        convention) and may not be command or function names; assigning a name again replaces \
        it (with a note when it held a model, corpus or other engine object).

        """

    static let grammar = """
        program     = { [ statement ] NEWLINE } ;
        statement   = "print" [ expression { "," expression } ]
                    | "if" expression block [ "else" ( if | block ) ]
                    | "while" expression block
                    | "for" NAME "in" expression block
                    | NAME "=" expression
                    | "time" statement                       (* runs it, prints its wall time *)
                    | command
                    | expression ;
        block       = "{" { [ statement ] NEWLINE } [ statement ] "}" ;
        command     = COMMAND { positional | option } ;      (* shapes below *)
        option      = NAME "=" optvalue | NAME ;             (* a bare NAME sets a bool option *)
        optvalue    = WORD { "," WORD } | expression { "," expression } ;
        expression  = or ;
        or          = and { "or" and } ;
        and         = not { "and" not } ;
        not         = "not" not | comparison ;
        comparison  = term { ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) term } ;
        term        = factor { ( "+" | "-" ) factor } ;
        factor      = unary { ( "*" | "/" | "@" ) unary } ;
        unary       = "-" unary | postfix ;
        postfix     = primary { "." NAME | "[" index { "," index } "]" } ;
        index       = expression | [ expression ] ":" [ expression ] ;
        primary     = NUMBER | STRING | "true" | "false" | NAME
                    | NAME "(" [ expression { "," expression } ] ")"
                    | "(" expression ")"
                    | "[" [ expression { "," expression } [ "," ] ] "]" ;
        NUMBER      = digits [ "." digits ] [ ( "e" | "E" ) [ "+" | "-" ] digits ] ;
        STRING      = '"' { character | escape | "{" expression "}" } '"' ;
        escape      = '\\"' | "\\\\" | "\\n" | "\\t" | "\\{" | "\\}" ;

        """

    static let values = """
        ## Values

        | kind | written | notes |
        |---|---|---|
        | number | `128`, `1e-3`, `-0.5` | double precision |
        | string | `"plots/{name}.png"` | `{expr}` interpolates; escapes `\\" \\\\ \\n \\t \\{ \\}` |
        | bool | `true`, `false` | `and`, `or`, `not`; conditions must be bools |
        | list | `[100, 200, 400]` | `+` concatenates; `xs[0]`, `xs[-1]`, `xs[1:3]`, `xs[-2:]`; `for x in xs` |
        | matrix | `[[0, 1], [1, 0]]` | a list of bracketed rows; `m[i, j]`; row `m[i]` and column `m[:, j]` as lists; `m[0:2, 1:]` a matrix; `m.T`, `m.H`, `m.rows`, `m.cols` |
        | complex | `complex(0, 1)`, `complex(A, B)` | numbers and matrices; `z.real`, `z.imag` |
        | engine objects | `u`, `kjv`, `results` | models, corpora, tasks, runs, results; members such as `u.W`, `u.A`, `u.history`, `kjv.vocab`, and a model's kind and the options of its declaration (`u.kind`, `u.rule`, `u.hidden`, `u.field`); an unknown member's error lists those there are, and a member that needs training (`u.W`, `u.history`) says the model is untrained |

        Arithmetic: `+ - * /` work on numbers, and elementwise on matrices of one shape or \
        with a number on either side; `@` is the matrix product; shapes are checked and a \
        mismatch is an error naming both shapes. `==` and `!=` compare any two values; `<` \
        `<=` `>` `>=` compare numbers or strings. Indices start at 0; a negative index counts \
        from the end. A range `a:b` takes the positions from a up to, not including, b (either \
        end may be left out, and ends past the length are clamped, as in Python); a position \
        drops its dimension and a range keeps it, so `m[1]` is a list and `m[1:2]` a 1-row matrix.

        """

    static let diagnostics = """
        ## Errors

        Every error names `file:line:col`, quotes the line and puts a caret under the problem:

        ```text
        train.urnn:3:26: error: unknown option 'hiden' for model rnn; did you mean 'hidden'?
            model r = rnn hidden=128 hiden=64
                                     ^~~~~
        ```

        The whole file is parsed and its names, options and functions are checked before \
        anything runs, and every such error is reported at once (the first 20, then a line \
        `and N more errors`; a quoted line too wide for the screen is cut around the caret); \
        a runtime error stops the run at its statement. `urnn run` exits with 65 for a script \
        error, 66 for a missing input file and 70 for an internal error (see `docs/repl.md` \
        for every status).

        ## Limits

        No script text can exhaust the stack of the parser, the checker or the interpreter: \
        past each limit the script is refused with an error at its place, before anything runs:

        - a script is at most 64 MiB (a file or standard input);
        - brackets, blocks, calls, `-` and `not` nest at most 64 levels deep, a bracket and \
        the expression inside it counting as two (`too deeply nested (limit 64 ...)`);
        - an expression is at most 1,000 levels deep, so a chain of operators, `.member`s or \
        `[index]`es has at most 1,000 links (`print 1+1+...+1` with 1,000 terms runs; with \
        1,001 it is `expression too deeply nested (limit 1000 levels ...)`): split longer \
        ones with intermediate variables;
        - an `if` has at most 1,000 `else if` branches, and a statement with everything \
        nested in it at most 1,100 levels;
        - a number literal is at most the largest double (about 1.8e308): `1e400` is an \
        error, not infinity.

        A byte-order mark at the start of a script and Windows line ends (CR LF) are \
        accepted; columns in diagnostics count neither.

        """

    /// `help rules`: how a unitary model's recurrent matrix is updated; one entry per
    /// rule in the engine's registry (`UpdateRules`), in its order.
    static var rules: String {
        let header = """
            Update rules of `urnn` models (option rule=, default \(UpdateRule.exact.rawValue)). W is orthogonal (real)
            or unitary (field=complex); G = dL/dW is its gradient and M = G W^H - W G^H.

            """
        let entries = UpdateRules.summaries.map { rule in
            let lines = wrapped(rule.summary + " " + rule.guarantee, width: 68)
            let name = rule.name.padding(toLength: 10, withPad: " ", startingAt: 0)
            return (["  " + name + lines[0]] + lines.dropFirst().map { String(repeating: " ", count: 12) + $0 })
                .joined(separator: "\n")
        }
        let footer = """

            structure=arjovsky trains its angles and reflections with the optimizer
            (rule=exact only). See docs/models.md.
            """
        return header + "\n" + entries.joined(separator: "\n") + "\n" + footer
    }

    /// Words of `text` in lines of at most `width` characters (a longer word has its own line).
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + [line]
    }
}
