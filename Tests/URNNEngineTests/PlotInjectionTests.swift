import XCTest
@testable import URNNEngine

/// No title, label, legend or model name may make gnuplot run a command.
final class PlotInjectionTests: XCTestCase {
    func testHostileTextRunsNothing() throws {
        try requireGnuplot()
        let dir = try makePlotFolder()
        let marker = { (i: Int) in dir.appendingPathComponent("pwned\(i)").path }
        let attacks = [
            "`touch \(marker(1))`",
            "'.system(\"touch \(marker(2))\").'",
            "\".system(\"touch \(marker(3))\").\"",
            "x'\nsystem \"touch \(marker(4))\"\n'",
            "x\r!touch \(marker(5))",
            "a' . `touch \(marker(6))` . 'b",
            "@GPVAL_TERM \\' `touch \(marker(7))`",
            "x\u{2028}system('touch \(marker(8))')",
        ]
        let renderer = PlotRenderer(folder: dir, session: sharedPlotSession)
        var failures: [String] = []
        for (i, attack) in attacks.enumerated() {
            // Every attack is tried before any assertion, so a render error cannot hide a command
            // that ran earlier.
            do {
                var spec = try PlotSpec.training(.loss, runs: [
                    TrainingRun(name: attack, batches: [1, 2], values: [1, 2], heldOutBatches: [2], heldOutValues: [1])],
                    baseline: 1.5, baselineName: attack)
                spec = spec.overriding(title: attack, xLabel: attack, yLabel: attack)
                _ = try renderer.render(spec, to: .file("attack\(i).png"))
                let text = try XCTUnwrap(renderer.render(spec, to: .inline(width: 200, height: 30)).text)
                // The text reaches the chart literally (line breaks turned to spaces).
                if !text.contains("touch") { failures.append("attack \(i) not shown literally:\n\(text)") }
            } catch {
                failures.append("attack \(i): \(error)")
            }
        }
        for i in 1...attacks.count {
            XCTAssertFalse(FileManager.default.fileExists(atPath: marker(i)), "attack \(i) ran a command")
        }
        XCTAssertEqual(failures, [], "hostile text must still render as plain text")
    }

    func testQuotingDoublesQuotesAndRemovesLineBreaks() {
        XCTAssertEqual(GnuplotQuoting.quoted("it's"), "'it'.\"'\".'s'")
        XCTAssertEqual(GnuplotQuoting.quoted("''x"), "\"'\".\"'\".'x'")
        XCTAssertEqual(GnuplotQuoting.quoted(""), "''")
        XCTAssertEqual(GnuplotQuoting.quoted("a\nb\rc\0d\te"), "'a b c d e'")
        XCTAssertEqual(GnuplotQuoting.quoted("`x`"), "'`x`'")
    }

    func testOutputPathsWithQuotesOrBreaksAreRefused() throws {
        let renderer = PlotRenderer(folder: try makePlotFolder(), session: sharedPlotSession)
        for bad in ["a'b.png", "a\"b.png", "`touch x`.png", "a\nb.png", "$(x).png", "a\\b.png", ".png"] {
            XCTAssertThrowsError(try renderer.render(PlotSamples.accuracy, to: .file(bad)), bad) {
                guard case .invalidPath = $0 as? PlotError else { return XCTFail("\(bad): \($0)") }
            }
        }
        var hostileFolder = PlotRenderer(folder: URL(fileURLWithPath: "/tmp/a'b"), session: sharedPlotSession)
        XCTAssertThrowsError(try hostileFolder.render(PlotSamples.accuracy, to: .file("ok.png")))
        hostileFolder.folder = URL(fileURLWithPath: "/tmp/`x`")
        XCTAssertThrowsError(try hostileFolder.render(PlotSamples.accuracy, to: .file("ok.png")))
    }

