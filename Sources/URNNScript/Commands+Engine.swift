import URNNEngine

/// The commands that make and use the engine's objects: corpora, tasks, models, runs.
extension Commands {
    static let corpus = CommandSpec(
        "corpus", summary: "Load a text corpus.",
        doc: "Reads a text file, tokenises it, builds the vocabulary and splits it into "
            + "training, validation and test parts.",
        pattern: [.define("NAME"), .equals],
        variants: [
            CommandVariant(
                "load", "A plain-text file.", pattern: [.value("FILE", .string)],
                options: [
                    OptionSpec("unit", .choice(["word", "char"]), .word("word"), "tokens are words or characters"),
                    OptionSpec("vocab", .int, .auto("every token"), "keep the most frequent tokens; the rest become <unk>",
                               range: .atLeast(1)),
                    OptionSpec("split", .numbers, .numbers([0.9, 0.05, 0.05]), "train,valid,test fractions"),
                    OptionSpec("lowercase", .bool, .bool(true), "fold the text to lower case"),
                ],
                example: "corpus kjv = load \"corpora/kjv.txt\" unit=word vocab=10000 split=0.9,0.05,0.05"),
        ],
        examples: ["corpus kjv = load \"corpora/kjv.txt\" unit=word vocab=10000"])

    static let taskSizes = [
        OptionSpec("train", .int, .int(10000), "training sequences", range: .atLeast(1)),
        OptionSpec("test", .int, .int(1000), "held-out sequences for eval", range: .atLeast(1)),
        OptionSpec("valid", .int, .int(1000), "validation sequences, which training evaluates on (eval_every, patience)",
                   range: .atLeast(1)),
    ]

    static let task = CommandSpec(
        "task", summary: "Define a synthetic long-memory task, or image sequences.",
        doc: "Defines a generated task with a known baseline (the loss of the best memoryless guess), "
            + "or a sequence classification of the images of an IDX data set (MNIST, Fashion-MNIST).",
        pattern: [.define("NAME"), .equals],
        variants: [
            CommandVariant(
                "copy", "Remember a short sequence and repeat it after a delay.",
                options: [
                    OptionSpec("delay", .int, .int(100), "T: blank steps between the 10 symbols (from 1..8) and the marker",
                               range: .atLeast(1)),
                ] + taskSizes,
                example: "task copy = copy delay=100 train=10000 test=1000"),
            CommandVariant(
                "adding", "Add the two marked numbers of a long sequence.",
                options: [OptionSpec("length", .int, .int(200), "sequence length", range: .atLeast(2))] + taskSizes,
                example: "task add = adding length=200"),
            CommandVariant(
                "images", "Classify images read as sequences (IDX files in DIR, plain or .gz); the class is read out "
                    + "after the last step.",
                pattern: [.value("DIR", .string)],
                options: [
                    OptionSpec("order", .choice(ImageTask.Order.allCases.map(\.rawValue)), .word("pixel"),
                               "pixel: one pixel a step; row: one row a step; permuted: one pixel a step in a fixed "
                               + "random order"),
                    OptionSpec("permute_seed", .int, .int(Int(ImageTask.defaultPermutationSeed)),
                               "the seed of the permuted order's permutation", range: .atLeast(0)),
                    OptionSpec("valid", .int, .int(ImageTask.defaultValidCount),
                               "the last N training images, held out as the validation split", range: .atLeast(0)),
                    OptionSpec("test", .int, .int(0),
                               "score the first N test images only (0: all of them)", range: .atLeast(0)),
                ],
                example: "task fm = images \"/usr/share/datasets/fashion-mnist\" order=row"),
        ],
        examples: ["task copy = copy delay=100", "task add = adding length=200",
                   "task fm = images \"/usr/share/datasets/fashion-mnist\" order=permuted"])

    /// H, with the engine's one cap (`ModelConfig.maxHidden`).
    static let hidden = OptionSpec("hidden", .int, .int(128), "hidden units H",
                                   range: .between(1, Double(ModelConfig.maxHidden)))

