"""Reading JSON lines one record at a time, with line numbers for every error."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tagdesk.core.errors import InputError
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.labels import is_valid_label_name
from tagdesk.core.records import DOC_STATUSES
from tagdesk.core.text import NormalizedText, normalize_newlines, title_from_text
from tagdesk.core.tokens import Token, tile
from tagdesk.core.validation import (
    NUL_PROBLEM,
    group_problem,
    note_problem,
    span_problem,
    tag_problem,
)
from tagdesk.formats.strict_json import loads


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
            record = loads(raw, path, number)  # checks the UTF-8 too, without a decoded copy
            if not isinstance(record, dict):
                raise InputError(path, "each line must be a JSON object", number)
            seen_any = True
            yield number, record
    if not seen_any:
        raise InputError(path, "is empty: no JSON lines in it")


def json_kind(value: object) -> str:
    """What a JSON value is, in the words a message uses."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def require_text(record: dict[str, Any], path: Path, line: int, *keys: str) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str):
            if not value:
                raise InputError(path, f'"{key}" is empty', line)
            return value
        if value is not None:
            raise InputError(path, f'"{key}" must be a string, got {json_kind(value)}', line)
    raise InputError(path, f'missing "{keys[0]}": each line needs the document\'s text', line)


def optional(record: dict[str, Any], key: str, kind: type, what: str) -> Any:
    """`record[key]` when it is of `kind`, None when absent or null; else the problem, raised.

    The one rule for optional fields in every reader: null means not given,
    and a value of another type is an error, never silently dropped.
    """
    value = record.get(key)
    if value is None or (isinstance(value, kind) and not isinstance(value, bool)):
        return value
    raise ValueError(f'"{key}" must be {what}, got {json_kind(value)}')


def build_document(
    record: dict[str, Any],
    raw_text: str,
    spans: list[IncomingSpan],
    path: Path,
    line: int | None,
    item: str = "",
    *,
    tokens: Sequence[tuple[int, int]] | None = None,
    tokens_from: str = "",
) -> IncomingDocument:
    """Validate spans and fields against the text as given, then normalise line endings.

    Errors name `path` and `line`; formats without lines name the `item`
    instead ("document 3"). `tokens` are the (start, end) of the tokens the
    file gave, in order; they are kept as the document's, made to tile the
    text (core.tokens.tile), and `tokens_from` names the format.
    """

    def fail(message: str) -> InputError:
        return InputError(path, f"{item}: {message}" if item else message, line)

    if "\x00" in raw_text:
        raise fail(NUL_PROBLEM)
    length = len(raw_text)
    for span in spans:
        start, end, label = span.start, span.end, span.label
        if not (
            type(start) is int
            and type(end) is int
            and 0 <= start < end <= length
            and type(label) is str
            and is_valid_label_name(label)
        ):
            problem = span_problem(start, end, label, length)
            if problem:
                raise fail(problem)
        if span.note or span.tags or span.group:  # a span without them costs nothing
            _check_span_extras(span, fail)
    normalized = normalize_newlines(raw_text)
    kept_tokens = None if tokens is None else _given_tokens(tokens, normalized, length, fail)
    if normalized.removed:
        for span in spans:
            span.start = normalized.shift(span.start)
            span.end = normalized.shift(span.end)
            if span.end <= span.start:
                raise fail("span covers only a line break that was normalised")
    try:
        meta = optional(record, "meta", dict, "an object")
        title = optional(record, "title", str, "a string")
        tags = optional(record, "tags", list, "a list of names")
        status = optional(record, "status", str, "a string")
    except ValueError as error:
        raise fail(str(error)) from None
    meta = dict(meta) if meta else {}
    title = title or meta.pop("title", None)
    source = meta.pop("source", None) if isinstance(meta.get("source"), str) else None
    tags = tags or []
    problem = next(filter(None, map(tag_problem, tags)), None)
    if problem:
        raise fail(f'"tags": {problem}')
    if status is not None and status not in DOC_STATUSES:
        raise fail(f"document status {status!r} is not one of {', '.join(DOC_STATUSES)}")
    return IncomingDocument(
        text=normalized.text,
        title=title if isinstance(title, str) and title else title_from_text(normalized.text),
        source=source or path.name,
        meta=meta,
        spans=spans,
        tags=list(dict.fromkeys(tags)),
        status=status,
        where=f"{path}:{line}" if line is not None else f"{path}: {item}" if item else str(path),
        tokens=kept_tokens,
        tokens_from=tokens_from if kept_tokens is not None else "",
    )


def _given_tokens(
    tokens: Sequence[tuple[int, int]],
    normalized: NormalizedText,
    length: int,
    fail: Callable[[str], InputError],
) -> list[Token]:
    """A file's tokens, checked against the text as given, moved with its line endings."""
    position = 0
    for number, (start, end) in enumerate(tokens):
        if not (type(start) is int and type(end) is int and 0 <= start <= end <= length):
            raise fail(f"token {number} [{start}, {end}) is not inside the text")
        if start < position:
            raise fail(
                f"token {number} [{start}, {end}) starts before the token before it ends; "
                "tokens must be in order and must not overlap"
            )
        position = end
    shift = normalized.shift
    return tile(normalized.text, [(shift(start), shift(end)) for start, end in tokens])


def _check_span_extras(span: IncomingSpan, fail: Callable[[str], InputError]) -> None:
    """A span's note, tags and group: text without control characters, names."""
    note = span.note
    if isinstance(note, str) and "\r" in note:
        note = span.note = normalize_newlines(note).text
    problem = note_problem(note) if note else None
    problem = problem or next(filter(None, map(tag_problem, span.tags)), None)
    problem = problem or group_problem(span.group)
    if problem:
        raise fail(f"span [{span.start}, {span.end}) {span.label}: {problem}")


def string_list(value: object, path: Path, line: int, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise InputError(path, f"{what} must be a list of names", line)
    return list(dict.fromkeys(value))
