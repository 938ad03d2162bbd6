import Foundation
import URNNEngine

/// `train`, `eval` and `plot position` for an n-gram count model (`model g = ngram`).
extension EngineCommands {
    /// `model NAME = ngram order=N`.
    static func defineNGram(_ inv: Invocation, name: String) throws -> NGramObject {
        // The declared range (1 to KneserNeyModel.maxOrder) was checked with the options.
        NGramObject(name: name, order: try inv.int("order"))
    }

    /// The corpus an n-gram reads, or an error at DATA that says n-grams are for corpora.
    static func corpus(for g: NGramObject, _ d: DataObject, _ inv: Invocation) throws -> Corpus {
        guard case .corpus(let c) = d.dataset else {
            throw inv.error("an ngram counts words of a corpus; '\(d.displayName)' is a \(d.kindName): "
                            + "use a recurrent model (rnn, lstm, gru, urnn) on tasks", at: "DATA")
        }
        return c
    }

    /// `train g on CORPUS`: counts the training split in text order. Training options are
    /// refused rather than ignored: counting has no steps, batches or learning rate.
    static func trainNGram(_ g: NGramObject, _ inv: Invocation, _ interp: Interpreter) throws -> Value {
        let d = try data(inv)
        let c = try corpus(for: g, d, inv)
        for option in inv.spec.options(for: inv.variant) {
            guard try inv.isGiven(option.name) else { continue }
            throw inv.error("\(option.name) does not apply to an ngram: it is counted, not trained "
                            + "(train \(g.displayName) on \(d.displayName) counts the whole training split)", at: option.name)
        }
        let start = Date()
        let counts: KneserNeyModel
        do {
            counts = try KneserNeyModel(order: g.order, tokens: c.tokens(.train), vocabularySize: c.vocabulary.count)
        } catch { throw failure(inv, error) }
        let seconds = Date().timeIntervalSince(start)
        g.counts = counts
        g.countedData = d
        let orders = (1...g.order).map(String.init).joined(separator: "/")
        interp.output.write("train \(g.displayName) on \(d.displayName): counted \(counts.tokenCount) tokens in "
                            + String(format: "%.2f", seconds) + " s; distinct \(orders)-grams "
                            + counts.types.map(String.init).joined(separator: "/") + ", discounts D "
                            + counts.rawDiscounts.map { String(format: "%.3f", $0) }.joined(separator: "/"))
        return .none
    }

    /// The counts of `g`, checked against the corpus it is about to be scored on.
    static func countsForScoring(_ g: NGramObject, on d: DataObject, _ inv: Invocation) throws -> KneserNeyModel {
        let c = try corpus(for: g, d, inv)
        let counts: KneserNeyModel
        do { counts = try g.counted() } catch { throw inv.error("\(error)", at: "MODEL") }
        guard counts.vocabularySize == c.vocabulary.count else {
            throw inv.error("model '\(g.displayName)' counted a vocabulary of \(counts.vocabularySize) tokens, "
                            + "corpus '\(d.displayName)' has \(c.vocabulary.count)", at: "DATA")
        }
        return counts
    }

    /// `eval g on CORPUS`: the recurrent models' windows (fresh state each) and metrics.
    static func evalNGram(_ g: NGramObject, _ inv: Invocation, _ interp: Interpreter, session: EngineSession) throws -> Value {
        let d = try data(inv)
        let counts = try countsForScoring(g, on: d, inv)
        let c = try corpus(for: g, d, inv)
        let seq = try inv.autoInt("seq") ?? Commands.defaultSequenceLength
        let split = try inv.string("split")
        if try inv.bool("gradflow") {
            throw failure(inv, TrainingError.incompatibleData("an ngram has no gradient: gradflow is for recurrent models"))
        }
        let summary: LossSummary
        do {
            let batches = try d.dataset.evaluationBatches(batchSize: try inv.int("batch"), length: seq,
                                                          valid: split == "valid")
            summary = try counts.evaluate(batches)
        } catch { throw failure(inv, error) }
        var row = ResultsObject.Row(model: g.displayName, data: d.displayName, split: split, seq: seq, loss: 0)
        let line = corpusEvaluation(model: g.displayName, data: d, corpus: c, seq: seq, summary: summary, into: &row)
        session.results.rows.append(row)
        interp.output.write(line)
        return .none
    }
}
