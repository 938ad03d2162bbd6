import Foundation
import XCTest
@testable import URNNEngine

/// Writers replace regular files only, in one step, through unpredictable temporaries; readers
/// read regular files only and say plainly what a path is when it is not one.
final class FileSafetyTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("urnn-files-\(name.filter(\.isLetter))-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func kind(_ name: String) -> FileKind? { try? FileKind.at(path(name), operation: .read) }

    /// The names in the test folder, so that a leftover temporary shows.
    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() }

    /// A character device like /dev/null (major 1, minor 3: `(1 << 8) | 3` in Linux's encoding)
    /// made with mknod; skips the test when not root.
    func makeDevice(_ name: String) throws {
        guard mknod(path(name), S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 else {
            throw XCTSkip("mknod needs root: \(String(cString: strerror(errno)))")
        }
    }

    func assertRefused(_ problem: FileAccessError.Problem, _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual((error as? FileAccessError)?.problem, problem, "\(error)", file: file, line: line)
        }
    }

    // MARK: writing

    func testWriteReplacesARegularFileAndKeepsItsMode() throws {
        let target = folder.appendingPathComponent("a.csv")
        try AtomicFileWriter.write(Data("old".utf8), to: target)
        chmod(target.path, 0o640)
        try AtomicFileWriter.write(Data("new".utf8), to: target)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "new")
        var info = stat()
        XCTAssertEqual(stat(target.path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o640)
        XCTAssertEqual(names(), ["a.csv"], "no temporary is left")
    }

    func testADirectoryWithFilesIsNeitherReplacedNorDeleted() throws {
        let dir = folder.appendingPathComponent("important.png")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: dir.appendingPathComponent("inside.txt"))
        assertRefused(.notRegular(.directory)) { try AtomicFileWriter.write(Data("x".utf8), to: dir) }
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("inside.txt"), encoding: .utf8), "keep")
        XCTAssertEqual(names(), ["important.png"])
    }

    func testDevicesFifosAndSocketsAreRefusedAndSurvive() throws {
        try makeDevice("dev")
        XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
        let socketFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        _ = withUnsafeMutableBytes(of: &address.sun_path) { raw in
            path("sock").utf8CString.withUnsafeBytes { raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(raw.count))) }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)
        for (name, expected) in [("dev", FileKind.characterDevice), ("fifo", .fifo), ("sock", .socket)] {
            let url = folder.appendingPathComponent(name)
            assertRefused(.notRegular(expected)) { try AtomicFileWriter.write(Data("x".utf8), to: url) }
            XCTAssertThrowsError(try NPY.write(Matrix(rows: 1, cols: 1, repeating: 1), to: url)) { error in
                XCTAssertTrue("\(error)".contains("it is a \(expected.rawValue), not a regular file"), "\(error)")
            }
            XCTAssertEqual(kind(name), expected, "\(name) survives")
        }
        XCTAssertEqual(names(), ["dev", "fifo", "sock"], "no temporary is left")
        let message = "\(FileAccessError(path: "X", operation: .write, problem: .notRegular(.characterDevice)))"
        XCTAssertEqual(message, "cannot write X: it is a character device; only regular files are replaced (choose another name)")
    }

    func testALinkTheUserNamedIsFollowedToItsRegularFile() throws {
        try Data("old".utf8).write(to: folder.appendingPathComponent("real.csv"))
        XCTAssertEqual(symlink("real.csv", path("link.csv")), 0)
        try AtomicFileWriter.write(Data("new".utf8), to: folder.appendingPathComponent("link.csv"), followsLink: true)
        XCTAssertEqual(kind("link.csv"), .symbolicLink, "the link stays a link")
        XCTAssertEqual(try String(contentsOfFile: path("real.csv"), encoding: .utf8), "new")
        // A link to a device is refused like the device.
        try makeDevice("dev")
        XCTAssertEqual(symlink("dev", path("devlink")), 0)
        XCTAssertThrowsError(try AtomicFileWriter.write(Data("x".utf8), to: folder.appendingPathComponent("devlink")))
        XCTAssertEqual(kind("dev"), .characterDevice)
        XCTAssertEqual(symlink("nowhere", path("dangling")), 0)
        assertRefused(.danglingLink) { try AtomicFileWriter.write(Data("x".utf8), to: folder.appendingPathComponent("dangling")) }
    }

    func testALinkAtADerivedNameIsNotFollowed() throws {
        try Data("victim".utf8).write(to: folder.appendingPathComponent("victim"))
        XCTAssertEqual(symlink("victim", path("a.png.gp")), 0)
        assertRefused(.symbolicLink) {
            try AtomicFileWriter.write(Data("x".utf8), to: folder.appendingPathComponent("a.png.gp"), followsLink: false)
        }
        XCTAssertEqual(try String(contentsOfFile: path("victim"), encoding: .utf8), "victim")
    }

    /// Issue 13, item 6: the temporary was `.NAME.tmp-PID`; a link planted there sent the bytes
    /// to the link's target. Links at every name the old scheme could use stay untouched now.
    func testAPlantedLinkAtAGuessableTemporaryIsNotFollowed() throws {
        let victim = folder.appendingPathComponent("victim")
        try Data("victim".utf8).write(to: victim)
        let planted = [".x.urnnm.tmp-\(getpid())", ".x.urnnm.tmp", ".x.urnnm.XXXXXX"]
        for name in planted { XCTAssertEqual(symlink(victim.path, path(name)), 0) }
        let learner = Learner(model: try makeModel(ModelConfig(kind: .rnn, hidden: 2, inputSize: 2, symbolInputs: true,
                                                               outputSize: 2)))
        try Checkpoint.save(learner, to: folder.appendingPathComponent("x.urnnm"))
        XCTAssertEqual(try String(contentsOf: victim, encoding: .utf8), "victim")
        XCTAssertEqual(names(), (planted + ["victim", "x.urnnm"]).sorted())
        XCTAssertNoThrow(try Checkpoint.load(from: folder.appendingPathComponent("x.urnnm")))
    }

    /// A failed write (here ENOSPC, as on a full disk) removes its temporary and leaves the old
    /// file as it was.
    func testAFailedWriteLeavesTheOldFileAndNoTemporary() throws {
        let target = folder.appendingPathComponent("x.npy")
        try Data("old".utf8).write(to: target)
        let writer = try AtomicFileWriter(replacing: target, followsLink: true) { _, _, _ in
            errno = ENOSPC
            return -1
        }
        XCTAssertEqual(names().count, 2, "the temporary exists while writing")
        assertRefused(.system(String(cString: strerror(ENOSPC)))) { try writer.write(Data(count: 100)) }
        XCTAssertThrowsError(try writer.commit(), "a failed writer cannot be committed")
        XCTAssertEqual(names(), ["x.npy"])
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "old")
        // A writer dropped without commit removes its temporary too.
        do {
            let dropped = try AtomicFileWriter(replacing: target, followsLink: true)
            try dropped.write(Data("half".utf8))
        }
        XCTAssertEqual(names(), ["x.npy"])
    }

    // MARK: reading

    func testReadersSayWhatAPathIsInsteadOfReadingIt() throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("somedir"), withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
        // A FIFO without a writer blocked the old readers for good; it is refused at once.
        assertRefused(.notRegular(.fifo)) { _ = try RegularFile.read(path("fifo")) }
        assertRefused(.notRegular(.directory)) { _ = try RegularFile.read(path("somedir")) }
        assertRefused(.notRegular(.characterDevice)) { _ = try RegularFile.read("/dev/null") }
        assertRefused(.missing) { _ = try RegularFile.read(path("absent")) }
        assertRefused(.kernelInterface) { _ = try RegularFile.read("/proc/self/mem") }
        assertRefused(.kernelInterface) { _ = try RegularFile.read("/proc/self/status") }
        if FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled") {
            assertRefused(.kernelInterface) { _ = try RegularFile.read("/sys/kernel/mm/transparent_hugepage/enabled") }
        }
        try Data("0123456789".utf8).write(to: folder.appendingPathComponent("ten"))
        assertRefused(.tooLarge(size: 10, limit: 4)) { _ = try RegularFile.read(path("ten"), limit: 4) }
        XCTAssertEqual(try RegularFile.read(path("ten")), Data("0123456789".utf8))

        XCTAssertEqual("\(FileAccessError(path: "d", operation: .read, problem: .notRegular(.directory)))", "d is a directory, not a file")
        XCTAssertEqual("\(FileAccessError(path: "f", operation: .read, problem: .notRegular(.fifo)))", "f is not a regular file (it is a FIFO)")
        XCTAssertEqual("\(FileAccessError(path: "x", operation: .read, problem: .missing))", "x: no such file")
    }

    func testEveryLoaderGivesThePlainMessage() throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("somedir"), withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        let options = CorpusOptions(tokenizer: Tokenizer(unit: .word, lowercase: true), vocabularySize: 10,
                                    split: SplitFractions(train: 0.8, valid: 0.1, test: 0.1))
        let cases: [(String, () throws -> Void)] = [
            ("\(path("somedir")) is a directory, not a file", { _ = try Checkpoint.load(from: self.folder.appendingPathComponent("somedir")) }),
            ("\(path("fifo")) is not a regular file (it is a FIFO)", { _ = try Checkpoint.load(from: self.folder.appendingPathComponent("fifo")) }),
            ("/proc/self/mem is a file of the kernel (/proc, /sys), not a data file", { _ = try Checkpoint.load(from: URL(fileURLWithPath: "/proc/self/mem")) }),
            ("\(path("fifo")): cannot read: it is a FIFO, not a regular file", { _ = try NPY.read(from: self.folder.appendingPathComponent("fifo")) }),
            ("/proc/self/mem: cannot be read (it is a file of the kernel (/proc, /sys), not a data file)", { _ = try Corpus.load(path: "/proc/self/mem", options: options) }),
            ("\(path("fifo")): cannot be read (it is a FIFO, not a regular file)", { _ = try Corpus.load(path: self.path("fifo"), options: options) }),
        ]
        for (expected, body) in cases {
            let got = message(body)
            XCTAssertEqual(got, expected)
            XCTAssertFalse(got.contains("NSCocoaErrorDomain") || got.contains("ermission"), got)
        }
    }
}
