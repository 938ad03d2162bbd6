import Foundation
import XCTest
@testable import URNNScript

/// Members are discoverable: a model's options are members, an unknown member lists those
/// there are, and an untrained model says it is untrained.
final class MembersTests: XCTestCase {
    func testModelOptionsAreMembers() throws {
        let r = try runWithEngine("""
            model r = rnn hidden=8 init=identity
            model u = urnn hidden=4 rule=cayley field=complex
            model l = lstm hidden=6
            print u.rule, u.field, u.hidden, u.init, u.activation, u.structure, u.kind
            print r.activation, r.init, r.hidden, r.kind
            print l.hidden
            """)
        defer { try? FileManager.default.removeItem(at: r.folder) }
        XCTAssertEqual(r.diagnostics, "")
        XCTAssertEqual(r.lines, ["cayley complex 4 henaff modrelu dense urnn", "tanh identity 8 rnn", "6"])
    }

    func testAnUnknownMemberListsTheMembers() throws {
        let r = try runWithEngine("model r = rnn hidden=8\nprint r.rule")
        defer { try? FileManager.default.removeItem(at: r.folder) }
        XCTAssertTrue(r.diagnostics.contains(
            "model 'r' has no member 'rule' (members: W, history, loss, steps, params, kind, hidden, activation, init)"),
            r.diagnostics)
        let task = try runWithEngine("task c = copy delay=3 train=16 test=8\nprint c.vocab")
        defer { try? FileManager.default.removeItem(at: task.folder) }
        XCTAssertTrue(task.diagnostics.contains("task 'c' has no member 'vocab' (members: baseline, steps)"), task.diagnostics)
        let matrix = try runWithEngine("m = eye(2)\nprint m.row")
        defer { try? FileManager.default.removeItem(at: matrix.folder) }
        XCTAssertTrue(matrix.diagnostics.contains("matrix has no member 'row'; did you mean 'rows'? (members: rows, cols, T, H)"),
                      matrix.diagnostics)
    }

    func testAnUntrainedModelSaysSoForWhatNeedsTraining() throws {
        for member in ["W", "A", "history", "steps"] {
            let r = try runWithEngine("model u = urnn hidden=4\nprint u.\(member)")
            defer { try? FileManager.default.removeItem(at: r.folder) }
            XCTAssertTrue(r.diagnostics.contains("model 'u' is untrained: '\(member)' is there once it has met data"), r.diagnostics)
            XCTAssertFalse(r.diagnostics.contains("did you mean"), r.diagnostics)
        }
    }

    /// A message about a member calls the object by the name written before the dot, not
    /// the name it was made under (which may now hold another model).
    func testAMemberErrorUsesTheNameWritten() throws {
        let r = try runWithEngine("model r = rnn hidden=8\nr2 = r\nmodel r = lstm hidden=8\nprint r2.rule")
        defer { try? FileManager.default.removeItem(at: r.folder) }
        XCTAssertTrue(r.diagnostics.contains("model 'r2' has no member 'rule'"), r.diagnostics)
        let untrained = try runWithEngine("model u = urnn hidden=4\nv = u\nprint v.W")
        defer { try? FileManager.default.removeItem(at: untrained.folder) }
        XCTAssertTrue(untrained.diagnostics.contains("model 'v' is untrained"), untrained.diagnostics)
    }
}
