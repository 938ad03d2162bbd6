"""Shared set-up of the kernel's tests: a temporary Jupyter environment (kernelspecs,
data, runtime and config folders), never the user's own, with the urnn kernelspec
installed in it for the program in $URNN_BINARY."""

import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)
sys.path.insert(0, PACKAGE_ROOT)


class JupyterEnvironment:
    """Points every Jupyter folder at a temporary one and installs the kernelspec there.
    `binary` overrides the program the kernelspec names (a missing one for that test)."""

    def __init__(self, binary=None):
        self.binary = binary or os.environ.get("URNN_BINARY")
        if not self.binary:
            raise RuntimeError("set URNN_BINARY to the urnn program to test")
        self.folder = tempfile.mkdtemp(prefix="urnn-jupyter-test-")
        self.saved = {}

    def __enter__(self):
        values = {
            "JUPYTER_PATH": os.path.join(self.folder, "share", "jupyter"),
            "JUPYTER_DATA_DIR": os.path.join(self.folder, "data"),
            "JUPYTER_RUNTIME_DIR": os.path.join(self.folder, "runtime"),
            "JUPYTER_CONFIG_DIR": os.path.join(self.folder, "config"),
            "IPYTHONDIR": os.path.join(self.folder, "ipython"),
            "PYTHONPATH": PACKAGE_ROOT,
            # ipykernel's debugger otherwise warns on every start.
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        }
        for key, value in values.items():
            self.saved[key] = os.environ.get(key)
            os.environ[key] = value
        self.saved["URNN_BINARY"] = os.environ.pop("URNN_BINARY", None)
        import contextlib
        import io

        from urnn_kernel import install
        with contextlib.redirect_stdout(io.StringIO()):
            status = install.main(["--prefix", self.folder, "--urnn", os.path.abspath(self.binary)]
                                  if os.path.exists(self.binary) else ["--prefix", self.folder, "--urnn", sys.executable])
        assert status == 0, "kernelspec install failed"
        if not os.path.exists(self.binary):
            # The kernelspec names a program that is not there.
            import json
            spec = os.path.join(self.folder, "share", "jupyter", "kernels", "urnn", "kernel.json")
            with open(spec) as f:
                data = json.load(f)
            data["env"]["URNN_BINARY"] = self.binary
            with open(spec, "w") as f:
                json.dump(data, f)
        self.work = os.path.join(self.folder, "work")
        os.makedirs(self.work)
        return self

    def __exit__(self, *exc):
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(self.folder, ignore_errors=True)
