"""Turning file bytes into text, or a clear refusal.

Tagdesk reads UTF-8. A UTF-8 byte-order mark is an encoding marker, not
text, so it is dropped. UTF-16/32 files, legacy 8-bit encodings (cp1252,
latin-1) and binary files are refused with a message that names the file and
the line of the first bad byte, rather than guessed at: a wrong guess would
silently change the text and every offset after it.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from tagdesk.core.errors import InputError

_UTF16_32_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)
# C0 controls that do not occur in text (tab, newlines and form feed do).
_BINARY_CONTROLS = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError as error:
        raise InputError(path, "is a folder, not a file") from error
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror}") from error


def decode_utf8(data: bytes, path: Path, *, first_line: int = 1) -> str:
    """Decode one file (or one line of a file) as UTF-8, refusing anything else."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith(_UTF16_32_BOMS):
        raise InputError(
            path, "is UTF-16 or UTF-32 text; Tagdesk reads UTF-8, so re-save it as UTF-8"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line = first_line + data.count(b"\n", 0, nul)
        raise InputError(path, "is a binary file (it contains NUL bytes), not UTF-8 text", line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = first_line + data.count(b"\n", 0, error.start)
        bad = data[error.start]
        raise InputError(
            path,
            f"is not UTF-8 text (byte 0x{bad:02x}); convert it to UTF-8 first, "
            "for example with: iconv -f cp1252 -t utf-8",
            line,
        ) from error


def read_text_file(path: Path) -> str:
    """A whole text file as a string; empty and binary files are refused."""
    data = read_bytes(path)
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise InputError(path, "is empty")
    if b"\x00" in data and not data.startswith(_UTF16_32_BOMS):
        raise InputError(path, "is a binary file (it contains NUL bytes), not text")
    text = decode_utf8(data, path)
    sample = data[:65536]
    controls = sum(sample.count(bytes([c])) for c in _BINARY_CONTROLS)
    if controls > max(8, len(sample) // 100):
        raise InputError(path, "looks like a binary file (many control characters), not text")
    return text
