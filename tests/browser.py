"""Open report pages in headless Chromium and see what a reader's browser does with them.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
file descriptors 3 and 4, messages separated by NUL bytes), with no port, no
driver and no package beyond the standard library. The protocol reports exactly
what the checks need: a JavaScript dialog opening (``Page.javascriptDialogOpening``),
console messages and uncaught exceptions (``Runtime``), and the browser's own
errors, among them every Content-Security-Policy violation and failed load
(``Log``). Scraping ``--enable-logging`` output instead would depend on the log
format of one build, and ``--dump-dom`` says nothing of dialogs.

``Browser.load`` keeps the page open, so a later check can ask it more questions
(``evaluate`` an expression, ``call`` any protocol method, e.g. to measure a layout).
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = next(
    (path for name in ("chromium", "chromium-browser", "google-chrome") if (path := shutil.which(name))), None
)
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
)
# After the load event, how long to keep listening for late messages (timers, image errors).
SETTLE_SECONDS = 0.3
TIMEOUT_SECONDS = 30


class BrowserError(RuntimeError):
    """Chromium did not answer, or answered with a protocol error."""


@dataclass
class PageLoad:
    """What happened while a page loaded: dialogs opened (``alert: 1``) and console errors."""

    url: str
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def _console_error(event: dict) -> str | None:
    """The text of an event that is an error on the page's console, else None."""
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        return " ".join(str(argument.get("value", argument.get("description", ""))) for argument in params["args"])
    if method == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        return details.get("exception", {}).get("description") or details.get("text", "exception")
    if method == "Log.entryAdded" and params["entry"]["level"] == "error":
        return params["entry"]["text"]
    return None


class Browser:
    """One headless Chromium with a private profile; ``load`` pages into it one at a time."""

    def __init__(self, profile: Path, executable: str | None = CHROMIUM, window_size: str = "1366,900"):
        if executable is None:
            raise BrowserError("Chromium is not installed")
        self._command = [executable, *_FLAGS, f"--user-data-dir={profile}", f"--window-size={window_size}"]
        self._buffer = b""
        self._next_id = 0
        self._session: str | None = None
        self._target: str | None = None

    def __enter__(self) -> Browser:
        to_browser, self._to_browser = os.pipe()
        self._from_browser, from_browser = os.pipe()

        def pipe_on_3_and_4():
            # Copied above 10 first, so that neither end is overwritten when the other is placed.
            read, write = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10), fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
            os.dup2(read, 3)
            os.dup2(write, 4)
            os.close(read)
            os.close(write)

        self._process = subprocess.Popen(
            self._command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # its own chatter (D-Bus, GPU); what pages do arrives over the pipe
            close_fds=False,  # Python's descriptors are not inheritable; 3 and 4 are, and must be
            preexec_fn=pipe_on_3_and_4,
        )
        os.close(to_browser)
        os.close(from_browser)
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self._send("Browser.close")
            self._process.wait(timeout=10)
        except (BrowserError, OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _receive(self, timeout: float) -> dict | None:
        """The next message, or None when none arrived within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                return None
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, events: list | None = None) -> dict:
        """Call a DevTools method on the open page (the browser before any page); events meanwhile go to ``events``."""
        request = self._send(method, params, self._session)
        while True:
            message = self._receive(TIMEOUT_SECONDS)
            if message is None:
                raise BrowserError(f"no answer to {method}")
            if message.get("id") == request:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})
            if events is not None:
                events.append(message)

    def _open_tab(self) -> None:
        if self._target:
            self._session = None
            self.call("Target.closeTarget", {"targetId": self._target})
        self._target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": self._target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def load(self, page: Path, settle: float = SETTLE_SECONDS, width: int | None = None) -> PageLoad:
        """Open ``page`` in a fresh tab and wait for it to load; dialogs are recorded and dismissed.

        ``width`` sets the viewport's width in CSS pixels (a phone's when narrow), as a reader's screen would.
        """
        self._open_tab()
        if width is not None:
            metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}
            self.call("Emulation.setDeviceMetricsOverride", metrics)
        load = PageLoad(page.resolve().as_uri())
        events: list[dict] = []
        self.call("Page.navigate", {"url": load.url}, events)
        deadline, loaded_at = time.monotonic() + TIMEOUT_SECONDS, None
        while loaded_at is None or time.monotonic() < loaded_at + settle:
            if time.monotonic() > deadline:
                raise BrowserError(f"{page} did not finish loading in {TIMEOUT_SECONDS} s")
            while events:
                event = events.pop(0)
                method = event.get("method")
                if method == "Page.javascriptDialogOpening":
                    load.dialogs.append(f"{event['params']['type']}: {event['params']['message']}")
                    # A dialog blocks the page until it is answered.
                    self._send("Page.handleJavaScriptDialog", {"accept": False}, self._session)
                elif method == "Page.loadEventFired":
                    loaded_at = time.monotonic()
                elif (error := _console_error(event)) is not None:
                    load.console_errors.append(error)
            message = self._receive(0.05)
            if message is not None and message.get("sessionId") == self._session:
                events.append(message)
        return load

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the open page (DevTools evaluates it whatever the page's policy)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")
