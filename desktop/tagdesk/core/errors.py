"""Errors the user can act on; each renders as one clear line."""

from __future__ import annotations

from pathlib import Path


class TagdeskError(Exception):
    """An error caused by input or environment, shown to the user as one line."""

    def __init__(self, message: str = "") -> None:
        super().__init__(one_line(message))


def one_line(text: str) -> str:
    """`text` with every character that would break the line or reach the terminal as a
    control (line breaks, escapes, U+2028, lone surrogates) written as its escape.

    Messages quote what a file holds (a field name, a brat id, a label); the file is
    not to decide how the message prints.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


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


class ChangedSinceError(StoreError):
    """A write made on a row as the window showed it, which another writer has changed since.

    Nothing was written; `kind` ("span", "document", "label") lets the window
    say what to look at again.
    """

    def __init__(self, location: str, kind: str, row_id: int, where: str = "") -> None:
        self.kind = kind
        self.row_id = row_id
        what = f"{kind} {row_id}{where}"
        super().__init__(
            f"{location}: cannot save ({what} was changed by another window or "
            "program since it was shown): it is left as it is; nothing was saved"
        )