    /// Issue 13, item 1: `set output '|cmd'` is a pipe to a shell in gnuplot, whatever the quoting.
    func testOutputNamesGnuplotWouldRunAreRefused() throws {
        let dir = try makePlotFolder()
        let renderer = PlotRenderer(folder: dir, session: sharedPlotSession)
        for bad in ["|cd ..;touch PWNED;echo .svg", "|touch PWNED;.pdf", "<touch PWNED;.png"] {
            XCTAssertThrowsError(try renderer.render(PlotSamples.accuracy, to: .file(bad)), bad) {
                guard case let .invalidPath(_, reason) = $0 as? PlotError else { return XCTFail("\(bad): \($0)") }
                XCTAssertTrue(reason.contains("may not begin with"), reason)
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [], "nothing is written")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.deletingLastPathComponent().appendingPathComponent("PWNED").path))
    }

    /// Every file name in a script reaches gnuplot as `./NAME` or `/PATH`, so that even a name
    /// beginning with `|` or `<` that got past the renderer is only a file name.
    func testScriptsNameEveryFileAsAPath() throws {
        let g = try GnuplotScript(PlotSamples.accuracy)
        let text = try g.text(terminal: .png(width: 100, height: 100), output: "a.png", data: .file("a.png.dat"))
        XCTAssertTrue(text.contains("set output './a.png'\n"), text)
        XCTAssertTrue(text.contains("plot './a.png.dat' index 0"), text)
        let absolute = try g.text(terminal: .png(width: 100, height: 100), output: "/tmp/a.png", data: .file("./d.dat"))
        XCTAssertTrue(absolute.contains("set output '/tmp/a.png'\n") && absolute.contains("plot './d.dat' index"), absolute)

        try requireGnuplot()
        let dir = try makePlotFolder()
        let marker = dir.appendingPathComponent("PWNED")
        let hostile = try g.text(terminal: .dumb(width: 40, height: 10), output: "|touch PWNED",
                                 data: .file("<touch PWNED"))
        XCTAssertTrue(hostile.contains("set output './|touch PWNED'"), hostile)
        _ = try? sharedPlotSession.run("cd \(GnuplotQuoting.quoted(dir.path))\n" + hostile)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path), "a command ran")
    }

    /// Issue 13, item 2: the old image was removed with `removeItem`, which deletes a directory
    /// and everything in it. Only regular files are replaced; anything else is refused untouched.
    func testADirectoryOrDeviceAtAPlotNameSurvives() throws {
        try requireGnuplot()
        let dir = try makePlotFolder()
        let important = dir.appendingPathComponent("important.png")
        try FileManager.default.createDirectory(at: important, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: important.appendingPathComponent("thesis.tex"))
        let renderer = PlotRenderer(folder: dir, session: sharedPlotSession)
        XCTAssertThrowsError(try renderer.render(PlotSamples.accuracy, to: .file("important.png"))) {
            XCTAssertEqual("\($0)", "cannot write \(important.path): it is a directory, not a regular file")
        }
        XCTAssertEqual(try String(contentsOf: important.appendingPathComponent("thesis.tex"), encoding: .utf8), "keep")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["important.png"])

        let fifo = dir.appendingPathComponent("b.png.dat")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        XCTAssertThrowsError(try renderer.render(PlotSamples.accuracy, to: .file("b.png")))
        XCTAssertEqual(try FileKind.at(fifo.path, operation: .read), .fifo)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("b.png").path))

        // A link the program derives is not followed; the image the user named may be one.
        try Data("victim".utf8).write(to: dir.appendingPathComponent("victim"))
        XCTAssertEqual(symlink("victim", dir.appendingPathComponent("c.png.gp").path), 0)
        XCTAssertThrowsError(try renderer.render(PlotSamples.accuracy, to: .file("c.png")))
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("victim"), encoding: .utf8), "victim")
        try Data("old".utf8).write(to: dir.appendingPathComponent("real.png"))
        XCTAssertEqual(symlink("real.png", dir.appendingPathComponent("named.png").path), 0)
        _ = try renderer.render(PlotSamples.accuracy, to: .file("named.png"))
        XCTAssertEqual(try FileKind.at(dir.appendingPathComponent("named.png").path, operation: .read), .symbolicLink)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("real.png")).prefix(4), Data([0x89, 0x50, 0x4E, 0x47]))
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: dir.path).contains { $0.hasPrefix(".") },
                       "no temporary is left")
    }

    /// Issue 13, item 12: `a.svg` and `a.pdf` wrote the same `a.gp` and `a.dat`.
    func testImagesOfOneNameInTwoFormatsKeepTheirOwnScripts() throws {
        try requireGnuplot()
        let dir = try makePlotFolder()
        let renderer = PlotRenderer(folder: dir, session: sharedPlotSession)
        for name in ["a.svg", "a.pdf"] {
            let result = try renderer.render(PlotSamples.accuracy, to: .file(name))
            XCTAssertEqual(result.script?.lastPathComponent, name + ".gp")
            XCTAssertEqual(result.data?.lastPathComponent, name + ".dat")
        }
        for name in ["a.svg", "a.pdf"] {
            let script = try String(contentsOf: dir.appendingPathComponent(name + ".gp"), encoding: .utf8)
            XCTAssertTrue(script.contains("set output './\(name)'") && script.contains("'./\(name).dat'"), script)
        }
    }
}
