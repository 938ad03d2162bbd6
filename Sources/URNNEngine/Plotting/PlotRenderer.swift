import Foundation

/// Where a plot goes.
public enum PlotTarget: Sendable, Equatable {
    /// An image file; the extension picks the format (.png, .svg, .pdf). A relative path is taken
    /// inside the renderer's folder. `NAME.gp` and `NAME.dat` are written next to it.
    case file(String)
    /// Text drawn by gnuplot's `dumb` terminal, `width` columns by `height` lines; no files.
    case inline(width: Int, height: Int)
}

/// What a render produced.
public struct PlotResult: Sendable, Equatable {
    /// The image file (file targets only).
    public var image: URL?
    /// The gnuplot script that reproduces the image with `gnuplot NAME.gp` run in its folder.
    public var script: URL?
    /// The data the script reads.
    public var data: URL?
    /// The drawing, for inline targets: lines without trailing spaces.
    public var text: String?
    /// gnuplot's warnings, if any (for example an empty range it widened).
    public var warnings: [String]
}

/// Draws `PlotSpec`s with gnuplot: writes the script and data, then has a session run them.
public struct PlotRenderer: Sendable {
    /// Folder for relative output paths (the language's `set plots "DIR"`); created as needed.
    public var folder: URL
    /// The gnuplot process used for every render.
    public let session: GnuplotSession

    /// A renderer writing into `folder` (default `plots/` under the current directory).
    public init(folder: URL = URL(fileURLWithPath: "plots"), session: GnuplotSession = GnuplotSession()) {
        self.folder = folder
        self.session = session
    }

    /// Draws `spec` to `target`. For a file, `NAME.gp` and `NAME.dat` are written first, so they
    /// exist even when gnuplot is missing (then `PlotError.gnuplotNotFound` names them) or fails.
    public func render(_ spec: PlotSpec, to target: PlotTarget) throws -> PlotResult {
        let script = try GnuplotScript(spec)
        switch target {
        case let .inline(width, height):
            guard (20...1000).contains(width), (6...500).contains(height) else {
                throw PlotError.invalidData("an inline plot needs 20-1000 columns and 6-500 lines, got \(width)x\(height)")
            }
            let text = try script.text(terminal: .dumb(width: width, height: height), output: nil, data: .inline)
            let reply = try session.run(text)
            return PlotResult(image: nil, script: nil, data: nil, text: tidy(reply.output), warnings: reply.warnings)
        case let .file(path):
            let files = try PlotFiles(path: path, folder: folder)
            let gp = try script.text(terminal: try GnuplotTerminal.forFile(path),
                                     output: files.image.lastPathComponent,
                                     data: .file(files.data.lastPathComponent))
            try files.write(script: gp, data: script.data)
            let written = [files.script.path, files.data.path]
            // Remove an old image so a failed render cannot pass for a new one.
            try? FileManager.default.removeItem(at: files.image)
            let reply: GnuplotReply
            do {
                // The script names its files relative to its folder, as they are when a reader runs
                // it by hand, so the session `cd`s there and loads the very file it wrote. (Inline
                // plots use no files, so gnuplot's folder does not matter to later renders.)
                reply = try session.run("cd \(GnuplotQuoting.quoted(files.directory.path))\nload \(GnuplotQuoting.quoted(files.script.lastPathComponent))")
            } catch PlotError.gnuplotNotFound(let searchPath, _) {
                throw PlotError.gnuplotNotFound(searchPath: searchPath, written: written)
            } catch PlotError.gnuplotFailed(let message, _) {
                throw PlotError.gnuplotFailed(message: message, script: files.script.path)
            } catch PlotError.timedOut(let seconds, _) {
                throw PlotError.timedOut(seconds: seconds, script: files.script.path)
            }
            guard FileManager.default.fileExists(atPath: files.image.path) else {
                throw PlotError.gnuplotFailed(message: "no image was written", script: files.script.path)
            }
            return PlotResult(image: files.image, script: files.script, data: files.data, text: nil, warnings: reply.warnings)
        }
    }

    /// Drops the dumb terminal's trailing spaces and blank edge lines.
    private func tidy(_ s: String) -> String {
        var lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

/// The three files of a file plot: `NAME.png|svg|pdf`, `NAME.gp`, `NAME.dat`, in one folder.
struct PlotFiles {
    let image: URL
    let script: URL
    let data: URL
    var directory: URL { image.deletingLastPathComponent() }

    init(path: String, folder: URL) throws {
        try GnuplotQuoting.validatePath(path)
        _ = try GnuplotTerminal.forFile(path)
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        let image = url.standardizedFileURL
        try GnuplotQuoting.validatePath(image.path)
        let stem = image.deletingPathExtension().lastPathComponent
        guard !stem.isEmpty, !stem.hasPrefix(".") else {
            throw PlotError.invalidPath(path: path, reason: "the file needs a name before its extension")
        }
        self.image = image
        script = image.deletingPathExtension().appendingPathExtension("gp")
        data = image.deletingPathExtension().appendingPathExtension("dat")
    }

    func write(script text: String, data body: String) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw PlotError.io(path: directory.path, message: error.localizedDescription)
        }
        for (url, content) in [(script, text), (data, body)] {
            do { try content.write(to: url, atomically: true, encoding: .utf8) } catch {
                throw PlotError.io(path: url.path, message: error.localizedDescription)
            }
        }
    }
}
