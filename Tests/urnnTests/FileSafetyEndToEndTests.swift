import Foundation
import XCTest

/// Through the real binary: no file name runs a command, and only regular files are written
/// or read (issue 13, items 1, 2, 5 and 13).
final class FileSafetyEndToEndTests: XCTestCase {
    var folder: URL!
    /// The working folder of the runs, one level down, so that `cd ..` in a command would land
    /// in `folder`.
    var work: URL!
    let trained = "task c = copy delay=3 train=50 test=10; model m = rnn hidden=2; train m on c steps=2 batch=2"

    override func setUpWithError() throws {
        folder = try temporaryFolder("files-\(name.filter(\.isLetter))")
        work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func run(_ statements: String) throws -> ProcessResult {
        try urnn(["-c", statements], directory: work, timeout: 60)
    }

    func kind(_ url: URL) -> mode_t? {
        var info = stat()
        return lstat(url.path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    func testAPlotFileNameNeverRunsACommand() throws {
        for target in ["|cd ..;id >PWNED;echo .svg", "|touch X;.pdf"] {
            let result = try run("\(trained); plot loss m to \"\(target)\"")
            XCTAssertNotEqual(result.status, 0, "\(target): \(result.stdout)")
            XCTAssertTrue(result.stderr.contains("may not begin with |"), result.stderr)
        }
        for place in [folder!, work!] {
            let names = try FileManager.default.contentsOfDirectory(atPath: place.path)
            XCTAssertFalse(names.contains("PWNED") || names.contains("X"), "a command ran: \(names)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work.path), [], "nothing is written")
    }

    func testDirectoriesAndDevicesAreNeitherDeletedNorReplaced() throws {
        let important = work.appendingPathComponent("important.png")
        try FileManager.default.createDirectory(at: important, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: important.appendingPathComponent("thesis.tex"))
        let plot = try run("\(trained); plot loss m to \"important.png\"")
        XCTAssertNotEqual(plot.status, 0)
        XCTAssertTrue(plot.stderr.contains("it is a directory, not a regular file"), plot.stderr)
        XCTAssertEqual(try String(contentsOf: important.appendingPathComponent("thesis.tex"), encoding: .utf8), "keep")

        // Character devices (like /dev/full) at the names a command writes, and a link to one.
        let devices = ["X", "Xl.csv", "Xp.png.gp"].map { work.appendingPathComponent($0) }
        for device in devices where mknod(device.path, S_IFCHR | 0o666, dev_t((1 << 8) | 7)) != 0 {
            throw XCTSkip("mknod needs root")
        }
        XCTAssertEqual(symlink("X", work.appendingPathComponent("Xs.csv").path), 0)
        for statement in ["save m to \"X\"", "export [[1, 2]] to \"Xl.csv\"", "export [[1, 2]] to \"Xs.csv\"",
                          "plot loss m to \"Xp.png\""] {
            let result = try run("\(trained); \(statement)")
            XCTAssertNotEqual(result.status, 0, statement)
            XCTAssertTrue(result.stderr.contains("character device"), "\(statement): \(result.stderr)")
            for device in devices { XCTAssertEqual(kind(device), S_IFCHR, "\(statement) replaced \(device.lastPathComponent)") }
        }
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: work.path).contains { $0.hasPrefix(".") },
                       "no temporary is left")
    }

    func testLoadingWhatIsNotAFileSaysSoAndNeverBlocks() throws {
        try FileManager.default.createDirectory(at: work.appendingPathComponent("somedir"), withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(work.appendingPathComponent("fifo").path, 0o600), 0)
        let cases = [
            ("model m = load \"somedir\"", "somedir is a directory, not a file"),
            ("model m = load \"fifo\"", "fifo is not a regular file (it is a FIFO)"),
            ("corpus c = load \"/proc/self/mem\"", "/proc/self/mem: cannot be read (it is a file of the kernel (/proc, /sys), not a data file)"),
            ("corpus c = load \"fifo\"", "fifo: cannot be read (it is a FIFO, not a regular file)"),
        ]
        for (statement, message) in cases {
            let result = try urnn(["-c", statement], directory: work, timeout: 20)
            XCTAssertNotEqual(result.status, 0, statement)
            XCTAssertTrue(result.stderr.contains(message), "\(statement): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain") || result.stderr.contains("ermission"), result.stderr)
        }
    }
}
