"""Installs the urnn kernelspec: `python3 -m urnn_kernel.install --urnn PATH [--user |
--sys-prefix | --prefix DIR]` (what `urnn kernel install` runs). The kernelspec runs this
interpreter on this package, with the urnn program's path in URNN_BINARY."""

import argparse
import json
import os
import sys
import tempfile

from .logo import png


def kernelspec(urnn, python):
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return {
        "argv": [python, "-m", "urnn_kernel", "-f", "{connection_file}"],
        "display_name": "urnn",
        "language": "urnn",
        "interrupt_mode": "signal",
        # PYDEVD_...: ipykernel imports its debugger, which otherwise warns at every start.
        "env": {"PYTHONPATH": package_root, "URNN_BINARY": urnn, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
        "metadata": {"debugger": False},
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="urnn kernel install", description="Install the urnn Jupyter kernelspec.")
    place = parser.add_mutually_exclusive_group()
    place.add_argument("--user", action="store_true", help="for this user (the default)")
    place.add_argument("--sys-prefix", action="store_true", help=f"into this Python's prefix ({sys.prefix})")
    place.add_argument("--prefix", help="into PREFIX/share/jupyter/kernels")
    parser.add_argument("--urnn", required=True, help="the urnn program the kernel runs")
    parser.add_argument("--python", default=sys.executable, help="the Python the kernel runs on")
    args = parser.parse_args(argv)
    try:
        from jupyter_client.kernelspec import KernelSpecManager
    except ImportError:
        print("urnn kernel install: needs jupyter_client and ipykernel "
              "(Debian: apt-get install python3-ipykernel python3-jupyter-client)", file=sys.stderr)
        return 69
    urnn = os.path.abspath(args.urnn)
    if not (os.path.isfile(urnn) and os.access(urnn, os.X_OK)):
        print(f"urnn kernel install: {urnn} is not an executable program", file=sys.stderr)
        return 66
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "kernel.json"), "w") as f:
            json.dump(kernelspec(urnn, os.path.abspath(args.python)), f, indent=2)
            f.write("\n")
        for size in (32, 64):
            with open(os.path.join(folder, f"logo-{size}x{size}.png"), "wb") as f:
                f.write(png(size))
        prefix = sys.prefix if args.sys_prefix else args.prefix
        try:
            where = KernelSpecManager().install_kernel_spec(folder, "urnn", user=prefix is None, prefix=prefix)
        except OSError as error:
            print(f"urnn kernel install: cannot install the kernelspec: {error}", file=sys.stderr)
            return 73
    print(f"installed the urnn kernel in {where} (runs {urnn}); `jupyter kernelspec list` shows it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
