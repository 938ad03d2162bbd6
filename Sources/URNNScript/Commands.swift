/// Every command of the language, declared once. The parser, `help`, completion and
/// `docs/language.md` all read this list.
public enum Commands {
    /// All commands in the order the reference presents them.
    public static let all: [CommandSpec] = [
        seed, param, set, corpus, task, model, train, eval, eig, gradflow, generate,
        show, results, clear, who, del, time, save, export, plot, help,
    ]

    /// The command called `name`, if there is one.
    public static func named(_ name: String) -> CommandSpec? {
        all.first { $0.name == name }
    }

    /// The command names, for "did you mean" and completion.
    public static var names: [String] { all.map(\.name) }

    static let seed = CommandSpec(
        "seed", summary: "Seed the random generator.",
        doc: "Restarts the random generator of the session from N, so that `rand`, model "
            + "initialisation, batching and generation repeat exactly. A session starts from seed 0.",
        pattern: [.value("N", .int)],
        examples: ["seed 42"])

    static let param = CommandSpec(
        "param", summary: "Declare a script parameter with a default.",
        doc: "Defines NAME as VALUE unless the run overrides it (`urnn run FILE --set NAME=VALUE`); "
            + "an override must have the type of the default. NAME may be a command's name: "
            + "`param seed = 1` then `seed seed` takes the seed that `urnn sweep --seeds` passes.",
        pattern: [.define("NAME"), .equals, .value("VALUE", .any)],
        examples: ["param steps = 2000", "train u on copy steps=steps"])

    static let set = CommandSpec(
        "set", summary: "Change a session setting.",
        doc: "Changes a setting of the session; `show settings` lists them.",
        variantPlaceholder: "SETTING",
        variants: [
            CommandVariant("plots", "The folder plots are written to (default \"plots\").",
                           pattern: [.value("DIR", .string)], example: "set plots \"report/figures\""),
            CommandVariant("threads", "Threads a training pass splits its batch over (default: the cores, at most 2).",
                           pattern: [.value("N", .int)], example: "set threads 2"),
        ],
        examples: ["set plots \"report/figures\"", "set threads 2"])

    static let show = CommandSpec(
        "show", summary: "List models, corpora, tasks, results or settings.",
        doc: "Prints a table of what the session holds.",
        variantPlaceholder: "WHAT",
        variants: [
            CommandVariant("models", "The models defined so far, with their kind and options: each once, under "
                           + "every name bound to it (`r, r2: ...`).", example: "show models"),
            CommandVariant("corpora", "The corpora loaded so far, each once under all its names.", example: "show corpora"),
            CommandVariant("tasks", "The synthetic tasks defined so far, each once under all its names.", example: "show tasks"),
            CommandVariant("results", "The results table that every `eval` appends to (or a loaded sweep's, "
                           + "merged over seeds: mean ± std (n) per grid point); `where` keeps the matching rows.",
                           pattern: [ResultsFilter.keyword],
                           options: [OptionSpec("pivot", .words, .auto("one row per eval"),
                                                "ROWS,COLUMNS,VALUE: e.g. model,seq,accuracy gives the seed's table")]
                               + ResultsFilter.options,
                           example: "show results where data=kjv pivot=model,seq,accuracy"),
            CommandVariant("settings", "The session settings: seed, plots folder, threads.", example: "show settings"),
            CommandVariant("variables", "Every name with its kind and shape, one line each (the same as `who`).",
                           example: "show variables"),
        ],
        examples: ["show models", "show results pivot=model,seq,accuracy"])

    static let results = CommandSpec(
        "results", summary: "Load a sweep's results into the results table.",
        doc: "Replaces the session's `results` with the rows of every run of a sweep (the `--out` folder "
            + "of `urnn sweep`): each run's `results.csv`, its parameters and seed as leading columns. "
            + "Rows that repeat a grid point over seeds are then merged: `show results` prints mean ± std (n) "
            + "per point, `plot results` draws error bars and `export results` writes mean, std and n "
            + "columns. Runs that failed or did not finish are listed with their last lines of stderr.",
        pattern: [.equals],
        variantPlaceholder: "SOURCE",
        variants: [
            CommandVariant("load", "A sweep's folder (sweep.json and one folder per run).",
                           pattern: [.value("DIR", .string)], example: "results = load \"runs/copy\""),
        ],
        examples: ["results = load \"runs/copy\"", "show results pivot=model,seq,accuracy"])

    static let who = CommandSpec(
        "who", summary: "List the names defined, with their kinds and shapes.",
        doc: "Prints one line per name: its kind (number, matrix, list, model, corpus, ...) and its "
            + "value, shape or summary, like IPython's `%whos`; the REPL's `_` and `_N` are left out. "
            + "`show variables` prints the same.",
        examples: ["who"])

    static let del = CommandSpec(
        "del", summary: "Remove a name from the session.",
        doc: "Forgets NAME and what it holds (a matrix, a model, a corpus); a later use is an "
            + "undefined name. What the name held no longer counts against the session's value limit.",
        pattern: [.word("NAME", [])],
        examples: ["del big", "del u"])

    static let time = CommandSpec(
        "time", summary: "Run one statement and print its wall time.",
        doc: "Runs STATEMENT (any statement: a command, an assignment, an expression) and prints "
            + "\"wall time: ...\" when it ends, like IPython's `%time`; an expression keeps its value.",
        pattern: [.word("STATEMENT", [])],
        examples: ["time train u on copy steps=200", "time x = expm(a)"])

    static let clear = CommandSpec(
        "clear", summary: "Remove rows from the results table.",
        doc: "Removes every row of the results table, or with `where` only the matching rows, "
            + "and says how many it removed and how many remain.",
        variantPlaceholder: "WHAT",
        variants: [
            CommandVariant("results", "Rows of the results table: all, or those `where` selects.",
                           pattern: [ResultsFilter.keyword], options: ResultsFilter.options,
                           example: "clear results where data=copy"),
        ],
        examples: ["clear results", "clear results where data=copy"])

    static let save = CommandSpec(
        "save", summary: "Save a model to a checkpoint.",
        doc: "Writes MODEL with its optimizer state, history and generator state to FILE "
            + "(a temporary file renamed into place, so a crash never leaves half a checkpoint).",
        pattern: [.value("MODEL", .object(["model"])), .keyword("to"), .value("FILE", .string)],
        examples: ["save u to \"models/u.urnnm\""])

    static let export = CommandSpec(
        "export", summary: "Write a matrix, a list of numbers or a table to a file.",
        doc: "Writes VALUE to FILE, as CSV or NumPy `.npy` by the file's extension, and prints what it wrote. "
            + "VALUE is any matrix expression (`u.W`, `expm(a)`), a list of numbers (one per CSV line, a 1-D "
            + "`.npy` array; complex when any is, such as `eig(u.W)`) or a table such as `results`; "
            + "`where` keeps the rows of the results table that `show results where` shows.",
        pattern: [.value("VALUE", .any), ResultsFilter.keyword, .keyword("to"), .value("FILE", .string)],
        options: ResultsFilter.options,
        examples: ["export u.W to \"w.npy\"", "export eig(u.W) to \"eig.npy\"", "export results to \"results.csv\"",
                   "export results where data=kjv to \"kjv.csv\""])

    static let help = CommandSpec(
        "help", summary: "Show the commands, or one command in detail.",
        doc: "Without a topic lists every command and built-in function; `help COMMAND` prints its "
            + "usage, options with defaults, and examples; `help functions` lists the built-in functions.",
        pattern: [.optional([.word("TOPIC", [])])],
        examples: ["help", "help train"])
}
