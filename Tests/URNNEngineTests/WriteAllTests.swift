import Glibc
import XCTest
@testable import URNNEngine

/// `writeAll` goes on after short writes and interrupted ones, and reports the first real failure.
final class WriteAllTests: XCTestCase {
    /// A stand-in for write(2) that plays `script` (bytes written, or −errno) and records
    /// what it was given.
    private final class ScriptedWrite {
        var script: [Int]
        var written: [UInt8] = []
        init(_ script: [Int]) { self.script = script }
        func callAsFunction(_ fd: Int32, _ p: UnsafeRawPointer, _ count: Int) -> Int {
            let next = script.isEmpty ? count : script.removeFirst()
            guard next >= 0 else { errno = Int32(-next); return -1 }
            let n = Swift.min(next, count)
            written += UnsafeRawBufferPointer(start: p, count: n)
            return n
        }
    }

    private func run(_ bytes: [UInt8], _ script: [Int]) -> (Int32?, [UInt8]) {
        let write = ScriptedWrite(script)
        let result = bytes.withUnsafeBytes { writeAll(3, $0, using: { write($0, $1, $2) }) }
        return (result, write.written)
    }

    func testShortAndInterruptedWritesGoOnToTheEnd() {
        let bytes = Array(0..<100 as Range<UInt8>)
        let (result, written) = run(bytes, [10, -Int(EINTR), 1, -Int(EINTR), -Int(EINTR), 50])
        XCTAssertNil(result)
        XCTAssertEqual(written, bytes)
    }

    func testTheFirstFailureIsReturnedAndNothingMoreIsWritten() {
        let (result, written) = run(Array(repeating: 7, count: 20), [5, -Int(ENOSPC), 15])
        XCTAssertEqual(result, ENOSPC)
        XCTAssertEqual(written.count, 5)
    }

    func testAWriteOfNothingWithoutAnErrorIsAnIOError() {
        let (result, _) = run([1, 2, 3], [0])
        XCTAssertEqual(result, EIO)
    }

    func testAnEmptyBufferWritesNothing() {
        let (result, written) = run([], [-Int(ENOSPC)])
        XCTAssertNil(result)
        XCTAssertTrue(written.isEmpty)
    }
}
