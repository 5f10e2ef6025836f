"""A one-line progress display for long commands on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


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
