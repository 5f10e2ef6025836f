"""What Tagdesk writes to a terminal: messages, a one-line progress display, JSON lines.

Messages quote the data (labels, span text, titles, file names), and data
can hold what a terminal obeys: ESC and CSI sequences that clear the screen
or write the clipboard (OSC 52), BEL, backspace, carriage return, direction
overrides that show a line backwards. Everything written goes through
`shown` (or `json_text`), which writes such characters as escapes (`\x1b`,
`\u202e`) instead.
"""

from __future__ import annotations

import json
import re
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

# C0 (with tab and newline: a message is one line), DEL, C1, and the invisible
# direction, line and paragraph controls.
_OBEYED = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What json.dumps(ensure_ascii=False) leaves as it is; C0 it escapes itself.
_OBEYED_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def shown(text: str) -> str:
    """`text` safe to write to a terminal, on one line: control characters as escapes."""
    return _OBEYED.sub(_escape, text)


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON for a terminal or a pipe: the same value, with what a terminal obeys escaped."""
    return _OBEYED_IN_JSON.sub(_json_escape, json.dumps(value, ensure_ascii=False, indent=indent))


def say(text: str, stream: TextIO | None = None) -> None:
    """One line of output (stdout unless `stream`), made safe for a terminal."""
    print(shown(text), file=stream or sys.stdout)


def warn(text: str) -> None:
    say(f"tagdesk: warning: {text}", sys.stderr)


def fail(text: str) -> None:
    say(f"tagdesk: error: {text}", sys.stderr)


class ProgressLine:
    """`label  n/total  rate/s  ~time left`, redrawn at most ten times a second."""

    def __init__(self, label: str, total: int | None = None, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.started = time.monotonic()
        self._drawn = 0.0
        self.count = 0

    def __call__(self, count: int, total: int | None = None) -> None:
        self.count = count
        if total is not None:
            self.total = total
        now = time.monotonic()
        if self.enabled and now - self._drawn >= 0.1:
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-6)
        rate = self.count / elapsed
        line = f"{self.label} {self.count}"
        if self.total:
            line += f"/{self.total}"
            width = 24
            filled = int(width * min(self.count / self.total, 1.0))
            line = (
                f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total}"
            )
            if rate > 0 and self.count < self.total:
                line += f"  ~{format_seconds((self.total - self.count) / rate)} left"
        line += f"  {rate:,.0f}/s"
        self.stream.write("\r" + shown(line).ljust(79)[:120])
        self.stream.flush()

    def update(self, count: int, total: int) -> None:
        """Progress as (done, total), for work that learns its total only once it starts."""
        self.total = total
        self(count)

    def counted(self, count: int, expected: int | None = None) -> None:
        """Progress as a count, and the total when it was quick to learn (an import)."""
        self(count, expected)

    def finish(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def format_seconds(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class JsonProgress:
    """Progress as one JSON object per line on stdout, for a program that runs Tagdesk."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def emit(self, event: str, **fields: Any) -> None:
        self.stream.write(json_text({"event": event, **fields}) + "\n")
        self.stream.flush()

    def update(self, count: int, total: int) -> None:
        self.emit("progress", done=count, total=total)

    def counted(self, count: int, expected: int | None = None) -> None:
        if expected is None:
            self.emit("progress", done=count)
        else:
            self.emit("progress", done=count, total=expected)

    def finish(self) -> None:
        pass


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Treat SIGTERM (a window cancelling its job) like Ctrl+C, so work stops at a safe point."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
