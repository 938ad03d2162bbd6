import Foundation
import XCTest
@testable import URNNScript

/// The option audit: handlers read options only through their command's declaration.
/// Every declared command and kind has a handler, every handler runs here on the real
/// engine, reads no option its command does not declare, and reads every option it does
/// (an option declared but never read would be accepted and ignored).
final class OptionAuditTests: XCTestCase {
    /// A session with every handler installed, as the program has it.
    func makeSession() -> (ScriptRunner, CapturedOutput, EngineSession) {
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output)
        let session = EngineSession()
        EngineCommands.install(on: runner.interpreter, session: session)
        return (runner, output, session)
    }

    /// "train", or "plot loss": the labels the declarations give their handlers.
    static var declaredLabels: [String] {
        Commands.all.flatMap { spec in
            spec.variants.isEmpty ? [spec.name] : spec.variants.map { "\(spec.name) \($0.name)" }
        }
    }

    func testEveryDeclaredCommandAndKindHasAHandler() {
        let (runner, _, session) = makeSession()
        defer { session.close() }
        let interpreter = runner.interpreter
        for label in Self.declaredLabels where label != Commands.time.name {
            // `time` takes a statement: the parser makes it a statement of its own, not a handler's.
            let command = String(label.split(separator: " ")[0])
            XCTAssertTrue(interpreter.isAvailable(label) || interpreter.isAvailable(command),
                          "'\(label)' is declared but has no handler")
        }
        for key in interpreter.handlers.keys {
            XCTAssertTrue(Self.declaredLabels.contains(key) || Commands.named(key) != nil,
                          "a handler is registered for '\(key)', which no declaration names")
        }
    }

    /// One script that runs every command and every kind, with tiny sizes.
    static func everyCommand(threads: Int) -> String {
        """
        seed 1
        param n = 2
        set plots "plots"
        set threads \(threads)
        corpus c = load "corpus.txt" unit=word vocab=8 split=0.8,0.1,0.1 lowercase=false
        task cp = copy delay=3 train=16 test=8 valid=8
        task ad = adding length=6 train=16 test=8
        task im = images "idx" order=permuted permute_seed=3 valid=4
        model r = rnn hidden=4 activation=tanh init=orthogonal
        model l = lstm hidden=4
        model g = gru hidden=4
        train g on cp steps=1 batch=4
        model u = urnn hidden=4 rule=exact activation=modrelu field=real structure=dense init=henaff
        train r on c epochs=1 seq=5 batch=2 lr=0.01 lr_w=0.01 optimizer=sgd momentum=0.5 clip=1 tbptt=3 carry eval_every=1 patience=2 log_every=1
        train u on cp steps=n batch=4
        train l on ad steps=1 batch=4
        model i = lstm hidden=4
        train i on im steps=1 batch=4
        eval r on c seq=5 batch=2
        model ng = ngram order=2
        train ng on c
        eval ng on c seq=5 batch=2
        eval u on cp
        eig u top=2
        gradflow u on cp seq=5 batch=4
        generate r from "the" words=3 temperature=0.5 top_k=2 greedy=false seed=1
        save u to "u.urnnm"
        model u2 = load "u.urnnm"
        show models
        show corpora
        show tasks
        show results pivot=model,seq,loss
        show results where model=r data=c split=test
        show settings
        show variables
        who
        time x = 1
        del x
        export u.W to "w.csv"
        help train
        plot loss r u smooth=2 logy title="t" xlabel="x" ylabel="y" to "loss.svg"
        plot accuracy r smooth=1 to "accuracy.svg"
        plot eig u to "eig.svg"
        plot gradflow u on cp seq=5 batch=4 logy to "gradflow.svg"
        plot unitarity u to "unitarity.svg"
        plot results x=seq y=loss by=model to "results.svg"
        plot results where model=r,u,ng data=c split=test to "results-c.svg"
        xs = range(1, 4)
        m3 = [[1, 2], [2, 3], [3, 5]]
        plot series xs xs m3 names=a,b,c logy to "series.svg"
        plot history u loss gradnorm unitarity logy logy2 to "history.svg"
        plot svd u logy to "svd.svg"
        plot position ng r on c seq=5 batch=2 to "position.svg"
        clear results where model=r data=c split=test
        clear results
        results = load "sweep"
        show results
        """
    }

    func testEveryHandlerReadsExactlyItsDeclaredOptions() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-option-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        FileManager.default.changeCurrentDirectoryPath(scratch.path)
        defer {
            FileManager.default.changeCurrentDirectoryPath(cwd)
            try? FileManager.default.removeItem(at: scratch)
        }
        let sentence = "the cat sat on the mat and the dog ran to the cat . "
        try String(repeating: sentence, count: 20).write(toFile: "corpus.txt", atomically: true, encoding: .utf8)
        try IDXTestFiles.write(to: scratch.appendingPathComponent("idx"), train: 12, test: 4, rows: 4, columns: 3)
        // A sweep's folder with one run, as `urnn sweep` writes it, for `results = load`.
        try FileManager.default.createDirectory(atPath: "sweep/0001-seed=1", withIntermediateDirectories: true)
        try #"{"fixed":{},"grid":[],"script":"/a.urnn","scriptSHA256":"0","seeds":[1],"threads":1,"urnnVersion":"0"}"#
            .write(toFile: "sweep/sweep.json", atomically: true, encoding: .utf8)
        try #"{"columns":["seed"],"params":{"seed":"1"},"script":"/a.urnn","scriptSHA256":"0","seed":1,"threads":1,"urnnVersion":"0"}"#
            .write(toFile: "sweep/0001-seed=1/params.json", atomically: true, encoding: .utf8)
        try #"{"exitStatus":0,"finished":"","host":"h","peakMemoryKiB":1,"wallSeconds":1}"#
            .write(toFile: "sweep/0001-seed=1/done.json", atomically: true, encoding: .utf8)
        try "seed,model,data,seq,loss\n1,m,c,3,0.5\n".write(toFile: "sweep/0001-seed=1/results.csv", atomically: true, encoding: .utf8)

        let (runner, output, session) = makeSession()
        defer { session.close() }
        let log = OptionReadLog()
        runner.interpreter.optionReadLog = log
        let outcome = runner.run(SourceFile(name: "audit", text: Self.everyCommand(threads: runner.interpreter.settings.threads)))
        XCTAssertTrue(outcome.succeeded, outcome.diagnostics + "\n" + output.text)

        XCTAssertEqual(log.undeclared, [], "handlers read options their commands do not declare")
        for label in Self.declaredLabels {
            XCTAssertTrue(log.ran.contains(label), "the audit script does not run '\(label)'")
        }
        for spec in Commands.all {
            for variant in spec.variants.isEmpty ? [nil] : spec.variants.map(Optional.some) {
                let label = variant.map { "\(spec.name) \($0.name)" } ?? spec.name
                let read = log.reads[label] ?? []
                for option in spec.options(for: variant) where !read.contains(option.name) {
                    XCTFail("'\(label)' declares option '\(option.name)' but its handler never reads it")
                }
            }
        }
    }

    /// A read on a path the audit script does not take (an error branch) is still checked
    /// for spelling: every option name a handler source reads is declared by some command.
    func testEveryOptionNameReadInTheSourcesIsDeclared() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/URNNScript").standardizedFileURL
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        let declared = Set(Commands.all.flatMap { spec in spec.options + spec.variants.flatMap(\.options) }.map(\.name))
        let read = try NSRegularExpression(
            pattern: #"inv\.(int|number|string|bool|numbers|words|autoInt|autoNumber|autoString|autoWords|isGiven)\("([^"]*)"\)"#)
        var found = 0
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in read.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 2), in: text) else { continue }
                found += 1
                XCTAssertTrue(declared.contains(String(text[range])), "\(file) reads option '\(text[range])', which no command declares")
            }
        }
        XCTAssertGreaterThan(found, 40, "the handler sources were not found at \(sources.path)")
    }

    /// The accessors themselves: a name the command does not declare, the wrong type, or
    /// the wrong accessor for an `auto` default is an internal error, not a silent default.
    func testReadsAreCheckedAgainstTheDeclaration() throws {
        let (runner, _) = makeTestRunner()
        var checked = false
        runner.interpreter.register("train") { inv, _ in
            XCTAssertEqual(try inv.int("batch"), 64, "the declared default")
            XCTAssertEqual(try inv.int("steps"), 5, "the given value")
            XCTAssertNil(try inv.autoInt("epochs"), "auto stays absent")
            XCTAssertTrue(try inv.isGiven("steps"))
            XCTAssertFalse(try inv.isGiven("batch"))
            let misreads: [(String, () throws -> Any)] = [
                ("reads option 'batchh', which 'train' does not declare", { try inv.int("batchh") }),
                ("reads option 'top', which 'train' does not declare", { try inv.isGiven("top") }),
                ("misreads option 'batch': it is declared int, read as number", { try inv.number("batch") }),
                ("misreads option 'epochs': it defaults to auto: read it with autoInt", { try inv.int("epochs") }),
                ("misreads option 'batch': it has a declared default: read it with int", { try inv.autoInt("batch") }),
            ]
            for (message, read) in misreads {
                XCTAssertThrowsError(try read()) { error in
                    let e = error as? ScriptError
                    XCTAssertEqual(e?.category, .internal)
                    XCTAssertTrue(e?.message.contains(message) == true, "\(e?.message ?? "\(error)") lacks \(message)")
                }
            }
            checked = true
            return .none
        }
        let outcome = runner.run(text: "model u = urnn\ntask copy = copy\ntrain u on copy steps=5")
        XCTAssertTrue(outcome.succeeded, outcome.diagnostics)
        XCTAssertTrue(checked)
    }
}
