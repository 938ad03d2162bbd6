"""The urnn Jupyter kernel through a real client (jupyter_client's KernelManager and
BlockingKernelClient): execution, errors, completion, is_complete, inspect, interrupt,
restart, bad input, a missing program. Run by Tests/urnnTests/JupyterKernelTests.swift:
    URNN_BINARY=.build/release/urnn /usr/bin/python3 -m unittest discover -s jupyter/tests -v
"""

import os
import queue
import time
import unittest

from support import JupyterEnvironment

from jupyter_client.manager import KernelManager

TIMEOUT = 30


class KernelSession:
    """A started kernel and a client of it; `run` executes a cell and gathers its outputs."""

    def __init__(self, cwd):
        self.manager = KernelManager(kernel_name="urnn")
        self.manager.start_kernel(cwd=cwd)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=TIMEOUT)

    def run(self, code, timeout=TIMEOUT, on_output=None):
        msg_id = self.client.execute(code)
        outputs = []
        while True:
            message = self.client.get_iopub_msg(timeout=timeout)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            kind = message["msg_type"]
            if kind == "status" and message["content"]["execution_state"] == "idle":
                break
            if kind in ("stream", "execute_result", "display_data", "error"):
                outputs.append((kind, message["content"]))
                if on_output:
                    on_output(kind, message["content"])
        return self.reply(msg_id, timeout), outputs

    def reply(self, msg_id, timeout=TIMEOUT):
        """The shell reply to the request `msg_id` (earlier replies are passed over)."""
        while True:
            message = self.client.get_shell_msg(timeout=timeout)
            if message["parent_header"].get("msg_id") == msg_id:
                return message["content"]

    def stop(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=False)


def text(outputs, kind="stream", name=None):
    return "".join(c.get("text", "") for k, c in outputs if k == kind and (name is None or c.get("name") == name))


class KernelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = JupyterEnvironment().__enter__()
        cls.kernel = KernelSession(cls.env.work)

    @classmethod
    def tearDownClass(cls):
        cls.kernel.stop()
        cls.env.__exit__(None, None, None)

    def test_kernel_info_names_the_language(self):
        reply = self.kernel.reply(self.kernel.client.kernel_info())
        info = reply["language_info"]
        self.assertEqual(info["name"], "urnn")
        self.assertEqual(info["file_extension"], ".urnn")
        self.assertEqual(info["pygments_lexer"], "urnn")

    def test_value_output_and_error_with_caret(self):
        reply, outputs = self.kernel.run("k = 20 + 1\nprint k\nk * 2")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(text(outputs, name="stdout"), "21\n")
        results = [c for k, c in outputs if k == "execute_result"]
        self.assertEqual(results[0]["data"]["text/plain"], "42")
        self.assertEqual(results[0]["execution_count"], reply["execution_count"])
        reply, outputs = self.kernel.run("print expm([[1, 2, 3]])")
        self.assertEqual(reply["status"], "error")
        traceback = "\n".join(reply["traceback"])
        self.assertRegex(traceback, r"<cell \d+>:1:7: error: expm needs a square matrix")
        self.assertIn("\n          ^", traceback)
        self.assertEqual([k for k, _ in outputs], ["error"])
        reply, outputs = self.kernel.run("k")
        self.assertEqual([c["data"]["text/plain"] for k, c in outputs if k == "execute_result"], ["21"])

    def test_completion(self):
        client = self.kernel.client
        reply = self.kernel.reply(client.complete("trai", 4))
        self.assertEqual(reply["matches"], ["train"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (0, 4))
        code = "model u = urnn hid"
        reply = self.kernel.reply(client.complete(code, len(code)))
        self.assertEqual(reply["matches"], ["hidden="])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (len(code) - 3, len(code)))

    def test_is_complete_and_inspect(self):
        client = self.kernel.client
        reply = self.kernel.reply(client.is_complete("for k in range(3) {"))
        self.assertEqual(reply["status"], "incomplete")
        self.assertEqual(reply["indent"], "  ")
        self.assertEqual(self.kernel.reply(client.is_complete("print 1"))["status"], "complete")
        reply = self.kernel.reply(client.inspect("train u on copy", 2))
        self.assertTrue(reply["found"])
        self.assertTrue(reply["data"]["text/plain"].startswith("train MODEL on DATA"))

    def test_plots_are_display_data(self):
        reply, outputs = self.kernel.run(
            'seed 1\ntask pcopy = copy delay=5 train=40 test=8\nmodel pu = urnn hidden=4\n'
            'train pu on pcopy steps=2 batch=4\nplot eig pu to "a.png"\nplot eig pu to "a.svg"')
        self.assertEqual(reply["status"], "ok")
        shown = [c for k, c in outputs if k == "display_data"]
        self.assertEqual(len(shown), 2)
        import base64
        self.assertTrue(base64.b64decode(shown[0]["data"]["image/png"]).startswith(b"\x89PNG"))
        self.assertIn("<svg", shown[1]["data"]["image/svg+xml"])
        self.assertTrue(os.path.exists(os.path.join(self.env.work, "a.png.gp")))

    def test_interrupt_stops_training_and_keeps_the_model(self):
        self.kernel.run("seed 2\ntask icopy = copy delay=5 train=200 test=20\nmodel iu = urnn hidden=8")
        progressed = []
        client = self.kernel.client
        msg_id = client.execute("train iu on icopy steps=1000000 batch=8 log_every=1")
        while not progressed:
            message = client.get_iopub_msg(timeout=TIMEOUT)
            if (message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "stream"
                    and "step" in message["content"]["text"]):
                progressed.append(message)
        start = time.monotonic()
        self.kernel.manager.interrupt_kernel()
        reply = self.kernel.reply(msg_id)
        elapsed = time.monotonic() - start
        self.assertLess(elapsed, 2.0)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        reply, outputs = self.kernel.run("iu")
        if reply["status"] == "aborted":
            # ipykernel aborts requests that arrive while it clears its queue after an
            # error (stop_on_error), as after any failed cell; the next one runs.
            reply, outputs = self.kernel.run("iu")
        self.assertEqual(reply["status"], "ok")
        self.assertIn("urnn", text(outputs, "execute_result") or outputs[-1][1]["data"]["text/plain"])

    def test_huge_output_is_cut_and_the_session_goes_on(self):
        reply, outputs = self.kernel.run(
            'line = "{range(20)}" + "{range(20)}"\nfor i in range(100000) { print line }', timeout=120)
        self.assertEqual(reply["status"], "ok")
        self.assertLessEqual(len(text(outputs, name="stdout").encode()), 1 << 20)
        self.assertIn("are not shown", text(outputs, name="stderr"))
        reply, outputs = self.kernel.run("1 + 1")
        self.assertEqual([c["data"]["text/plain"] for k, c in outputs if k == "execute_result"], ["2"])

    def test_invalid_utf8_in_a_cell(self):
        # A lone surrogate is how Python holds an undecodable byte; the kernel replaces it.
        reply, outputs = self.kernel.run("x = 1 \udcff")
        self.assertEqual(reply["status"], "error")
        self.assertRegex("\n".join(reply["traceback"]), r"<cell \d+>:1:7: error:")
        reply, outputs = self.kernel.run("1 + 2")
        self.assertEqual(reply["status"], "ok")


class RestartTests(unittest.TestCase):
    def test_restart_gives_a_fresh_session(self):
        with JupyterEnvironment() as env:
            kernel = KernelSession(env.work)
            try:
                kernel.run("fresh = 5")
                kernel.manager.restart_kernel(now=False)
                kernel.client.wait_for_ready(timeout=TIMEOUT)
                reply, outputs = kernel.run("fresh")
                self.assertEqual(reply["status"], "error")
                self.assertIn("fresh", "\n".join(reply["traceback"]))
                self.assertRegex("\n".join(reply["traceback"]), r"<cell 1>:")
            finally:
                kernel.stop()


class MissingProgramTests(unittest.TestCase):
    def test_a_missing_program_is_a_clear_error_not_a_hang(self):
        with JupyterEnvironment(binary="/nonexistent/urnn") as env:
            kernel = KernelSession(env.work)
            try:
                start = time.monotonic()
                reply, outputs = kernel.run("1 + 1")
                self.assertLess(time.monotonic() - start, 10)
                self.assertEqual(reply["status"], "error")
                self.assertIn("/nonexistent/urnn", "\n".join(reply["traceback"]))
                self.assertIn("does not exist", "\n".join(reply["traceback"]))
            finally:
                kernel.stop()


if __name__ == "__main__":
    unittest.main()
