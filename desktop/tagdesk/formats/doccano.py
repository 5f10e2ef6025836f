"""doccano sequence-labelling JSON lines.

Current form `{"text", "label": [[start, end, "LABEL"], ...]}`; also the older
`labels` key, `data` for the text, and the `entities` form with
`start_offset`/`end_offset` that doccano's relation projects write (entities
as objects or as triples, as doccano's import reads them). A project can
rename the text and label fields (`column_data`, `column_label` in doccano's
import form): `--text-field` and `--label-field` name them.

Relations (`"relations": [{"id", "from_id", "to_id", "type"}]`) join the
entities whose `id` they name: from_id is the head, to_id the child. A
relation naming an id no entity of its line has is an error for that line.
Fields of a relation other than these are kept in its meta. An export of a
database that holds relations (of the statuses exported) writes every line in
doccano's relation form (`entities` as objects with ids, `relations`), the
columns a doccano project with relations imports; otherwise every line is in
the sequence-labelling form. One file is one form, as a doccano project reads
one.

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

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument, ExportSpan, ExportSummary
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.labels import is_valid_label_name
from tagdesk.core.offsets import OffsetMap
from tagdesk.core.relations import IncomingRelation
from tagdesk.core.wording import counted
from tagdesk.formats.base import Exported, FormatOptions, Token, Unit, write_json_lines
from tagdesk.formats.jsonl_lines import build_document, iter_records, json_kind, require_text

SPAN_KEYS = ("label", "labels", "entities")
# Fields read (or, for doccano's own, passed over); any other field is metadata.
RECORD_FIELDS = frozenset(
    {*SPAN_KEYS, "text", "data", "meta", "tags", "status", "title", "id", "relations"}
    | {"comments", "Comments", "cats", "user"}
)
RELATION_FIELDS = ("id", "from_id", "to_id", "type")
SELF_RELATIONS = "not imported: a Tagdesk relation joins two spans"
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
            if isinstance(entity, list | tuple) and len(entity) == 3:
                spans.append(IncomingSpan(entity[0], entity[1], entity[2]))
                continue
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
    relations = _relations(record, spans, path, line, options)
    known = RECORD_FIELDS | {key for key in (options.text_field, options.label_field) if key}
    extra = {key: value for key, value in record.items() if key not in known}
    if extra:  # doccano writes a document's metadata as fields of their own
        meta = record.get("meta")
        record = {**record, "meta": {**extra, **(meta if isinstance(meta, dict) else {})}}
    offsets = OffsetMap(text)
    if not offsets.is_identity:
        for span in spans:
            _to_code_points(span, text, offsets, options.unit, path, line)
    document = build_document(record, text, spans, path, line)
    document.relations = relations
    return document


def _relations(
    record: dict[str, Any],
    spans: list[IncomingSpan],
    path: Path,
    line: int,
    options: FormatOptions,
) -> list[IncomingRelation]:
    """The line's relations, between its entities by their ids."""
    given = record.get("relations")
    if given is None:
        return []
    if not isinstance(given, list):
        raise InputError(path, f'"relations" must be a list, got {json_kind(given)}', line)
    if not given:
        return []
    ids: dict[object, int] = {}
    entities = record.get("entities")
    for position, entity in enumerate(entities if isinstance(entities, list) else []):
        key = entity.get("id") if isinstance(entity, dict) else None
        if key is None:
            continue
        if not _is_id(key):
            raise InputError(
                path, f'an entity\'s "id" must be a number, got {json_kind(key)}', line
            )
        if key in ids:
            raise InputError(path, f"two entities have the id {key}", line)
        ids[key] = position
    user = user_name(record.get("user"), path, line)
    found = []
    for number, relation in enumerate(given):
        where = f"relation {number}"
        if not isinstance(relation, dict):
            raise InputError(path, f"{where} must be an object, got {json_kind(relation)}", line)
        missing = [key for key in RELATION_FIELDS[1:] if relation.get(key) is None]
        if missing:
            raise InputError(path, f"{where} has no {' or '.join(missing)}", line)
        label = relation["type"]
        if not isinstance(label, str) or not is_valid_label_name(label):
            raise InputError(path, f'{where}: "type" must be a name, got {label!r}', line)
        for key in ("from_id", "to_id"):
            if relation[key] not in ids or not _is_id(relation[key]):
                raise InputError(
                    path,
                    f"{where} names {key} {relation[key]!r}, which no entity of this line has",
                    line,
                )
        head, child = ids[relation["from_id"]], ids[relation["to_id"]]
        if head == child:
            options.notices.add(
                path, SELF_RELATIONS, "relation of an entity to itself",
                "relations of an entity to itself",
            )  # fmt: skip
            continue
        meta = {key: value for key, value in relation.items() if key not in RELATION_FIELDS}
        annotator = user_name(relation.get("user"), path, line) if "user" in relation else user
        meta.pop("user", None)
        found.append(IncomingRelation(head, child, label, annotator=annotator, meta=meta or None))
    return found


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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
    document: ExportDocument,
    unit: Unit,
    spans: Sequence[ExportSpan] | None = None,
    relation_form: bool | None = None,
) -> dict[str, Any]:
    """The doccano line for `document`, with `spans` (all of its spans when None).

    `relation_form`: the line in doccano's relation form; None: when the
    document has relations.
    """
    offsets = OffsetMap(document.text)

    def convert(offset: int) -> int:
        return offsets.to_qt(offset) if unit == "utf16" else offset

    meta = {**document.meta, "title": document.title}
    if document.source:
        meta["source"] = document.source
    written = document.spans if spans is None else spans
    record: dict[str, Any] = {"text": document.text}
    if relation_form or (relation_form is None and document.relations):
        record.update(_relation_form(document, written, convert))
    else:
        record["label"] = [[convert(s.start), convert(s.end), s.label] for s in written]
    record.update({"meta": meta, "tags": list(document.tags), "status": document.status})
    return record


