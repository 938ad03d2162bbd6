import Foundation
import XCTest

/// The Jupyter kernel (`jupyter/urnn_kernel`) tested with real Jupyter clients: the Python
/// tests under `jupyter/tests` run on Debian's Python with this build's `urnn`, each in a
/// temporary Jupyter environment (kernelspecs, runtime files), never the user's own.
final class JupyterKernelTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs one module of `jupyter/tests` with unittest; skips when Python or its Jupyter
    /// packages are missing (scripts/setup installs them).
    func runPythonTests(_ module: String, timeout: TimeInterval = 600) throws {
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw XCTSkip("/usr/bin/python3 is not installed; the Jupyter kernel's tests need it")
        }
        let probe = try runProcess(python, ["-c", "import ipykernel, jupyter_client, nbclient, nbformat, nbconvert"])
        if probe.status != 0 {
            throw XCTSkip("the Jupyter packages are missing (scripts/setup installs python3-ipykernel, "
                          + "python3-jupyter-client, python3-nbclient, python3-nbformat, python3-nbconvert): \(probe.stderr)")
        }
        let tests = JupyterKernelTests.packageRoot.appendingPathComponent("jupyter/tests")
        let result = try runProcess(python, ["-m", "unittest", "-v", module],
                                    environment: ["URNN_BINARY": try urnnBinary().path, "PYDEVD_DISABLE_FILE_VALIDATION": "1"],
                                    directory: tests, timeout: timeout)
        XCTAssertEqual(result.status, 0, "python3 -m unittest \(module) failed:\n\(result.stderr.suffix(6000))")
    }

    func testLexerAgainstTheDeclarations() throws {
        try runPythonTests("test_lexer")
    }

    func testKernelThroughJupyterClient() throws {
        try runPythonTests("test_kernel")
    }

    func testNotebooksThroughNbclientAndNbconvert() throws {
        try runPythonTests("test_notebooks")
    }
}
