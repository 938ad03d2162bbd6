import ArgumentParser
import URNNEngine

@main
struct URNNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "urnn",
        abstract: "A workbench for recurrent networks with unitary recurrent weights.",
        discussion: """
            urnn trains and inspects RNN, LSTM, orthogonal and complex unitary RNNs on \
            long-memory tasks and text corpora, from .urnn scripts or an interactive session.
            """,
        version: URNNVersion.string)

    func run() throws {
        print("urnn \(URNNVersion.string)")
    }
}
