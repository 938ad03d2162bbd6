import Foundation
import XCTest
import URNNEngine
@testable import URNNScript

/// `set threads` is a session's value, handed to its models as they run; it is no
/// process-wide variable that one session could change under another.
final class SessionThreadsTests: XCTestCase {
    func session() -> (ScriptRunner, EngineSession) {
        let runner = ScriptRunner(output: CapturedOutput())
        let session = EngineSession()
        EngineCommands.install(on: runner.interpreter, session: session)
        return (runner, session)
    }

    func threads(of name: String, in runner: ScriptRunner) throws -> Int? {
        guard case .object(let object)? = runner.interpreter.lookup(name), let m = object as? ModelObject else { return nil }
        return m.learner?.model.threads
    }

    func testSetThreadsReachesTheSessionsModelsOnly() throws {
        let (a, sessionA) = session()
        defer { sessionA.close() }
        let script = "task c = copy delay=2 train=32 test=8\nmodel m = urnn hidden=4\ntrain m on c steps=1 batch=16"
        XCTAssertEqual(a.run(SourceFile(name: "a.urnn", text: script)).errors.count, 0)
        XCTAssertEqual(try threads(of: "m", in: a), Parallelism.defaultThreads)
        XCTAssertEqual(a.run(SourceFile(name: "a.urnn", text: "set threads 1\neval m on c")).errors.count, 0)
        XCTAssertEqual(a.interpreter.settings.threads, 1)
        XCTAssertEqual(try threads(of: "m", in: a), 1, "the model runs with the session's value")

        // A second session starts from the default, whatever the first one set.
        let (b, sessionB) = session()
        defer { sessionB.close() }
        XCTAssertEqual(b.interpreter.settings.threads, Parallelism.defaultThreads)
        XCTAssertEqual(b.run(SourceFile(name: "b.urnn", text: script)).errors.count, 0)
        XCTAssertEqual(try threads(of: "m", in: b), Parallelism.defaultThreads)
    }
}
