"""Prodigy / spaCy JSON lines: `text`, `meta`, `tokens`, `spans`, `answer` and hashes.

Tagdesk adds, without breaking Prodigy: span `tags`, `note`, `source`,
`status`, `annotator`, `group` (the DocBin group a span came in, "ents" or a
span group's name; written only when it has one), `kb_id` (the key of the
entity the span mentions, as spaCy names it; only when it has one), and the document's `tags`
and `status`. A record's `tokens` are kept as the document's tokens, and an
export writes the document's tokens. What Prodigy's answers and own fields
mean, and how they are kept, is prodigy_tasks.py's. A record's `relations` are
Prodigy rel.manual's (head, child, head_span, child_span, label), read and written
by prodigy_relations.py; every record written has the list, empty or not, as
explosion/projects' rel_component tutorial reads it.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import count
from pathlib import Path
from typing import Any

from tagdesk.core.entities import key_problem
from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument, ExportSummary
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.records import SPAN_STATUSES
from tagdesk.core.tokens import Tokens
from tagdesk.formats.base import Exported, FormatOptions, Token, write_json_lines
from tagdesk.formats.jsonl_lines import (
    build_document,
    iter_records,
    json_kind,
    optional,
    require_text,
    string_list,
)
from tagdesk.formats.prodigy_relations import read_relations, write_relations
from tagdesk.formats.prodigy_tasks import (
    DISABLED_KEY,
    PRODIGY_KEY,
    TASK_FIELDS,
    TASK_KEY,
    Task,
    export_answer,
    export_fields,
    read_task,
    span_meta,
    span_status,
    tally,
)
from tagdesk.formats.prodigy_tasks import SPAN_FIELDS as PRODIGY_SPAN_FIELDS

# What a record and a span may hold: Tagdesk's fields and Prodigy's (prodigy_tasks.py).
# Prodigy's "_" fields are kept as they are; any other field is refused as a misspelling.
RECORD_FIELDS = frozenset(
    {"text", "meta", "tokens", "spans", "answer", "tags", "status", "title"} | TASK_FIELDS
)
SPAN_FIELDS = frozenset(
    {"status", "note", "tags", "annotator", "group", "kb_id"} | PRODIGY_SPAN_FIELDS
)


def parse_record(record: dict[str, Any], path: Path, line: int) -> IncomingDocument:
    text = require_text(record, path, line, "text")
    _refuse_unknown(record, RECORD_FIELDS, "field", path, line)
    raw_spans = record.get("spans")
    if raw_spans is None:
        raw_spans = []
    if not isinstance(raw_spans, list):
        raise InputError(path, f'"spans" must be a list, got {json_kind(raw_spans)}', line)
    tokens = _given_tokens(record.get("tokens"), text, path, line)
    try:
        optional(record, "label", str, "a string")  # Prodigy's label of the whole text
    except ValueError as error:
        raise InputError(path, str(error), line) from None
    task = read_task(record, raw_spans, path, line)
    status, annotator = task.status, task.annotator
    plain = task.answer == "accept" and not task.binary  # nothing to keep beside the span
    spans: list[IncomingSpan] = []
    append = spans.append
    for raw in raw_spans:
        if not isinstance(raw, dict):
            raise InputError(path, "each span must be an object with start, end and label", line)
        try:
            start, end, label = raw["start"], raw["end"], raw["label"]
        except KeyError as missing:
            raise InputError(path, f'a span has no "{missing.args[0]}"', line) from None
        if len(raw) > 3:
            append(_span_with_extras(raw, text, start, end, label, task, record, path, line))
        elif plain:
            append(IncomingSpan(start, end, label, status, "", "", annotator))
        else:
            meta = span_meta(task, None, record)
            append(IncomingSpan(start, end, label, status, "", "", annotator, meta=meta))
    relations, held, said = read_relations(
        record.get("relations"), spans, tokens, status, annotator, path, line
    )
    document = build_document(
        record, text, spans, path, line, tokens=tokens, tokens_from="spacy-jsonl"
    )
    document.relations = relations
    kept = dict(task.kept)
    kept.pop("relations", None)
    if held:
        kept["relations"] = held  # relations between tokens, which join no span
    disabled = _disabled_tokens(record.get("tokens"))
    if disabled:
        kept[DISABLED_KEY] = disabled
    if kept:
        document.meta[PRODIGY_KEY] = kept
    document.tally = {**(tally(task, len(spans)) or {}), **said} or None
    return document


def _span_with_extras(
    raw: dict[str, Any],
    text: str,
    start: Any,
    end: Any,
    label: Any,
    task: Task,
    record: dict[str, Any],
    path: Path,
    line: int,
) -> IncomingSpan:
    _refuse_unknown(raw, SPAN_FIELDS, "span field", path, line)
    _check_covered(raw.get("text"), text, start, end, label, path, line)
    try:
        status = optional(raw, "status", str, "a string") or span_status(task, raw, path, line)
        text_fields = [optional(raw, key, str, "a string") or "" for key in _TEXT_FIELDS]
    except ValueError as error:
        raise InputError(path, f"span [{start}, {end}) {label}: {error}", line) from None
    if status not in SPAN_STATUSES:
        raise InputError(path, f"span status {status!r} is not one of {SPAN_STATUSES}", line)
    source, note, annotator, group, kb_id = text_fields
    problem = key_problem(kb_id) if kb_id else None
    if problem:
        raise InputError(path, f"span [{start}, {end}) {label}: kb_id: {problem}", line)
    tags = string_list(raw.get("tags"), path, line, "span tags")
    meta = span_meta(task, raw, record)
    return IncomingSpan(
        start,
        end,
        label,
        status,
        source,
        note,
        annotator or task.annotator,
        tags,
        meta,
        group,
        kb_id,
    )


_TEXT_FIELDS = ("source", "note", "annotator", "group", "kb_id")


def _disabled_tokens(tokens: object) -> list[int]:
    """The tokens rel.manual's patterns made unselectable ("disabled": true), by index."""
    if not isinstance(tokens, list):
        return []
    return [n for n, t in enumerate(tokens) if isinstance(t, dict) and t.get("disabled") is True]


