import Foundation

/// Where a plot goes.
public enum PlotTarget: Sendable, Equatable {
    /// An image file; the extension picks the format (.png, .svg, .pdf). A relative path is taken
    /// inside the renderer's folder. `NAME.EXT.gp` and `NAME.EXT.dat` are written next to it.
    case file(String)
    /// Text drawn by gnuplot's `dumb` terminal, `width` columns by `height` lines; no files.
    case inline(width: Int, height: Int)
}

/// What a render produced.
public struct PlotResult: Sendable, Equatable {
    /// The image file (file targets only).
    public var image: URL?
    /// The gnuplot script that reproduces the image with `gnuplot NAME.EXT.gp` run in its folder.
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

    /// Draws `spec` to `target`. For a file, `NAME.EXT.gp` and `NAME.EXT.dat` are written first, so
    /// they exist even when gnuplot is missing (then `PlotError.gnuplotNotFound` names them) or fails.
    /// Only regular files are replaced (`AtomicFileWriter`); the image is replaced only by a
    /// complete new one.
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
            let terminal = try GnuplotTerminal.forFile(path)
            // Every name is checked before anything is written: only regular files are replaced,
            // and a symbolic link is followed only at the image, the name the user gave.
            for url in [files.script, files.data] {
                try PlotFiles.checked { _ = try AtomicFileWriter.destination(for: url, followsLink: false) }
            }
            let image = try PlotFiles.checked { try AtomicFileWriter(replacing: files.image, followsLink: true) }
            let dataName = files.data.lastPathComponent
            let gp = try script.text(terminal: terminal, output: files.image.lastPathComponent, data: .file(dataName))
            try files.write(script: gp, data: script.data)
            let written = [files.script.path, files.data.path]
            let reply: GnuplotReply
            do {
                // The session runs the text of the script just written, in its folder, with one
                // difference: gnuplot draws into the image's temporary file, which replaces the image
                // only once it is complete. A failed render leaves the old image in place and
                // cannot pass for a new one. (Inline plots use no files, so gnuplot's folder does
                // not matter to later renders.)
                let live = try script.text(terminal: terminal, output: image.temporary.path, data: .file(dataName))
                reply = try session.run("cd \(GnuplotQuoting.quoted(files.directory.path))\n" + live)
            } catch PlotError.gnuplotNotFound(let searchPath, _) {
                throw PlotError.gnuplotNotFound(searchPath: searchPath, written: written)
            } catch PlotError.gnuplotFailed(let message, _) {
                throw PlotError.gnuplotFailed(message: message, script: files.script.path)
            } catch PlotError.timedOut(let seconds, _) {
                throw PlotError.timedOut(seconds: seconds, script: files.script.path)
            }
            guard image.size > 0 else {
                throw PlotError.gnuplotFailed(message: "no image was written", script: files.script.path)
            }
            try PlotFiles.checked { try image.commit() }
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

/// The three files of a file plot, in one folder: the image `NAME.EXT` (.png, .svg or .pdf), its
/// script `NAME.EXT.gp` and its data `NAME.EXT.dat`. The side files carry the image's extension,
/// so that `a.png` and `a.svg` in one folder keep a script and data each.
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
        let name = image.lastPathComponent
        // gnuplot reads `set output '|cmd'` as a pipe to a shell command, and `'<cmd'` as one
        // for data, whatever the quoting. Names are handed to it as `./NAME` anyway; a name that
        // looks like a command is refused so that nobody mistakes it for one either.
        if let first = name.first, first == "|" || first == "<" {
            throw PlotError.invalidPath(path: path, reason: "a file name may not begin with \(first) (gnuplot would read it as a shell command)")
        }
        let stem = image.deletingPathExtension().lastPathComponent
        guard !stem.isEmpty, !stem.hasPrefix(".") else {
            throw PlotError.invalidPath(path: path, reason: "the file needs a name before its extension")
        }
        self.image = image
        script = image.appendingPathExtension("gp")
        data = image.appendingPathExtension("dat")
    }

    /// Writes the script and the data, each in one step; a symbolic link at either is refused.
    func write(script text: String, data body: String) throws {
        for (url, content) in [(script, text), (data, body)] {
            try PlotFiles.checked { try AtomicFileWriter.write(Data(content.utf8), to: url, followsLink: false) }
        }
    }

    /// Runs `body`, turning a `FileAccessError` into `PlotError.io`.
    static func checked<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as FileAccessError {
            throw PlotError.io(path: error.path, message: error.reason)
        }
    }
}
