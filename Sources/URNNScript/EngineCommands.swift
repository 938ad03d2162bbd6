import Foundation
import URNNEngine

/// The state the engine commands share in one session: the results table, the
/// gnuplot process (one per session: in the REPL it stays alive between plots),
/// and the plots made so far.
public final class EngineSession {
    /// Every file plot made in this session, in order (the REPL's `report` links them).
    public internal(set) var plotsMade: [URL] = []
    let gnuplot: GnuplotSession
    let results = ResultsObject()
    /// The steps the last `train` completed when Ctrl-C stopped it (nil when it ran to
    /// its end): the REPL saves such a cell as those steps.
    public var interruptedTrainingSteps: Int?

    public init(gnuplotTimeout: Double = 60) {
        gnuplot = GnuplotSession(timeout: gnuplotTimeout)
    }

    /// Ends the gnuplot process.
    public func close() { gnuplot.close() }

    /// The results table as CSV (what `export results` writes), with `leading` columns of
    /// constant values first: a sweep's run writes its parameters beside each `eval` row.
    /// Cells with a comma, quote or line break are quoted as RFC 4180 says.
    public func resultsCSV(leading: [(name: String, value: String)] = []) -> String {
        let header = leading.map(\.name) + ResultsObject.columns
        var lines = [CSVText.line(header)]
        for row in results.rows {
            lines.append(CSVText.line(leading.map(\.value) + ResultsObject.columns.map { results.cell(row, $0) }))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Installs the handlers of the engine commands (corpus, task, model, train, eval,
/// eig, gradflow, generate, save, plot, show models|corpora|tasks|results) on an
/// interpreter, and defines `results`.
public enum EngineCommands {
    public static func install(on interpreter: Interpreter, session: EngineSession = EngineSession()) {
        interpreter.predeclaredNames.insert("results")
        interpreter.define("results", .object(session.results))
        installDefinitions(on: interpreter)
        installTraining(on: interpreter, session: session)
        installInspection(on: interpreter, session: session)
        installClear(on: interpreter, session: session)
        installPlots(on: interpreter, session: session)
        installResults(on: interpreter, session: session)
    }

    /// A runtime error at the command for an engine failure.
    static func failure(_ inv: Invocation, _ error: Error) -> ScriptError {
        if let e = error as? ScriptError { return e }
        if case SyntheticTaskError.cancelled? = error as? SyntheticTaskError {
            return inv.error("interrupted (\(error))", category: .interrupted)
        }
        return inv.error("\(error)")
    }

    static func model(_ inv: Invocation, _ placeholder: String = "MODEL") throws -> ModelObject {
        let object = try inv.object(placeholder, kinds: ["model"])
        if let g = object as? NGramObject { throw notRecurrent(g, inv, at: placeholder) }
        guard let m = object as? ModelObject else {
            throw inv.error("'\(inv.spec.name)' needs a model", at: placeholder)
        }
        return m
    }

    /// The n-gram model at MODEL, or nil when it is another model.
    static func ngram(_ inv: Invocation) throws -> NGramObject? {
        try inv.object("MODEL", kinds: ["model"]) as? NGramObject
    }

    /// The error of a command that needs a recurrent model, given an n-gram.
    static func notRecurrent(_ g: NGramObject, _ inv: Invocation, at placeholder: String?) -> ScriptError {
        let what = inv.spec.name == "plot" ? "plot \(inv.variant?.name ?? "")" : inv.spec.name
        var message = "'\(what)' needs a recurrent model; '\(g.displayName)' is an ngram (counts), "
            + "which train, eval and plot position take"
        if inv.spec.name == "save" {
            message += ": an ngram is not saved (train counts the corpus again in seconds)"
        }
        return inv.error(message, at: placeholder)
    }

    static func data(_ inv: Invocation, _ placeholder: String = "DATA") throws -> DataObject {
        guard let d = try inv.object(placeholder, kinds: ["corpus", "task"]) as? DataObject else {
            throw inv.error("'\(inv.spec.name)' needs a corpus or a task", at: placeholder)
        }
        return d
    }

    // MARK: corpus, task, model, save

    static func installDefinitions(on interpreter: Interpreter) {
        interpreter.register("corpus") { inv, interp in
            guard case .string(let path)? = inv.argument("FILE") else { throw inv.error("corpus needs a file name", at: "FILE") }
            let fractions = try inv.numbers("split")
            guard fractions.count == 3 else { throw inv.error("split needs three fractions: train,valid,test", at: "split") }
            // Unset (the declared `auto`), every training token is kept.
            let vocab = try inv.autoInt("vocab")
            let unit: TokenUnit = try inv.string("unit") == "char" ? .char : .word
            let options = CorpusOptions(tokenizer: Tokenizer(unit: unit, lowercase: try inv.bool("lowercase")),
                                        vocabularySize: vocab,
                                        split: SplitFractions(train: fractions[0], valid: fractions[1], test: fractions[2]))
            let corpus: Corpus
            do { corpus = try Corpus.load(path: path, options: options) } catch {
                let category: ErrorCategory = FileManager.default.fileExists(atPath: path) ? .script : .missingInput
                throw inv.error("\(error)", at: "FILE", category: category)
            }
            let name = inv.names["NAME"] ?? "corpus"
            let object = DataObject(name: name, dataset: .corpus(corpus))
            interp.define(name, .object(object), noteIfReplacing: true)
            // The statistics a researcher checks first: split sizes, vocabulary, OOV rate, top tokens.
            var lines = corpus.statistics(mostFrequent: 10).description.split(separator: "\n").map(String.init)
            if let first = lines.first, first.hasPrefix("corpus ") { lines[0] = String(first.dropFirst("corpus ".count)) }
            interp.output.write("corpus \(name) = " + lines.joined(separator: "\n  "))
            return .none
        }
        interpreter.register("task") { inv, interp in
            let name = inv.names["NAME"] ?? "task"
            if inv.variant?.name == "images" {
                let object = DataObject(name: name, dataset: try imageTask(inv))
                interp.define(name, .object(object), noteIfReplacing: true)
                interp.output.write("task \(name) = \(object.summary)")
                return .none
            }
            let seed = interp.generator.next()
            let train = try inv.int("train"), test = try inv.int("test"), valid = try inv.int("valid")
            let dataset: Dataset
            do {
                if inv.variant?.name == "adding" {
                    dataset = .adding(try AddingTask(length: try inv.int("length"), trainSize: train, testSize: test,
                                                 validSize: valid, seed: seed))
                } else {
                    dataset = .copy(try CopyTask(delay: try inv.int("delay"), trainSize: train, testSize: test,
                                                 validSize: valid, seed: seed))
                }
            } catch { throw failure(inv, error) }
            let object = DataObject(name: name, dataset: dataset)
            interp.define(name, .object(object), noteIfReplacing: true)
            return .none
        }
        interpreter.register("model") { inv, interp in
            let name = inv.names["NAME"] ?? "model"
            let object: ModelObject
            if inv.variant?.name == "load" {
                guard case .string(let path)? = inv.argument("FILE") else { throw inv.error("load needs a file name", at: "FILE") }
                do {
                    let (learner, version) = try Checkpoint.read(from: URL(fileURLWithPath: path))
                    object = ModelObject(name: name, requested: learner.config, learner: learner)
                    if version < 2, learner.stepsTaken > 0 {
                        interp.output.note("\(path) is a format-\(version) checkpoint, which does not record what it was trained on: "
                                           + "eval and gradflow use seq=\(Commands.defaultSequenceLength) unless given, "
                                           + "and generate needs a training on the corpus first")
                    }
                } catch let error as CheckpointError {
                    if case .missing = error { throw inv.error("\(error)", at: "FILE", category: .missingInput) }
                    throw inv.error("\(error)", at: "FILE")
                } catch let error as FileAccessError {
                    throw inv.error("\(error)", at: "FILE")
                } catch { throw failure(inv, error) }
            } else if inv.variant?.name == "ngram" {
                interp.define(name, .object(try defineNGram(inv, name: name)), noteIfReplacing: true)
                return .none
            } else {
                object = ModelObject(name: name, requested: try requestedConfig(inv, seed: interp.generator.next()))
            }
            interp.define(name, .object(object), noteIfReplacing: true)
            return .none
        }
        interpreter.register("save") { inv, interp in
            let m = try model(inv)
            guard case .string(let path)? = inv.argument("FILE") else { throw inv.error("save needs a file name", at: "FILE") }
            guard let learner = m.learner else {
                throw inv.error("model '\(m.displayName)' has not met any data yet: train it before saving", at: "MODEL")
            }
            do { try Checkpoint.save(learner, to: URL(fileURLWithPath: path)) } catch { throw inv.error("\(error)", at: "FILE") }
            interp.output.write("saved \(m.displayName) to \(path) (\(learner.model.parameterCount) parameters, \(learner.stepsTaken) steps)")
            return .none
        }
    }

    /// The images of `task NAME = images "DIR" ...`: the four IDX files read and checked.
    static func imageTask(_ inv: Invocation) throws -> Dataset {
        guard case .string(let directory)? = inv.argument("DIR") else {
            throw inv.error("images needs a directory", at: "DIR")
        }
        guard let order = ImageTask.Order(rawValue: try inv.string("order")) else {
            throw inv.error("internal error: 'images' declares an order the engine does not know", at: "order",
                            category: .internal)
        }
        let permuteSeed = try inv.int("permute_seed"), valid = try inv.int("valid"), test = try inv.int("test")
        let data: IDXDataSet
        do { data = try IDXDataSet.load(directory: directory) } catch {
            let missing: Bool
            if case IDXError.missingFile = error { missing = true } else { missing = false }
            throw inv.error("\(error)", at: "DIR", category: missing ? .missingInput : .script)
        }
        do {
            return .images(try ImageTask(data: data, order: order, permutationSeed: UInt64(permuteSeed), validCount: valid,
                                         testCount: test == 0 ? nil : test))
        } catch IDXError.testOutOfRange(let n, let images, let path) {
            throw inv.error("\(IDXError.testOutOfRange(test: n, testImages: images, path: path))", at: "test")
        } catch { throw inv.error("\(error)", at: "valid") }
    }

    /// The configuration a `model NAME = KIND ...` command asks for (sizes filled in later).
    static func requestedConfig(_ inv: Invocation, seed: UInt64) throws -> ModelConfig {
        guard let name = inv.variant?.name, let kind = ModelConfig.Kind(rawValue: name) else {
            throw inv.error("internal error: 'model' has no engine kind '\(inv.label)'", category: .internal)
        }
        // The declared range (1 to ModelConfig.maxHidden) was checked with the options.
        let hidden = try inv.int("hidden")
        var c = ModelConfig(kind: kind, hidden: hidden, inputSize: 1, symbolInputs: true, outputSize: 1, seed: seed)
        // Each kind reads the options it declares; a declared choice the engine does not
        // know is a mismatch between the two lists, reported rather than ignored.
        func choice<T: RawRepresentable>(_ option: String, _: T.Type) throws -> T where T.RawValue == String {
            let word = try inv.string(option)
            guard let value = T(rawValue: word) else {
                throw inv.error("internal error: '\(inv.label)' declares \(option)=\(word), which the engine does not know",
                                at: option, category: .internal)
            }
            return value
        }
        switch kind {
        case .rnn:
            c.activation = try choice("activation", Activation.self)
            c.denseInit = try choice("init", ModelConfig.DenseInit.self)
        case .urnn:
            c.activation = try choice("activation", Activation.self)
            c.rule = try choice("rule", UpdateRule.self)
            c.field = try choice("field", ModelConfig.Field.self)
            c.structure = try choice("structure", ModelConfig.Structure.self)
            c.generatorInit = try choice("init", GeneratorInit.self)
        default:
            break   // kinds whose only option is `hidden`
        }
        if c.structure == .arjovsky && c.rule != .exact {
            throw inv.error("structure=arjovsky is trained through its angles and reflections: it takes rule=exact only", at: "rule")
        }
        // Build a tiny model of the same kind and options: option combinations the
        // engine refuses are reported here, at the definition, not at the first train.
        var probe = c
        probe.hidden = Swift.min(hidden, 4)
        do { _ = try makeModel(probe) } catch { throw failure(inv, error) }
        return c
    }
}
