"""The JSON every reader accepts, decoded in one place: RFC 8259 and nothing looser.

Python's `json` and orjson disagree at the edges. `json` takes NaN and
Infinity, keeps a lone surrogate escape ("\\ud800", which no UTF-8 file or
database column can hold), and recurses until the interpreter gives up on
deep nesting; orjson refuses all three but turns an integer beyond 64 bits
into a rounded float. Every reader decodes through `loads`, so a file means
the same to all of them: orjson's strictness, at most `MAX_DEPTH` levels of
nesting, and whole numbers that fit SQLite's signed 64 bits, as they were
written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson

from tagdesk.core.errors import InputError
from tagdesk.formats.decoding import decode_utf8

MAX_DEPTH = 1024  # orjson's own limit on arrays and objects inside one another
SMALLEST_INTEGER = -(2**63)
LARGEST_INTEGER = 2**63 - 1
# orjson reads a whole number of up to 19 digits exactly (and up to 2**64 - 1);
# only text with a run of 19 digits can hold one outside the signed 64-bit range.
# Every digit read as 0, a run of 19 is a plain substring search: ten times a regex's speed.
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_DIGITS = b"0" * 19
_NOT_NUMBERS = ("-Infinity", "Infinity", "NaN")


def loads(raw: bytes, path: Path, line: int) -> Any:
    """One JSON value from `raw`, which starts on `line` of `path`; anything else is refused."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        decode_utf8(raw, path, first_line=line)  # a bad byte is said as such
        doc = error.doc  # an error at the end of the data is said on its last line
        where = line + doc.count("\n", 0, min(error.pos, len(doc.rstrip())))
        raise InputError(path, f"is not valid JSON: {_explain(error)}", where) from None
    if _LONG_DIGITS in raw.translate(_DIGITS_AS_ZERO):
        _check_integers(raw, path, line)
    return value


def _explain(error: orjson.JSONDecodeError) -> str:
    rest = error.doc[max(error.pos - 1, 0) : error.pos + 9]
    for word in _NOT_NUMBERS:
        if word in rest:
            return f"{word} is not a JSON number; write null, or the value as a string"
    if "surrogate" in error.msg:
        return (
            "it holds a lone surrogate escape (such as \\ud800), which is not a character; "
            f"column {error.colno}"
        )
    if "depth limit" in error.msg:
        return f"it is nested more than {MAX_DEPTH} levels deep"
    if "content after document" in error.msg:
        return f"it holds more than one JSON value (the next starts at column {error.colno})"
    if "infinity" in error.msg:
        return f"a number is too large for a 64-bit float; column {error.colno}"
    return f"{error.msg}; column {error.colno}"


class _TooLargeError(ValueError):
    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _whole_number(literal: str) -> int:
    number = int(literal)
    if not SMALLEST_INTEGER <= number <= LARGEST_INTEGER:
        raise _TooLargeError(literal)
    return number


def _check_integers(raw: bytes, path: Path, line: int) -> None:
    """Refuse a whole number beyond 64 bits, which orjson would have rounded silently."""
    try:
        json.loads(raw, parse_int=_whole_number)
    except _TooLargeError as error:
        shown = error.literal if len(error.literal) <= 30 else error.literal[:27] + "..."
        raise InputError(
            path,
            f"the whole number {shown} does not fit in 64 bits "
            f"(from {SMALLEST_INTEGER} to {LARGEST_INTEGER})",
            line,
        ) from None
    except RecursionError:
        raise InputError(
            path, f"is not valid JSON: it is nested more than {MAX_DEPTH} levels deep", line
        ) from None
