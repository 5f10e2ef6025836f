"""A one-line progress display for long commands on a terminal."""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO


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
        self.stream.write("\r" + line.ljust(79)[:120])
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
        self.stream.write(json.dumps({"event": event, **fields}, ensure_ascii=False) + "\n")
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
