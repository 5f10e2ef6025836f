"""Reading JSON lines one record at a time, with line numbers for every error."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from tagdesk.core.errors import InputError
from tagdesk.core.labels import is_valid_label_name
from tagdesk.core.records import IncomingDocument, IncomingSpan
from tagdesk.core.text import normalize_newlines, title_from_text
from tagdesk.core.validation import NUL_PROBLEM, span_problem
from tagdesk.formats.decoding import decode_utf8


def iter_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; anything else is an error."""
    try:
        stream = path.open("rb")
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror}") from error
    seen_any = False
    with stream:
        for number, raw in enumerate(stream, start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if raw.isspace() or not raw:
                continue
            try:
                record = orjson.loads(raw)  # checks the UTF-8 too, without a decoded copy
            except orjson.JSONDecodeError:
                record = _load_reporting(raw, path, number)
            if not isinstance(record, dict):
                raise InputError(path, "each line must be a JSON object", number)
            seen_any = True
            yield number, record
    if not seen_any:
        raise InputError(path, "is empty: no JSON lines in it")


def _load_reporting(raw: bytes, path: Path, number: int) -> Any:
    """A line orjson refused: say whether its encoding or its JSON is wrong."""
    line = decode_utf8(raw, path, first_line=number)
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise InputError(path, f"is not valid JSON: {error}", number) from error


def require_text(record: dict[str, Any], path: Path, line: int, *keys: str) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str):
            if not value:
                raise InputError(path, f'"{key}" is empty', line)
            return value
    raise InputError(path, f'missing "{keys[0]}": each line needs the document\'s text', line)


def build_document(
    record: dict[str, Any],
    raw_text: str,
    spans: list[IncomingSpan],
    path: Path,
    line: int | None,
    item: str = "",
) -> IncomingDocument:
    """Validate spans against the text as given, then normalise line endings.

    Errors name `path` and `line`; formats without lines name the `item`
    instead ("document 3").
    """

    def fail(message: str) -> InputError:
        return InputError(path, f"{item}: {message}" if item else message, line)

    if "\x00" in raw_text:
        raise fail(NUL_PROBLEM)
    length = len(raw_text)
    for span in spans:
        start, end, label = span.start, span.end, span.label
        if (
            type(start) is int
            and type(end) is int
            and 0 <= start < end <= length
            and type(label) is str
            and is_valid_label_name(label)
        ):
            continue  # the common case, checked without building a message
        problem = span_problem(start, end, label, length)
        if problem:
            raise fail(problem)
    normalized = normalize_newlines(raw_text)
    if normalized.removed:
        for span in spans:
            span.start = normalized.shift(span.start)
            span.end = normalized.shift(span.end)
            if span.end <= span.start:
                raise fail("span covers only a line break that was normalised")
    meta = record.get("meta")
    meta = dict(meta) if isinstance(meta, dict) else {}
    title = record.get("title") or meta.pop("title", None)
    source = meta.pop("source", None) if isinstance(meta.get("source"), str) else None
    tags = record.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) and tag for tag in tags):
        raise fail('"tags" must be a list of names')
    status = record.get("status")
    return IncomingDocument(
        text=normalized.text,
        title=title if isinstance(title, str) and title else title_from_text(normalized.text),
        source=source or path.name,
        meta=meta,
        spans=spans,
        tags=list(dict.fromkeys(tags)),
        status=status if status in ("todo", "in_progress", "done") else None,
        where=f"{path}:{line}" if line is not None else f"{path}: {item}" if item else str(path),
    )


def string_list(value: object, path: Path, line: int, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise InputError(path, f"{what} must be a list of names", line)
    return list(dict.fromkeys(value))
