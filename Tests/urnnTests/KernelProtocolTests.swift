import Foundation
import XCTest

/// A real `urnn kernel` process driven through its standard streams: requests written as
/// JSON lines, messages read back by a thread and handed over one at a time.
/// `@unchecked Sendable`: the reader thread and the test meet only under `lock`.
final class KernelProcess: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending: [[String: Any]] = []
    private var buffer = Data()
    private let lock = NSCondition()
    private var ended = false
    private var nextID = 1

    init(directory: URL) throws {
        process.executableURL = try urnnBinary()
        process.arguments = ["kernel"]
        process.currentDirectoryURL = directory
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.take(data)
        }
        try process.run()
    }

    private func take(_ data: Data) {
        lock.lock()
        defer { lock.unlock(); lock.broadcast() }
        if data.isEmpty { ended = true; output.fileHandleForReading.readabilityHandler = nil; return }
        buffer.append(data)
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            let line = buffer[buffer.startIndex..<newline]
            buffer.removeSubrange(buffer.startIndex...newline)
            let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
            pending.append(object ?? ["type": "unreadable", "line": String(decoding: line, as: UTF8.self)])
        }
    }

    /// The next message, failing the test after `timeout` seconds.
    func next(timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while pending.isEmpty {
            if ended { throw KernelTestError.ended }
            guard lock.wait(until: deadline) else { throw KernelTestError.timeout }
        }
        return pending.removeFirst()
    }

    /// Sends raw bytes (a line of them, newline added).
    func sendRaw(_ bytes: [UInt8]) {
        input.fileHandleForWriting.write(Data(bytes + [UInt8(ascii: "\n")]))
    }

    /// Sends a request and returns its id.
    @discardableResult
    func send(_ request: [String: Any]) throws -> Int {
        var message = request
        let id = nextID
        nextID += 1
        message["id"] = id
        let data = try JSONSerialization.data(withJSONObject: message)
        sendRaw(Array(data))
        return id
    }

    /// Sends a request and collects its messages up to (and with) the one of `replyType`.
    func ask(_ request: [String: Any], replyType: String, timeout: TimeInterval = 20) throws -> [[String: Any]] {
        let id = try send(request)
        var messages: [[String: Any]] = []
        while true {
            let message = try next(timeout: timeout)
            guard message["id"] as? Int == id else { continue }
            messages.append(message)
            if message["type"] as? String == replyType || message["type"] as? String == "protocol_error" { return messages }
        }
    }

    /// Runs a cell: its stream text and its execute_reply.
    func execute(_ code: String, timeout: TimeInterval = 20) throws -> (stdout: String, stderr: String, reply: [String: Any]) {
        let messages = try ask(["type": "execute", "code": code], replyType: "execute_reply", timeout: timeout)
        func text(_ name: String) -> String {
            messages.filter { $0["type"] as? String == "stream" && $0["name"] as? String == name }
                .compactMap { $0["text"] as? String }.joined()
        }
        return (text("stdout"), text("stderr"), messages.last ?? [:])
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

enum KernelTestError: Error { case timeout, ended }

final class KernelProtocolTests: ScriptFolderTestCase {
    var kernel: KernelProcess!

    override func setUpWithError() throws {
        try super.setUpWithError()
        kernel = try KernelProcess(directory: folder)
        let ready = try kernel.next()
        XCTAssertEqual(ready["type"] as? String, "ready")
        XCTAssertEqual(ready["protocol"] as? Int, 1)
    }

    override func tearDownWithError() throws {
        kernel?.stop()
        try super.tearDownWithError()
    }

    func testCellsShareStateAndNumberValuesAsTheTerminalDoes() throws {
        let first = try kernel.execute("a = 1 + 1\nprint a")
        XCTAssertEqual(first.stdout, "2\n")
        XCTAssertEqual(first.reply["status"] as? String, "ok")
        XCTAssertEqual(first.reply["execution_count"] as? Int, 1)
        XCTAssertTrue(first.reply["value"] is NSNull)
        let second = try kernel.execute("a * 3")
        XCTAssertEqual(second.reply["value"] as? String, "6")
        XCTAssertEqual(second.reply["execution_count"] as? Int, 2)
        let third = try kernel.execute("_ + _2")
        XCTAssertEqual(third.reply["value"] as? String, "12")
        let history = try kernel.execute("history")
        XCTAssertTrue(history.stdout.contains("[3] _ + _2"), history.stdout)
    }

    func testAnErrorHasTheCaretDiagnosticAndKeepsTheSession() throws {
        _ = try kernel.execute("b = 5")
        let bad = try kernel.execute("print expm([[1, 2, 3]])")
        XCTAssertEqual(bad.reply["status"] as? String, "error")
        let errors = bad.reply["errors"] as? [String] ?? []
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors.first?.hasPrefix("<cell 2>:1:7: error: expm needs a square matrix") ?? false, "\(errors)")
        XCTAssertTrue(errors.first?.contains("\n          ^") ?? false, "\(errors)")
        XCTAssertEqual(try kernel.execute("b").reply["value"] as? String, "5")
        let open = try kernel.execute("for k in range(3) {")
        XCTAssertEqual(open.reply["status"] as? String, "error")
    }

    func testCompletionIsCompleteAndInspect() throws {
        _ = try kernel.execute("model u = urnn hidden=4")
        let trai = try kernel.ask(["type": "complete", "code": "trai", "cursor": 4], replyType: "complete_reply").last!
        XCTAssertEqual(trai["matches"] as? [String], ["train"])
        XCTAssertEqual(trai["cursor_start"] as? Int, 0)
        XCTAssertEqual(trai["cursor_end"] as? Int, 4)
        let code = "x = 1\nmodel v = urnn hid"
        let hid = try kernel.ask(["type": "complete", "code": code, "cursor": code.unicodeScalars.count],
                                 replyType: "complete_reply").last!
        XCTAssertEqual(hid["matches"] as? [String], ["hidden="])
        XCTAssertEqual(hid["cursor_start"] as? Int, code.unicodeScalars.count - 3)
        let rule = try kernel.ask(["type": "complete", "code": "model w = urnn rule=ca", "cursor": 22],
                                  replyType: "complete_reply").last!
        XCTAssertEqual(rule["matches"] as? [String], ["cayley"])
        let name = try kernel.ask(["type": "complete", "code": "eig ", "cursor": 4], replyType: "complete_reply").last!
        XCTAssertTrue((name["matches"] as? [String] ?? []).contains("u"), "\(name)")
        try "".write(to: folder.appendingPathComponent("corpus.txt"), atomically: true, encoding: .utf8)
        let file = try kernel.ask(["type": "complete", "code": "print \"cor", "cursor": 10], replyType: "complete_reply").last!
        XCTAssertEqual(file["matches"] as? [String], ["corpus.txt"])
        XCTAssertEqual(file["cursor_start"] as? Int, 7)
        let open = try kernel.ask(["type": "is_complete", "code": "for k in range(3) {"], replyType: "is_complete_reply").last!
        XCTAssertEqual(open["status"] as? String, "incomplete")
        XCTAssertEqual(open["indent"] as? String, "  ")
        let closed = try kernel.ask(["type": "is_complete", "code": "print 1"], replyType: "is_complete_reply").last!
        XCTAssertEqual(closed["status"] as? String, "complete")
        let help = try kernel.ask(["type": "inspect", "code": "train u on copy", "cursor": 3], replyType: "inspect_reply").last!
        XCTAssertEqual(help["found"] as? Bool, true)
        XCTAssertTrue((help["text"] as? String ?? "").hasPrefix("train "), "\(help)")
        let info = try kernel.ask(["type": "info"], replyType: "info_reply").last!
        XCTAssertTrue((info["commands"] as? [String] ?? []).contains("train"))
    }

    func testSIGINTStopsALongTrainingAndKeepsTheModel() throws {
        _ = try kernel.execute("seed 1\ntask copy = copy delay=5 train=200 test=20\nmodel u = urnn hidden=8")
        let id = try kernel.send(["type": "execute", "code": "train u on copy steps=1000000 batch=8 log_every=1"])
        // Wait for the first progress report: training is under way.
        var sawProgress = false
        while !sawProgress {
            let message = try kernel.next()
            sawProgress = message["id"] as? Int == id && message["type"] as? String == "progress"
        }
        let sent = Date()
        kill(kernel.process.processIdentifier, SIGINT)
        var reply: [String: Any] = [:]
        while reply.isEmpty {
            let message = try kernel.next(timeout: 10)
            if message["id"] as? Int == id && message["type"] as? String == "execute_reply" { reply = message }
        }
        XCTAssertLessThan(Date().timeIntervalSince(sent), 2)
        XCTAssertEqual(reply["status"] as? String, "interrupted")
        XCTAssertTrue((reply["errors"] as? [String] ?? []).contains { $0.contains("interrupted") }, "\(reply)")
        let after = try kernel.execute("u")
        XCTAssertEqual(after.reply["status"] as? String, "ok")
        XCTAssertTrue((after.reply["value"] as? String ?? "").contains("urnn"), "\(after.reply)")
    }

    func testPlotsAreReportedWithTheirType() throws {
        let cell = try kernel.execute("""
            seed 1
            task copy = copy delay=5 train=40 test=8
            model u = urnn hidden=4
            train u on copy steps=2 batch=4
            plot eig u to "p.png"
            plot eig u to "p.svg"
            """)
        XCTAssertEqual(cell.reply["status"] as? String, "ok", "\(cell.reply)")
        let plots = cell.reply["plots"] as? [[String: String]] ?? []
        XCTAssertEqual(plots.map { $0["mime"] ?? "" }, ["image/png", "image/svg+xml"])
        XCTAssertEqual(plots.first?["path"], folder.appendingPathComponent("p.png").standardizedFileURL.path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: plots.first?["path"] ?? ""))
    }

    func testBadInputGetsAnErrorReplyAndTheSessionGoesOn() throws {
        kernel.sendRaw(Array("{not json".utf8))
        let malformed = try kernel.next()
        XCTAssertEqual(malformed["type"] as? String, "protocol_error")
        XCTAssertTrue(malformed["id"] is NSNull)
        let unknown = try kernel.ask(["type": "dance"], replyType: "protocol_error").last!
        XCTAssertTrue((unknown["message"] as? String ?? "").contains("unknown request type 'dance'"))
        // Invalid UTF-8 inside the cell's string: read as U+FFFD, then the lexer's error.
        kernel.sendRaw(Array(#"{"id":"raw","type":"execute","code":"x = 1 "#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8))
        var reply: [String: Any] = [:]
        while reply["type"] as? String != "execute_reply" { reply = try kernel.next() }
        XCTAssertEqual(reply["id"] as? String, "raw")
        XCTAssertEqual(reply["status"] as? String, "error")
        XCTAssertTrue((reply["errors"] as? [String] ?? []).first?.hasPrefix("<cell 1>:1:7: error:") ?? false, "\(reply)")
        // 10 MB of output: the first MiB is sent, a note says how much was left out.
        let huge = try kernel.execute("line = \"{range(20)}\" + \"{range(20)}\"\nfor i in range(100000) { print line }", timeout: 60)
        XCTAssertEqual(huge.reply["status"] as? String, "ok")
        XCTAssertLessThanOrEqual(huge.stdout.utf8.count, 1 << 20)
        XCTAssertGreaterThan(huge.stdout.utf8.count, 1 << 19)
        XCTAssertTrue(huge.stderr.contains("are not shown"), huge.stderr)
        XCTAssertEqual(try kernel.execute("1 + 1").reply["value"] as? String, "2")
    }
}
