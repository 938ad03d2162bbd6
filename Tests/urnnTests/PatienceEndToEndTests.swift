import Foundation
import XCTest

/// `train ... patience=P` through the real binary, on a corpus: evaluations on the valid
/// split after each epoch, the stop named by epoch, the best parameters restored.
final class PatienceEndToEndTests: ScriptFolderTestCase {
    func testPatienceStopsByEpochAndSaysWhy() throws {
        let sentence = "the cat sat on the mat and the dog ran to the cat . "
        try String(repeating: sentence, count: 60).write(to: folder.appendingPathComponent("c.txt"), atomically: true,
                                                         encoding: .utf8)
        // A learning rate far below the parameters' rounding leaves the validation loss as it
        // was, so only the first evaluation improves: patience=2 stops after epoch 3.
        let path = try script("p.urnn", """
            seed 1
            corpus c = load "c.txt" split=0.8,0.1,0.1
            model r = rnn hidden=8
            train r on c epochs=50 seq=5 batch=4 patience=2 lr=1e-300
            print r.history.valid_steps
            print r.steps
            """)
        let result = try urnn(["run", path], directory: folder)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let train = try XCTUnwrap(lines.first { $0.hasPrefix("train r on c: ") }, result.stdout)
        XCTAssertTrue(train.hasPrefix("train r on c: stopped at epoch 3: no improvement in 2 evaluations; best epoch 1, "
                                      + "valid loss "), train)
        XCTAssertTrue(train.contains(", parameters restored; "), train)
        // Three evaluations, one per epoch of W windows: steps W, 2W, 3W.
        let steps = try XCTUnwrap(Int(lines.last ?? ""), result.stdout)
        XCTAssertEqual(steps % 3, 0)
        let w = steps / 3
        XCTAssertEqual(lines[lines.count - 2], "[\(w), \(2 * w), \(3 * w)]")
    }
}
