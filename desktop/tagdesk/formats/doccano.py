"""doccano sequence-labelling JSON lines.

Current form `{"text", "label": [[start, end, "LABEL"], ...]}`; also the older
`labels` key, `data` for the text, and the `entities` form with
`start_offset`/`end_offset` that doccano's relation projects write. A project
can rename the text and label fields (`column_data`, `column_label` in
doccano's import form): `--text-field` and `--label-field` name them.
Relations (`"relations": [{"from_id", "to_id", "type"}]`) have no place in
Tagdesk: they are counted and said as a warning.

A doccano project that disallows overlapping spans drops them on its import
without a word, so the export can leave them out itself (`overlap` False),
listing each one it left out.

Units: doccano keeps the offsets of spans it imported as they came (code
points from Tagdesk, spaCy or Prodigy), but spans drawn in its editor are
counted in UTF-16 units, so one doccano export can mix the two (doccano#2290).
The two agree on text without astral characters (emoji, CJK Ext-B); where
they differ, a span whose offsets only make sense in the other unit is
reported for its line rather than imported shifted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tagdesk.core.errors import InputError
from tagdesk.core.labels import is_valid_label_name
from tagdesk.core.offsets import OffsetMap
from tagdesk.core.records import (
    ExportDocument,
    ExportSpan,
    ExportSummary,
    IncomingDocument,
    IncomingSpan,
)
from tagdesk.formats.base import Exported, FormatOptions, Token, Unit, write_json_lines
from tagdesk.formats.jsonl_lines import build_document, iter_records, json_kind, require_text

SPAN_KEYS = ("label", "labels", "entities")
# Fields read (or, for doccano's own, passed over); any other field is metadata.
RECORD_FIELDS = frozenset(
    {*SPAN_KEYS, "text", "data", "meta", "tags", "status", "title", "id", "relations"}
    | {"comments", "Comments", "cats", "user"}
)
RELATIONS_NOT_IMPORTED = "not imported: Tagdesk holds spans, not relations between them"
_UNIT_NAMES = {"utf16": "UTF-16 units", "codepoint": "code points"}
_OTHER_UNIT: dict[str, Unit] = {"utf16": "codepoint", "codepoint": "utf16"}


def looks_like(record: dict[str, Any]) -> bool:
    if "spans" in record or "tokens" in record:
        return False
    # Prodigy's own "label" is a string; any other value under these keys is doccano's
    # (and, if it is not a list, reported as such rather than passed over).
    return any(
        record.get(key) is not None and not (key == "label" and isinstance(record[key], str))
        for key in SPAN_KEYS
    ) or ("data" in record and "text" not in record)


def _spans(
    record: dict[str, Any], path: Path, line: int, label_field: str | None
) -> list[IncomingSpan]:
    spans = []
    keys = SPAN_KEYS if label_field is None else (label_field, "entities")
    for key in keys:
        value = record.get(key)
        if value is not None and not isinstance(value, list):
            raise InputError(path, f'"{key}" must be a list, got {json_kind(value)}', line)
    if isinstance(record.get("entities"), list):
        for entity in record["entities"]:
            if not isinstance(entity, dict) or not {"start_offset", "end_offset", "label"} <= set(
                entity
            ):
                raise InputError(path, "each entity needs start_offset, end_offset and label", line)
            spans.append(
                IncomingSpan(
                    entity["start_offset"],
                    entity["end_offset"],
                    entity["label"],
                    annotator=user_name(entity.get("user"), path, line),
                )
            )
    for key in ("label", "labels") if label_field is None else (label_field,):
        value = record.get(key)
        if not isinstance(value, list) or key == "entities":
            continue
        for item in value:
            if not isinstance(item, list | tuple) or len(item) != 3:
                raise InputError(path, f'each "{key}" entry must be [start, end, "LABEL"]', line)
            spans.append(IncomingSpan(item[0], item[1], item[2]))
    return spans


def parse_record(
    record: dict[str, Any], path: Path, line: int, options: FormatOptions | None = None
) -> IncomingDocument:
    options = options or FormatOptions()
    text_keys = ("text", "data") if options.text_field is None else (options.text_field,)
    text = require_text(record, path, line, *text_keys)
    spans = _spans(record, path, line, options.label_field)
    user = user_name(record.get("user"), path, line)
    if user:
        for span in spans:
            span.annotator = span.annotator or user
    relations = record.get("relations")
    if relations is not None and not isinstance(relations, list):
        raise InputError(path, f'"relations" must be a list, got {json_kind(relations)}', line)
    if relations:
        options.notices.add(path, RELATIONS_NOT_IMPORTED, "relation", "relations", len(relations))
    known = RECORD_FIELDS | {key for key in (options.text_field, options.label_field) if key}
    extra = {key: value for key, value in record.items() if key not in known}
    if extra:  # doccano writes a document's metadata as fields of their own
        meta = record.get("meta")
        record = {**record, "meta": {**extra, **(meta if isinstance(meta, dict) else {})}}
    offsets = OffsetMap(text)
    if not offsets.is_identity:
        for span in spans:
            _to_code_points(span, text, offsets, options.unit, path, line)
    return build_document(record, text, spans, path, line)


def user_name(user: object, path: Path, line: int) -> str:
    """doccano's `user`: a name, or the number doccano 1.x wrote ("doccano-user-3").

    doccano 1.8 writes no user in a line: a project whose members annotate
    apart exports one file a member (alice.jsonl), to import with --annotator.
    """
    if user is None or user == "":
        return ""
    if isinstance(user, str) and user.strip() and user.isprintable():
        return user.strip()
    if isinstance(user, int) and not isinstance(user, bool):
        return f"doccano-user-{user}"
    raise InputError(path, f'"user" must be a name or a number, got {json_kind(user)}', line)


def read(path: Path, options: FormatOptions) -> Iterator[IncomingDocument]:
    for line, record in iter_records(path):
        yield parse_record(record, path, line, options)


def _to_code_points(
    span: IncomingSpan, text: str, offsets: OffsetMap, unit: Unit, path: Path, line: int
) -> None:
    """Turn `span`'s offsets, counted in `unit`, into code points, or say why they do not fit."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (span.start, span.end)):
        return  # build_document reports the bad value itself
    if not isinstance(span.label, str) or not is_valid_label_name(span.label):
        return  # likewise: the label is the problem, whatever the unit
    given = (span.start, span.end)
    chosen = _in_code_points(given, text, offsets, unit)
    other = _in_code_points(given, text, offsets, _OTHER_UNIT[unit])
    if chosen is None and other is None:
        return  # out of range either way; build_document reports it
    hint = (
        f"doccano counts spans drawn in its editor in UTF-16 units and keeps imported ones "
        f"as they came (doccano#2290): import with --unit {_OTHER_UNIT[unit]}, "
        "or correct this span"
    )
    where = f"span [{span.start}, {span.end}) {span.label}"
    if chosen is None:
        assert other is not None
        raise InputError(
            path,
            f"{where} does not fit the text counted in {_UNIT_NAMES[unit]}, but counted in "
            f"{_UNIT_NAMES[_OTHER_UNIT[unit]]} it covers {text[other[0] : other[1]]!r}; {hint}",
            line,
        )
    if (
        other is not None
        and other != chosen
        and _ragged(text, *chosen)
        and not _ragged(text, *other)
    ):
        raise InputError(
            path,
            f"{where} covers {text[chosen[0] : chosen[1]]!r} counted in {_UNIT_NAMES[unit]} "
            f"but {text[other[0] : other[1]]!r} in {_UNIT_NAMES[_OTHER_UNIT[unit]]}; {hint}",
            line,
        )
    span.start, span.end = chosen


