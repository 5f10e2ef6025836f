"""Errors the user can act on; each renders as one clear line."""

from __future__ import annotations

from pathlib import Path


class TagdeskError(Exception):
    """An error caused by input or environment, shown to the user as one line."""


class InputError(TagdeskError):
    """Bad input, located by file and (where it has lines) line number."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class StoreError(TagdeskError):
    """The database cannot be opened or written."""


class CancelledError(TagdeskError):
    """The user stopped a long operation; nothing it would have written was kept."""
