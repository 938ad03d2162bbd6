// Benchmark of corpus loading (scripts/bench/corpus): loads one text file in the
// given unit and prints the elapsed time and the corpus statistics.
import Foundation
import URNNEngine

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: corpus-bench FILE [word|char] [vocab]\n".utf8))
    exit(2)
}
let unit = arguments.count >= 3 ? (TokenUnit(rawValue: arguments[2]) ?? .word) : .word
let vocab = arguments.count >= 4 ? Int(arguments[3]) : nil
let options = CorpusOptions(tokenizer: Tokenizer(unit: unit), vocabularySize: vocab)
let start = Date()
do {
    let corpus = try Corpus.load(path: arguments[1], options: options)
    let seconds = Date().timeIntervalSince(start)
    print(corpus.statistics(mostFrequent: 8))
    print("load seconds: \(String(format: "%.3f", seconds))")
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
