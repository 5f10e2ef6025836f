"""Prodigy / spaCy JSON lines: `text`, `meta`, `tokens`, `spans`, `answer` and hashes.

Tagdesk adds, without breaking Prodigy: span `tags`, `note`, `source`,
`status`, `annotator`, and the document's `tags` and `status`.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import count
from pathlib import Path
from typing import Any

from tagdesk.core.errors import InputError
from tagdesk.core.records import (
    SPAN_STATUSES,
    ExportDocument,
    ExportSummary,
    IncomingDocument,
    IncomingSpan,
)
from tagdesk.core.tokens import Tokens
from tagdesk.formats.base import Exported, FormatOptions, Token, write_json_lines
from tagdesk.formats.jsonl_lines import build_document, iter_records, require_text, string_list


def parse_record(record: dict[str, Any], path: Path, line: int) -> IncomingDocument:
    text = require_text(record, path, line, "text")
    raw_spans = record.get("spans") or []
    if not isinstance(raw_spans, list):
        raise InputError(path, '"spans" must be a list', line)
    spans: list[IncomingSpan] = []
    append = spans.append
    for raw in raw_spans:
        if not isinstance(raw, dict):
            raise InputError(path, "each span must be an object with start, end and label", line)
        try:
            start, end, label = raw["start"], raw["end"], raw["label"]
        except KeyError as missing:
            raise InputError(path, f'a span has no "{missing.args[0]}"', line) from None
        status = raw.get("status", "accepted")
        if status not in SPAN_STATUSES:
            raise InputError(path, f"span status {status!r} is not one of {SPAN_STATUSES}", line)
        source = raw.get("source", "")
        note = raw.get("note", "")
        annotator = raw.get("annotator", "")
        tags = raw.get("tags")
        append(
            IncomingSpan(
                start,
                end,
                label,
                status,
                source if isinstance(source, str) else "",
                note if isinstance(note, str) else "",
                annotator if isinstance(annotator, str) else "",
                [] if tags is None else string_list(tags, path, line, "span tags"),
            )
        )
    return build_document(record, text, spans, path, line)


def read(path: Path, options: FormatOptions) -> Iterator[IncomingDocument]:
    for line, record in iter_records(path):
        yield parse_record(record, path, line)


def stable_hash(*parts: str) -> int:
    """A signed 32-bit hash, the same on every run and machine (Prodigy's hash range)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=4)
    return int.from_bytes(digest.digest(), "big", signed=True)


def token_bounds(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """Indexes of the first and last token a span touches (token_end is inclusive)."""
    return _TokenIndex(Tokens.of(tokens)).bounds(start, end)


class _TokenIndex:
    """Token starts and ends of one document, listed once for all its spans."""

    def __init__(self, tokens: Tokens) -> None:
        self.starts = tokens.starts
        self.ends = tokens.ends

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        first = max(bisect_right(self.starts, start) - 1, 0)
        last = max(bisect_left(self.ends, end), first)
        return first, min(last, len(self.ends) - 1)


def to_record(document: ExportDocument, tokens: Sequence[Token]) -> dict[str, Any]:
    text = document.text
    meta = dict(document.meta)
    meta["title"] = document.title
    if document.source:
        meta["source"] = document.source
    input_hash = stable_hash(text)
    columns = Tokens.of(tokens)
    index = _TokenIndex(columns) if columns else None
    spans = []
    for span in document.spans:
        token_start, token_end = index.bounds(span.start, span.end) if index else (0, 0)
        entry: dict[str, Any] = {
            "start": span.start,
            "end": span.end,
            "label": span.label,
            "token_start": token_start,
            "token_end": token_end,
            "text": text[span.start : span.end],
            "source": span.source,
            "status": span.status,
        }
        if span.annotator:
            entry["annotator"] = span.annotator
        if span.tags:
            entry["tags"] = list(span.tags)
        if span.note:
            entry["note"] = span.note
        spans.append(entry)
    task_key = "|".join(f"{s['start']}:{s['end']}:{s['label']}" for s in spans)
    return {
        "text": text,
        "meta": meta,
        "tokens": [
            {"text": text[start:end], "start": start, "end": end, "id": number, "ws": ws}
            for number, start, end, ws in zip(
                count(), columns.starts, columns.ends, columns.spaces, strict=False
            )
        ],
        "spans": spans,
        "answer": "accept",
        "_input_hash": input_hash,
        "_task_hash": stable_hash(str(input_hash), task_key),
        "tags": list(document.tags),
        "status": document.status,
    }


def write(
    items: Iterable[Exported], out: Path, options: FormatOptions, summary: ExportSummary
) -> None:
    write_json_lines(items, out, summary, to_record)
