"""The Jupyter kernel: an ipykernel `Kernel` that drives one `urnn kernel` process."""

import base64
import os
import signal

from ipykernel.kernelbase import Kernel

from . import __version__
from .child import MissingProgram, UrnnProcess


def _image_data(path, mime):
    """The display data of a plot file: base64 for PNG, text for SVG; None if unreadable."""
    try:
        with open(path, "rb") as f:
            content = f.read()
    except OSError:
        return None
    if mime == "image/svg+xml":
        return {mime: content.decode("utf-8", "replace")}
    if mime == "image/png":
        return {mime: base64.b64encode(content).decode("ascii")}
    return None


class URNNKernel(Kernel):
    """Cells run in one urnn session, as in `urnn repl`: output and progress stream as
    they come, the value is the execute_result, each plot a display_data, a diagnostic
    the error's traceback. Restarting the kernel starts a fresh session."""

    implementation = "urnn_kernel"
    implementation_version = __version__
    language = "urnn"
    language_version = __version__
    language_info = {
        "name": "urnn",
        "version": __version__,
        "mimetype": "text/x-urnn",
        "file_extension": ".urnn",
        "pygments_lexer": "urnn",
        # CodeMirror has no urnn mode; Python's highlights the same comments (#),
        # strings, numbers and the shared keywords (if, else, for, in, while, and, or, not).
        "codemirror_mode": "python",
    }
    banner = "urnn: help for commands, Tab to complete, Shift-Tab for help on a word"
    help_links = []

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.child = None
        self.start_error = None
        self._start_child()

    def _start_child(self):
        try:
            self.child = UrnnProcess()
            self.start_error = None
        except MissingProgram as error:
            self.child = None
            self.start_error = str(error)

    def _ensure_child(self):
        """A running session, started anew if the last one ended; None with `start_error`."""
        if self.child is None or not self.child.alive:
            self._start_child()
        return self.child

    # -- execute -------------------------------------------------------------------

    def _stream(self, name, text, silent):
        if not silent and text:
            self.send_response(self.iopub_socket, "stream", {"name": name, "text": text})

    def _error(self, ename, lines, silent):
        content = {"ename": ename, "evalue": lines[0] if lines else "", "traceback": lines}
        if not silent:
            self.send_response(self.iopub_socket, "error", content)
        return dict(content, status="error", execution_count=self.execution_count)

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        child = self._ensure_child()
        if child is None:
            return self._error("urnn not found", ["error: " + self.start_error], silent)
        try:
            rid = child.send({"type": "execute", "code": code})
        except MissingProgram as error:
            self.child = None
            return self._error("urnn not found", ["error: " + str(error)], silent)
        except (BrokenPipeError, OSError):
            return self._lost(silent)
        # While the cell runs, the client's SIGINT (interrupt_request) is passed on to the
        # session's process, which stops the cell at its next safe point. A handler rather
        # than KeyboardInterrupt: the signal may land anywhere in this loop (while a
        # progress line is sent, say), and must never be lost there.
        previous = signal.signal(signal.SIGINT, lambda signum, frame: child.interrupt())
        try:
            reply = self._await_reply(child, rid, silent)
        finally:
            signal.signal(signal.SIGINT, previous)
        if isinstance(reply, dict) and reply.get("type") == "execute_reply":
            return self._finish(reply, silent)
        return reply

    def _await_reply(self, child, rid, silent):
        """The session's messages for request `rid` until its reply: streams and progress
        passed on as they come; a lost session or a protocol error as the cell's error."""
        reply = None
        while reply is None:
            message = child.next_message()
            if message is None:
                return self._lost(silent)
            if message.get("id") != rid:
                continue
            kind = message.get("type")
            if kind == "stream":
                self._stream(message.get("name", "stdout"), message.get("text", ""), silent)
            elif kind == "progress" and not message.get("finished"):
                # The last report is followed by the command's own summary line.
                self._stream("stderr", message.get("text", "") + "\n", silent)
            elif kind == "protocol_error":
                return self._error("urnn kernel protocol", ["error: " + message.get("message", "")], silent)
            elif kind == "execute_reply":
                reply = message
        return reply

    def _finish(self, reply, silent):
        count = reply.get("execution_count") or self.execution_count
        # The session numbers its cells (<cell N>, _N); the notebook shows the same numbers.
        self.execution_count = count
        if not silent:
            for plot in reply.get("plots", []):
                data = _image_data(plot.get("path", ""), plot.get("mime", ""))
                if data is not None:
                    self.send_response(self.iopub_socket, "display_data",
                                       {"data": data, "metadata": {"urnn": {"path": plot["path"]}}})
            if reply.get("value") is not None:
                self.send_response(self.iopub_socket, "execute_result",
                                   {"execution_count": count, "data": {"text/plain": reply["value"]}, "metadata": {}})
        if reply.get("status") == "ok":
            return {"status": "ok", "execution_count": count, "payload": [], "user_expressions": {}}
        ename = "Interrupted" if reply.get("status") == "interrupted" else "urnn error"
        lines = []
        for rendered in reply.get("errors", []):
            lines.extend(rendered.split("\n"))
        return self._error(ename, lines, silent)

    def _lost(self, silent):
        status = self.child.status if self.child is not None else None
        self.child = None
        return self._error("urnn ended", [
            f"error: the urnn session ended unexpectedly (exit status {status}); "
            "its names are lost, and the next cell starts a fresh session"], silent)

    # -- completion, help ------------------------------------------------------------

    def _ask(self, request, reply_type):
        child = self._ensure_child()
        if child is None:
            return None
        try:
            reply = child.request(request, reply_type)
        except (MissingProgram, BrokenPipeError, OSError):
            return None
        return reply if reply is not None and reply.get("type") == reply_type else None

    def do_complete(self, code, cursor_pos):
        cursor_pos = len(code) if cursor_pos is None else cursor_pos
        reply = self._ask({"type": "complete", "code": code, "cursor": cursor_pos}, "complete_reply")
        if reply is None:
            return {"status": "ok", "matches": [], "cursor_start": cursor_pos, "cursor_end": cursor_pos, "metadata": {}}
        return {"status": "ok", "matches": reply["matches"], "cursor_start": reply["cursor_start"],
                "cursor_end": reply["cursor_end"], "metadata": {}}

    def do_is_complete(self, code):
        reply = self._ask({"type": "is_complete", "code": code}, "is_complete_reply")
        if reply is None:
            return {"status": "unknown"}
        if reply["status"] == "incomplete":
            return {"status": "incomplete", "indent": reply.get("indent", "")}
        return {"status": reply["status"]}

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        reply = self._ask({"type": "inspect", "code": code, "cursor": cursor_pos}, "inspect_reply")
        if reply is None or not reply.get("found"):
            return {"status": "ok", "found": False, "data": {}, "metadata": {}}
        return {"status": "ok", "found": True, "data": {"text/plain": reply["text"]}, "metadata": {}}

    # -- ending --------------------------------------------------------------------

    def do_shutdown(self, restart):
        if self.child is not None:
            self.child.stop()
            self.child = None
        return {"status": "ok", "restart": restart}