    static let model = CommandSpec(
        "model", summary: "Define a recurrent model or an n-gram baseline, or load a saved model.",
        doc: "Defines NAME as a new model of the given kind; input and output sizes come from the "
            + "data it is first trained on. An `ngram` is counted, not trained: `train` counts a corpus's "
            + "training split, and `eval` and `plot position` score it as they score the recurrent models.",
        pattern: [.define("NAME"), .equals],
        variants: [
            CommandVariant(
                "rnn", "An Elman RNN with a free recurrent matrix.",
                options: [
                    hidden,
                    OptionSpec("activation", .choice(["tanh", "relu", "sigmoid"]), .word("tanh"), "the nonlinearity"),
                    OptionSpec("init", .choice(["orthogonal", "gaussian", "identity"]), .word("orthogonal"),
                               "initial recurrent matrix"),
                ],
                example: "model r = rnn hidden=128 activation=tanh"),
            CommandVariant(
                "lstm", "A long short-term memory network.",
                options: [hidden],
                example: "model l = lstm hidden=128"),
            CommandVariant(
                "gru", "A gated recurrent unit (Cho et al. 2014).",
                options: [hidden],
                example: "model g = gru hidden=128"),
            CommandVariant(
                "urnn", "An RNN whose recurrent matrix is kept unitary (orthogonal when real).",
                options: [
                    hidden,
                    OptionSpec("rule", .choice(UpdateRules.names), .word(UpdateRule.exact.rawValue),
                               "update rule of the recurrent matrix"),
                    OptionSpec("activation", .choice(["modrelu", "tanh", "sigmoid"]), .word("modrelu"), "the nonlinearity"),
                    OptionSpec("field", .choice(["real", "complex"]), .word("real"), "orthogonal or complex unitary W"),
                    OptionSpec("structure", .choice(["dense", "arjovsky"]), .word("dense"),
                               "dense exp(A), or the product of diagonal, reflection, permutation and FFT factors"),
                    OptionSpec("init", .choice(["henaff", "cayley", "random", "zero"]), .word("henaff"),
                               "initial generator A"),
                ],
                example: "model u = urnn hidden=128 rule=exact activation=modrelu field=real"),
            CommandVariant(
                "ngram", "A count baseline for corpora: an n-gram with interpolated Kneser-Ney smoothing.",
                options: [
                    OptionSpec("order", .int, .int(2), "n: 1 unigram, 2 bigram, 3 trigram",
                               range: .between(1, Double(KneserNeyModel.maxOrder))),
                ],
                example: "model g = ngram order=3"),
            CommandVariant(
                "load", "A model saved with `save`.", pattern: [.value("FILE", .string)],
                example: "model u2 = load \"models/u.urnnm\""),
        ],
        examples: ["model r = rnn hidden=128", "model u = urnn hidden=128 rule=exact", "model s = urnn structure=arjovsky"])

    /// T of `train` on a corpus, and of eval and gradflow on a model never trained on one.
    static let defaultSequenceLength = 100

    static let dataArgument: PatternElement = .value("DATA", .object(["corpus", "task"]))
    static let modelArgument: PatternElement = .value("MODEL", .object(["model"]))

    static let train = CommandSpec(
        "train", summary: "Train a model on a corpus or a task.",
        doc: "Runs truncated backpropagation through time with the chosen optimizer; the recurrent "
            + "matrix follows the model's update rule with its own learning rate `lr_w`. Evaluations during "
            + "training read the validation data (a corpus's valid split, a task's valid set), never the test "
            + "data. With `patience=P` it evaluates after each epoch (every `eval_every` steps when given), "
            + "keeps the parameters with the lowest validation loss, stops after P evaluations in a row "
            + "without a lower one, and restores the best parameters and the optimizer's state before it "
            + "returns. Ctrl-C stops at the next step and keeps the last completed step (with `patience`, "
            + "the best so far).",
        pattern: [modelArgument, .keyword("on"), dataArgument],
        options: [
            OptionSpec("steps", .int, .int(1000), "optimizer steps (ignored when epochs is given)", range: .between(1, 1e9)),
            OptionSpec("epochs", .int, .auto("use steps"), "passes over the training data", range: .between(1, 1e6)),
            OptionSpec("batch", .int, .int(64), "sequences per batch B", range: .atLeast(1)),
            OptionSpec("lr", .number, .number(1e-3), "learning rate", range: .above(0)),
            OptionSpec("lr_w", .number, .auto("same as lr"), "learning rate of the recurrent matrix", range: .atLeast(0)),
            OptionSpec("optimizer", .choice(["sgd", "rmsprop", "adam"]), .word("rmsprop"), "the optimizer"),
            OptionSpec("momentum", .number, .number(0.9),
                       "SGD's momentum, optimizer=sgd only (rmsprop's decay is fixed at 0.99)",
                       range: .from(0, below: 1)),
            OptionSpec("clip", .number, .number(1), "clip the gradient norm to this; 0 turns clipping off",
                       range: .atLeast(0)),
            OptionSpec("tbptt", .int, .auto("whole sequence"), "steps of truncated backpropagation", range: .atLeast(1)),
            OptionSpec("seq", .int, .int(defaultSequenceLength), "sequence length T for corpora", range: .atLeast(1)),
            OptionSpec("carry", .bool, .bool(false), "carry the hidden state across batches"),
            OptionSpec("eval_every", .int, .int(0),
                       "evaluate on the validation data every N steps; 0 = after each epoch with patience, else at the end only",
                       range: .atLeast(0)),
            OptionSpec("patience", .int, .auto("off"),
                       "stop after N evaluations without a lower validation loss and restore the best parameters",
                       range: .between(1, 1e6)),
            OptionSpec("log_every", .int, .int(100), "report progress every N steps; 0 = no progress lines",
                       range: .atLeast(0)),
        ],
        examples: ["train u on copy steps=2000 batch=128 lr=1e-3 lr_w=1e-4 optimizer=rmsprop clip=1",
                   "train r on kjv epochs=1 seq=100 batch=64",
                   "train r on kjv epochs=20 patience=3 seq=100 batch=64",
                   "train u on copy steps=20000 eval_every=500 patience=4"])