def _relation_form(
    document: ExportDocument, written: Sequence[ExportSpan], convert: Callable[[int], int]
) -> dict[str, Any]:
    """doccano's relation form: entities with ids (their position), relations naming them.

    A relation whose span was left out (a doccano export without overlaps) is
    left out with it, and said with the span (see without_overlaps).
    """
    kept = {id(span) for span in written}
    ids = {p: p for p, span in enumerate(document.spans) if id(span) in kept}
    entities = [
        {
            "id": ids[position],
            "label": span.label,
            "start_offset": convert(span.start),
            "end_offset": convert(span.end),
        }
        for position, span in enumerate(document.spans)
        if position in ids
    ]
    relations: list[dict[str, Any]] = []
    for relation in document.relations:
        if relation.head in ids and relation.child in ids:
            extra = {k: v for k, v in (relation.meta or {}).items() if k not in RELATION_FIELDS}
            relations.append(
                {
                    "id": len(relations),
                    "from_id": ids[relation.head],
                    "to_id": ids[relation.child],
                    "type": relation.label,
                    **extra,
                }
            )
    return {"entities": entities, "relations": relations}


def write(
    items: Iterable[Exported], out: Path, options: FormatOptions, summary: ExportSummary
) -> None:
    def record(document: ExportDocument, tokens: Sequence[Token]) -> dict[str, Any]:
        form = True if options.with_relations else None  # else: by the document
        if options.overlap:
            return to_record(document, options.unit, relation_form=form)
        kept = without_overlaps(document, summary)
        return to_record(document, options.unit, kept, relation_form=form)

    write_json_lines(items, out, summary, record)


def without_overlaps(document: ExportDocument, summary: ExportSummary) -> list[ExportSpan]:
    """The spans that overlap none before them, from the left; the rest go to `summary`.

    Spans are taken by start, the longer first where two start together, so of
    `New York` and `York` the whole name is kept.
    """
    kept: list[ExportSpan] = []
    reach = 0  # where the kept spans end; they never overlap, so the last ends furthest
    joined: dict[int, int] = {}  # span position: how many relations it is in
    for relation in document.relations:
        for position in {relation.head, relation.child}:
            joined[position] = joined.get(position, 0) + 1
    positions = {id(span): position for position, span in enumerate(document.spans)}
    ordered = sorted(document.spans, key=lambda span: (span.start, -span.end))
    for span in ordered:
        if kept and span.start < reach:
            last = kept[-1]
            relations = joined.get(positions[id(span)], 0)
            summary.left_out(
                document,
                span,
                f"overlaps [{last.start}, {last.end}) {last.label}, which this export "
                "keeps instead (no overlapping spans)"
                + (f", and with it {counted(relations, 'relation')}" if relations else ""),
            )
            continue
        kept.append(span)
        reach = span.end
    return kept