def _given_tokens(tokens: object, text: str, path: Path, line: int) -> list[tuple[int, int]] | None:
    """The record's tokens as (start, end); each must cover the text its `text` says."""
    if tokens is None:
        return None
    length = len(text)
    if isinstance(tokens, list) and all(
        isinstance(token, dict)
        and type(token.get("start")) is int
        and type(token.get("end")) is int
        and 0 <= token["start"] <= token["end"] <= length
        for token in tokens
    ):
        for number, token in enumerate(tokens):
            claimed = token.get("text")
            if isinstance(claimed, str) and text[token["start"] : token["end"]] != claimed:
                raise InputError(
                    path,
                    f"token {number} [{token['start']}, {token['end']}) says it covers "
                    f"{claimed!r} but covers {text[token['start'] : token['end']]!r}",
                    line,
                )
        return [(token["start"], token["end"]) for token in tokens]
    raise InputError(
        path,
        '"tokens" must be a list of {"text", "start", "end"} objects inside the text',
        line,
    )


def _check_covered(
    claimed: object, text: str, start: object, end: object, label: object, path: Path, line: int
) -> None:
    """A span's own `text` must be what its offsets cover, as Prodigy and Tagdesk write it.

    Offsets out of range are left to build_document, which says what is wrong with them.
    """
    if not isinstance(claimed, str) or type(start) is not int or type(end) is not int:
        return
    if 0 <= start < end <= len(text) and text[start:end] != claimed:
        raise InputError(
            path,
            f"span [{start}, {end}) {label} says it covers {claimed!r} but covers "
            f"{text[start:end]!r}; the offsets or the text changed",
            line,
        )


def _refuse_unknown(
    record: dict[str, Any], known: frozenset[str], what: str, path: Path, line: int
) -> None:
    """A field Tagdesk would drop unread stops the import: a misspelt "spans" loses spans."""
    unknown = sorted(key for key in record if key not in known and not key.startswith("_"))
    if unknown:
        raise InputError(
            path,
            f'unknown {what} "{unknown[0]}": Tagdesk reads {", ".join(sorted(known))} '
            'and keeps Prodigy\'s "_" fields; put other data under "meta"',
            line,
        )


