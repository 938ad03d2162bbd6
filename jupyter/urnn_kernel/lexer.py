"""A Pygments lexer for .urnn scripts: commands, keywords, strings (with `{expr}`
interpolation), numbers, comments. The word lists are checked against the program's own
declarations (`urnn kernel`'s info reply) by the kernel's tests."""

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

COMMANDS = ("seed", "param", "set", "corpus", "task", "model", "train", "eval", "eig", "gradflow",
            "generate", "show", "clear", "save", "export", "plot", "help", "results", "who", "del", "time")
KEYWORDS = ("if", "else", "for", "in", "while", "print", "and", "or", "not")
CONSTANTS = ("true", "false")
FUNCTIONS = ("expm", "eig", "svd", "norm", "transpose", "adjoint", "skew", "eye", "zeros", "rand", "randn",
             "sigmoid", "tanh", "exp", "log", "sqrt", "abs", "is_unitary", "unitarity", "len", "range", "shape",
             "complex", "sum", "mean", "max", "min", "trace", "det")


class URNNLexer(RegexLexer):
    """The .urnn language (docs/language.md)."""

    name = "urnn"
    aliases = ["urnn"]
    filenames = ["*.urnn"]
    mimetypes = ["text/x-urnn"]

    tokens = {
        "root": [
            (r"#.*?$", Comment.Single),
            (r"\s+", Whitespace),
            # A function is a name before `(` (`eig(w)`); a command is the same word alone (`eig u`).
            (words(FUNCTIONS, prefix=r"\b", suffix=r"(?=\()"), Name.Builtin),
            (words(COMMANDS, prefix=r"\b", suffix=r"\b(?!=)"), Keyword.Pseudo),
            (words(KEYWORDS, prefix=r"\b", suffix=r"\b"), Keyword),
            (words(CONSTANTS, prefix=r"\b", suffix=r"\b"), Keyword.Constant),
            (r"(\w+)(=)(?!=)", bygroups(Name.Attribute, Operator)),
            (r"\d+(\.\d+)?([eE][+-]?\d+)?", Number),
            (r'"', String.Double, "string"),
            (r"==|!=|<=|>=|[-+*/@<>=:]", Operator),
            (r"[()\[\]{},;.]", Punctuation),
            (r"\\\n", Text),
            (r"[A-Za-z_]\w*", Name),
            (r".", Text),
        ],
        "string": [
            (r'\\["\\nt{}]', String.Escape),
            (r"\{[^}\n]*\}", String.Interpol),
            (r'"', String.Double, "#pop"),
            (r"\n", String.Double, "#pop"),
            (r'[^"\\{\n]+', String.Double),
            (r".", String.Double),
        ],
    }