def _in_code_points(
    given: tuple[int, int], text: str, offsets: OffsetMap, unit: Unit
) -> tuple[int, int] | None:
    start, end = given
    if unit == "codepoint":
        return given if 0 <= start < end <= len(text) else None
    if not 0 <= start < end <= offsets.qt_length:
        return None
    result = offsets.to_python(start), offsets.to_python(end)
    if offsets.to_qt(result[0]) != start or offsets.to_qt(result[1]) != end:
        return None  # splits an emoji's surrogate pair
    return result


def _ragged(text: str, start: int, end: int) -> bool:
    """Whether a span cuts into a word or carries outer whitespace: the mark of a wrong unit."""
    covered = text[start:end]
    if covered != covered.strip():
        return True
    if start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        return True
    return end < len(text) and text[end - 1].isalnum() and text[end].isalnum()


def to_record(
    document: ExportDocument, unit: Unit, spans: Sequence[ExportSpan] | None = None
) -> dict[str, Any]:
    """The doccano line for `document`, with `spans` (all of its spans when None)."""
    offsets = OffsetMap(document.text)

    def convert(offset: int) -> int:
        return offsets.to_qt(offset) if unit == "utf16" else offset

    meta = {**document.meta, "title": document.title}
    if document.source:
        meta["source"] = document.source
    written = document.spans if spans is None else spans
    return {
        "text": document.text,
        "label": [[convert(s.start), convert(s.end), s.label] for s in written],
        "meta": meta,
        "tags": list(document.tags),
        "status": document.status,
    }


def write(
    items: Iterable[Exported], out: Path, options: FormatOptions, summary: ExportSummary
) -> None:
    def record(document: ExportDocument, tokens: Sequence[Token]) -> dict[str, Any]:
        if options.overlap:
            return to_record(document, options.unit)
        return to_record(document, options.unit, without_overlaps(document, summary))

    write_json_lines(items, out, summary, record)


def without_overlaps(document: ExportDocument, summary: ExportSummary) -> list[ExportSpan]:
    """The spans that overlap none before them, from the left; the rest go to `summary`.

    Spans are taken by start, the longer first where two start together, so of
    `New York` and `York` the whole name is kept.
    """
    kept: list[ExportSpan] = []
    reach = 0  # where the kept spans end; they never overlap, so the last ends furthest
    ordered = sorted(document.spans, key=lambda span: (span.start, -span.end))
    for span in ordered:
        if kept and span.start < reach:
            last = kept[-1]
            summary.left_out(
                document,
                span,
                f"overlaps [{last.start}, {last.end}) {last.label}, which this export "
                "keeps instead (no overlapping spans)",
            )
            continue
        kept.append(span)
        reach = span.end
    return kept