def read(path: Path, options: FormatOptions) -> Iterator[IncomingDocument]:
    for line, record in iter_records(path):
        yield parse_record(record, path, line)


def stable_hash(*parts: str) -> int:
    """A signed 32-bit hash, the same on every run and machine (Prodigy's hash range)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=4)
    return int.from_bytes(digest.digest(), "big", signed=True)


def token_bounds(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """Indexes of the span's first and last token (token_end is inclusive), or None.

    None when the span does not begin and end on token boundaries (an exact
    selection, or an import from another tokenizer): Prodigy's token indexes
    would then name other text, so the span keeps only its character offsets.
    """
    return _TokenIndex(Tokens.of(tokens)).bounds(start, end)


class _TokenIndex:
    """Token starts and ends of one document, listed once for all its spans."""

    def __init__(self, tokens: Tokens) -> None:
        self.starts = tokens.starts
        self.ends = tokens.ends

    def bounds(self, start: int, end: int) -> tuple[int, int] | None:
        starts, ends = self.starts, self.ends
        first = bisect_left(starts, start)
        last = bisect_left(ends, end)
        if first == len(starts) or starts[first] != start or last == len(ends) or ends[last] != end:
            return None
        return first, last


def to_record(document: ExportDocument, tokens: Sequence[Token]) -> dict[str, Any]:
    text = document.text
    meta = dict(document.meta)
    kept = meta.pop(PRODIGY_KEY, None)
    meta["title"] = document.title
    if document.source:
        meta["source"] = document.source
    task = export_fields(
        kept if isinstance(kept, dict) else {}, [span.meta for span in document.spans]
    )
    input_hash = task.pop("_input_hash", None)
    if input_hash is None:
        input_hash = stable_hash(text)
    columns = Tokens.of(tokens)
    disabled = task.pop(DISABLED_KEY, None)
    index = _TokenIndex(columns) if columns else None
    spans = []
    for span in document.spans:
        entry: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label}
        bounds = index.bounds(span.start, span.end) if index else None
        if bounds is not None:
            entry["token_start"], entry["token_end"] = bounds
        entry.update(
            {
                "text": text[span.start : span.end],
                "source": span.source,
                "status": span.status,
            }
        )
        if span.annotator:
            entry["annotator"] = span.annotator
        if span.tags:
            entry["tags"] = list(span.tags)
        if span.note:
            entry["note"] = span.note
        if span.meta:
            for key, value in span.meta.items():
                if key != TASK_KEY:
                    entry.setdefault(key, value)
        if span.group:
            entry["group"] = span.group
        if span.kb_id:
            entry["kb_id"] = span.kb_id
        spans.append(entry)
    task_hash = task.pop("_task_hash", None)
    if task_hash is None:
        task_key = "|".join(f"{s['start']}:{s['end']}:{s['label']}" for s in spans)
        task_hash = stable_hash(str(input_hash), task_key)
    answer = export_answer(task, len(spans))
    return {
        "text": text,
        "meta": meta,
        "tokens": _token_entries(text, columns, disabled),
        "spans": spans,
        "relations": write_relations(document, spans, columns, task.pop("relations", None)),
        "answer": answer,
        "_input_hash": input_hash,
        "_task_hash": task_hash,
        **{key: value for key, value in task.items() if key not in _WRITTEN},
        "tags": list(document.tags),
        "status": document.status,
    }


def _token_entries(text: str, columns: Tokens, disabled: object) -> list[dict[str, Any]]:
    """The record's tokens; with "disabled" on each when the file said which were."""
    entries = [
        {"text": text[start:end], "start": start, "end": end, "id": number, "ws": ws}
        for number, start, end, ws in zip(
            count(), columns.starts, columns.ends, columns.spaces, strict=False
        )
    ]
    if isinstance(disabled, list):
        off = set(disabled)
        for entry in entries:
            entry["disabled"] = entry["id"] in off
    return entries


_WRITTEN = frozenset({"text", "meta", "tokens", "spans", "relations", "answer", "tags", "status"})


def write(
    items: Iterable[Exported], out: Path, options: FormatOptions, summary: ExportSummary
) -> None:
    write_json_lines(items, out, summary, to_record)
