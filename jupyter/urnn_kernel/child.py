"""The `urnn kernel` process and its line-delimited JSON protocol (docs/kernel.md)."""

import itertools
import json
import os
import queue
import shutil
import signal
import subprocess
import threading

PROTOCOL_VERSION = 1


class MissingProgram(Exception):
    """The urnn program cannot be found or started; the message says what to do."""


def find_program():
    """The urnn binary: $URNN_BINARY (the kernelspec sets it), else `urnn` on PATH."""
    named = os.environ.get("URNN_BINARY")
    if named:
        if os.path.isfile(named) and os.access(named, os.X_OK):
            return named
        raise MissingProgram(
            f"the urnn program {named!r} (from URNN_BINARY) does not exist or is not executable; "
            "build it with scripts/urnn --version and reinstall the kernel with scripts/urnn kernel install")
    found = shutil.which("urnn")
    if found:
        return found
    raise MissingProgram(
        "the urnn program was not found: set URNN_BINARY to its path or put it on PATH "
        "(scripts/urnn kernel install records the path in the kernelspec)")


class UrnnProcess:
    """One `urnn kernel` process: requests go to its standard input, and a reader thread
    puts each message it prints (one JSON object a line) on a queue; None marks its end."""

    def __init__(self, program=None, start_timeout=20.0):
        self.program = program or find_program()
        try:
            self.process = subprocess.Popen(
                [self.program, "kernel"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        except OSError as error:
            raise MissingProgram(f"cannot start {self.program!r}: {error.strerror}") from None
        self.messages = queue.Queue()
        self.ids = itertools.count(1)
        self.start_timeout = start_timeout
        self.version = None
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def wait_ready(self):
        """Waits for the session's `ready` line (once; the first request calls it, so the
        program starts while Jupyter sets up the kernel). Raises MissingProgram."""
        if self.version is not None:
            return
        ready = self.next_message(timeout=self.start_timeout)
        if ready is None or ready.get("type") != "ready":
            self.stop()
            raise MissingProgram(f"{self.program!r} did not start a kernel session "
                                 f"(exit status {self.process.poll()}): is it urnn 0.1 or later?")
        if ready.get("protocol") != PROTOCOL_VERSION:
            self.stop()
            raise MissingProgram(
                f"{self.program!r} speaks kernel protocol {ready.get('protocol')}, this kernel {PROTOCOL_VERSION}: "
                "reinstall the kernel from the same checkout (scripts/urnn kernel install)")
        self.version = ready.get("urnn", "?")

    def _read(self):
        for line in self.process.stdout:
            try:
                self.messages.put(json.loads(line))
            except ValueError:
                self.messages.put({"type": "protocol_error", "message": f"unreadable line from urnn: {line[:80]!r}"})
        self.messages.put(None)

    @property
    def alive(self):
        return self.process.poll() is None

    def send(self, request):
        """Sends a request with a fresh id; returns the id. Raises MissingProgram when the
        session never started."""
        self.wait_ready()
        request = dict(request, id=next(self.ids))
        if "code" in request:
            # A lone surrogate (how Python holds a byte that was not UTF-8) becomes U+FFFD,
            # one code point for one, so cursor positions still count the same.
            request["code"] = request["code"].encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        data = (json.dumps(request, ensure_ascii=True) + "\n").encode("ascii")
        self.process.stdin.write(data)
        self.process.stdin.flush()
        return request["id"]

    def next_message(self, timeout=None):
        """The next message; None at the process's end (or after `timeout` seconds).
        Waits in short slices so that SIGINT (KeyboardInterrupt) reaches the caller."""
        waited = 0.0
        while True:
            try:
                return self.messages.get(timeout=0.05)
            except queue.Empty:
                waited += 0.05
                if timeout is not None and waited >= timeout:
                    return None

    def request(self, request, reply_type, timeout=30.0):
        """Sends a request that has one reply and returns it (None if the process ended)."""
        rid = self.send(request)
        while True:
            message = self.next_message(timeout=timeout)
            if message is None:
                return None
            if message.get("id") == rid and message.get("type") in (reply_type, "protocol_error"):
                return message

    def interrupt(self):
        if self.alive:
            self.process.send_signal(signal.SIGINT)

    def stop(self, timeout=2.0):
        """Asks the session to end, then ends the process if it does not."""
        if self.alive:
            try:
                self.process.stdin.write(b'{"type":"shutdown"}\n')
                self.process.stdin.close()
            except (BrokenPipeError, OSError, ValueError):
                pass
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=2)
        if not self.reader.is_alive():
            self.process.stdout.close()
        return self.process.returncode

    @property
    def status(self):
        return self.process.poll()
