import Foundation
import XCTest

/// The built `urnn` binary: next to the test bundle (SwiftPM puts products and the xctest
/// bundle in one folder), else under `.build/release` or `.build/debug` of this package.
func urnnBinary() throws -> URL {
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    var candidates = [Bundle.main.bundleURL.appendingPathComponent("urnn")]
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("urnn"))
    }
    candidates += ["release", "debug"].map { packageRoot.appendingPathComponent(".build/\($0)/urnn") }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw XCTSkip("urnn binary not found; looked at \(candidates.map(\.path))")
    }
    return found
}

/// What a run of the binary gave.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A fresh temporary folder for one test.
func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("urnn-e2e-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: url)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A test case with a fresh folder of its own for each test, removed afterwards, and a way
/// to write a script into it.
class ScriptFolderTestCase: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder("\(type(of: self))-\(name.filter(\.isLetter))")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes `text` to `name` in the test's folder and returns its path.
    func script(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

/// Runs an executable with arguments and optional standard input, killing it after
/// `timeout` seconds (a hang fails the test instead of stalling the suite).
func runProcess(_ executable: URL, _ arguments: [String], input: String? = nil,
                environment: [String: String] = [:], directory: URL? = nil,
                timeout: TimeInterval = 20, detached: Bool = false) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "NO_COLOR")
    env.merge(environment) { $1 }
    process.environment = env
    if let directory { process.currentDirectoryURL = directory }
    if detached {
        return ProcessResult(status: try spawnDetached(executable, arguments, timeout: timeout), stdout: "", stderr: "")
    }
    // Output goes to files, not pipes: nothing to drain while the child runs, so a chatty
    // child can never block on a full pipe.
    let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-test-out-\(UUID().uuidString)")
    let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("urnn-test-err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: outFile)
        try? FileManager.default.removeItem(at: errFile)
    }
    let outHandle = try FileHandle(forWritingTo: outFile), errHandle = try FileHandle(forWritingTo: errFile)
    let inPipe = Pipe()
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = inPipe
    try process.run()
    try outHandle.close()
    try errHandle.close()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inPipe.fileHandleForWriting.close()
    try waitForExit(process, arguments: arguments, timeout: timeout)
    return ProcessResult(status: process.terminationStatus,
                         stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
}

/// Runs `urnn` with `arguments`.
func urnn(_ arguments: [String], input: String? = nil, environment: [String: String] = [:],
          directory: URL? = nil, timeout: TimeInterval = 20) throws -> ProcessResult {
    try runProcess(try urnnBinary(), arguments, input: input, environment: environment,
                   directory: directory, timeout: timeout)
}

/// Waits for `process`, killing it after `timeout` seconds.
private func waitForExit(_ process: Process, arguments: [String], timeout: TimeInterval) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        XCTFail("\(process.executableURL?.lastPathComponent ?? "?") \(arguments.joined(separator: " ")) "
                + "did not finish within \(timeout) s")
        return
    }
    process.waitUntilExit()
}

/// Runs a command that leaves a daemon behind (tmux starting its server), with no pipes
/// and without Foundation's `Process`: that one learns of the child's exit from a socket
/// the child inherits, which the daemon would keep open forever.
private func spawnDetached(_ executable: URL, _ arguments: [String], timeout: TimeInterval) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in [0, 1, 2] {
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
    guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
    let deadline = Date().addingTimeInterval(timeout)
    var exitStatus: Int32 = 0
    while Date() < deadline {
        if waitpid(pid, &exitStatus, WNOHANG) == pid {
            return (exitStatus >> 8) & 0xff
        }
        usleep(10_000)
    }
    kill(pid, SIGKILL)
    waitpid(pid, &exitStatus, 0)
    XCTFail("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
    return -1
}
