import Foundation
import Glibc

/// `urnn kernel install`: installs the Jupyter kernelspec by running the Python package's
/// installer (`jupyter/urnn_kernel/install.py`) with this program's path. Only this and the
/// kernel itself need Python; the rest of urnn runs without it.
enum KernelInstaller {
    /// Runs the installer; returns its exit status, or 69 (EX_UNAVAILABLE) with a message
    /// when Python or the package cannot be found.
    static func install(place: [String]) -> Int32 {
        guard let program = ownPath() else {
            return fail("cannot tell where this program is (/proc/self/exe)")
        }
        guard let package = packageFolder(from: program) else {
            return fail("the Python package jupyter/urnn_kernel was not found beside this program; "
                        + "set URNN_KERNEL_PACKAGE to the folder that holds urnn_kernel")
        }
        guard let python = pythonPath() else {
            return fail("needs Python 3 with ipykernel and jupyter_client (Debian: apt-get install "
                        + "python3-ipykernel python3-jupyter-client); set URNN_PYTHON to choose one")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", "urnn_kernel.install", "--urnn", program, "--python", python] + place
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = package + (environment["PYTHONPATH"].map { ":" + $0 } ?? "")
        process.environment = environment
        do {
            try process.run()
        } catch {
            return fail("cannot run \(python): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    private static func fail(_ message: String) -> Int32 {
        Console.write(STDERR_FILENO, "urnn kernel install: \(message)\n")
        return 69
    }

    /// This program's file, symbolic links resolved.
    static func ownPath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `$URNN_KERNEL_PACKAGE`, else the `jupyter` folder of the checkout the program was
    /// built in (the program lives in `.build/.../release/` below it).
    static func packageFolder(from program: String) -> String? {
        if let named = ProcessInfo.processInfo.environment["URNN_KERNEL_PACKAGE"], !named.isEmpty { return named }
        var folder = URL(fileURLWithPath: program).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("jupyter")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("urnn_kernel/install.py").path) {
                return candidate.path
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// `$URNN_PYTHON`, else Debian's `/usr/bin/python3` (where its Jupyter packages install),
    /// else `python3` on PATH.
    static func pythonPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let named = environment["URNN_PYTHON"], !named.isEmpty { return named }
        if access("/usr/bin/python3", X_OK) == 0 { return "/usr/bin/python3" }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/python3"
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }
}