    static let eval = CommandSpec(
        "eval", summary: "Evaluate a model on held-out data.",
        doc: "Prints loss and accuracy (and the baseline for tasks), and appends a row to `results`. On a "
            + "corpus, every window starts from a fresh state; the row also keeps the accuracy and loss at each "
            + "position of the window (`plot position` draws them), the step the model has reached and the "
            + "state of its recurrent matrix W: the spectral radius (`radius`) and the unitarity error "
            + "||W W^H - I||_F (`unitarity`); with `gradflow`, the share of the gradient that reaches the first "
            + "step, flow = ||dL/dh_1|| / ||dL/dh_T|| on the first batch.",
        pattern: [modelArgument, .keyword("on"), dataArgument],
        options: [
            OptionSpec("seq", .int, .auto("as trained; 100 for an ngram"), "sequence length T", range: .atLeast(1)),
            OptionSpec("batch", .int, .int(64), "sequences per batch", range: .atLeast(1)),
            OptionSpec("split", .choice(["test", "valid"]), .word("test"),
                       "the held-out split scored: test, or the validation split that model selection uses"),
            OptionSpec("gradflow", .bool, .bool(false), "also measure the gradient flow (the results column flow)"),
        ],
        examples: ["eval u on copy", "eval r on kjv seq=200 split=valid", "eval u on copy gradflow"])

    static let eig = CommandSpec(
        "eig", summary: "Summarise the spectrum of a model's recurrent matrix.",
        doc: "Prints the spectral radius, min/max |lambda|, the unitarity error and the top singular "
            + "values of W. (The function `eig(M)` returns the eigenvalues of a matrix.)",
        pattern: [modelArgument],
        options: [OptionSpec("top", .int, .int(5), "singular values to list", range: .atLeast(0))],
        examples: ["eig u"])

    /// The batch `gradflow` and `plot gradflow` measure on: one declaration for both.
    static let gradientFlowOptions = [
        OptionSpec("seq", .int, .auto("as trained"), "sequence length T", range: .atLeast(1)),
        OptionSpec("batch", .int, .int(64), "sequences in the batch", range: .atLeast(1)),
    ]

    static let gradflow = CommandSpec(
        "gradflow", summary: "Measure how the gradient flows back in time.",
        doc: "Computes ||dL/dh_t|| over t on one batch and prints a summary: the norms at t = 1 and t = T, their "
            + "ratio, the smallest and largest over t, and a verdict: exploding if the largest is over 1e3 times the "
            + "norm at T, vanishing if the smallest is under 1e-3 times it, else kept alive.",
        pattern: [modelArgument, .keyword("on"), dataArgument],
        options: gradientFlowOptions,
        examples: ["gradflow r on copy"])

    static let generate = CommandSpec(
        "generate", summary: "Generate text from a model trained on a corpus.",
        doc: "Feeds the prompt and samples the continuation.",
        pattern: [modelArgument, .keyword("from"), .value("PROMPT", .string)],
        options: [
            OptionSpec("words", .int, .int(30), "tokens to generate",
                       range: .between(0, 100_000)),
            OptionSpec("temperature", .number, .number(1), "sampling temperature", range: .above(0)),
            OptionSpec("top_k", .int, .int(0), "sample from the k most likely tokens; 0 = all", range: .atLeast(0)),
            OptionSpec("greedy", .bool, .bool(false), "always take the most likely token"),
            OptionSpec("seed", .int, .auto("the session generator"), "seed for this generation only", range: .atLeast(0)),
        ],
        examples: ["generate r from \"in the beginning\" words=30 temperature=0.8"])
}
