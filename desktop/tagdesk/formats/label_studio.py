"""Label Studio JSON: a list of tasks with `data.text`, `annotations` and `predictions`.

Accepted spans are the task's annotation; suggestions are predictions, one per
model version. Where several annotators' accepted spans are in a document,
each gets an annotation of their own, as Label Studio exports double
annotation, naming them as Label Studio's import looks them up:
`"completed_by": {"email": NAME}` (its import refuses an email that is not a
member of the organisation, so name the analysts by their Label Studio
emails). One annotator's work is one annotation naming nobody, which Label
Studio gives to the user who imports it. Label Studio counts offsets in code
points, as Python does, in storage, export and its editor alike, so offsets
pass through unchanged.

Tagdesk's extras ride in a shape Label Studio shows with a matching labeling
config (see README): span notes as a per-region `TextArea` named "note", span
tags as per-region `Choices` named "span_tags", document tags as `Choices`
named "doc_tags"; title, source, meta and status sit in `data`. The labeling
config Label Studio accepts for them is resources/label_studio_config.xml.
A span linked to an entity carries its key in the region's `meta`
(`"meta": {"kb_id": KEY}`), which Label Studio keeps with the region.

Relations are relation results (`from_id`, `to_id`, `direction`, `labels`;
see label_studio_relations.py), written in the annotation or prediction that
holds both their spans, and declared by the config's `<Relations>`.

Label Studio's quick export and its console export list a task's predictions
by id only (`"predictions": [11]`): their spans are not in the file, so they
are counted and said as a warning, not taken for an error or passed over.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument, ExportSummary
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.offsets import OffsetMap
from tagdesk.core.relations import ExportRelation, IncomingRelation
from tagdesk.formats.atomic import atomic_binary
from tagdesk.formats.base import Exported, FormatOptions, Notices
from tagdesk.formats.decoding import decode_utf8, read_bytes
from tagdesk.formats.jsonl_lines import build_document, json_kind
from tagdesk.formats.label_studio_relations import read_relation, relation_results
from tagdesk.formats.strict_json import loads

LABELS, NOTE, SPAN_TAGS, DOC_TAGS, TO_NAME = "label", "note", "span_tags", "doc_tags", "text"
_WHITESPACE = " \t\r\n"
PREDICTIONS_BY_ID = (
    "listed by id only, as Label Studio's quick and console exports write them: their spans "
    "are not in the file, so not imported"
)


def iter_tasks(path: Path) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """(task index, line, task) for a JSON list of tasks (or one task), line by line.

    Python's scanner finds where each task ends; the task itself is decoded by
    `strict_json.loads`, the rules every reader shares.
    """
    text = decode_utf8(read_bytes(path), path)
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    if position == len(text):
        raise InputError(path, "is empty")
    if text[position] == "{":
        line = text.count("\n", 0, position) + 1
        task, position = _decode(decoder, text, position, path, line)
        _only_whitespace_after(text, position, path, line)
        yield 0, line, task
        return
    if text[position] != "[":
        raise InputError(path, "must hold a JSON list of Label Studio tasks", 1)
    line, counted_to = 1, 0
    position = _skip(text, position + 1)
    index = 0
    while position < len(text) and text[position] != "]":
        line += text.count("\n", counted_to, position)
        counted_to = position
        try:
            task, position = _decode(decoder, text, position, path, line)
        except InputError as error:
            raise _in_task(error, index) from None
        if not isinstance(task, dict):
            raise InputError(path, f"task {index} must be a JSON object", line)
        yield index, line, task
        index += 1
        position = _skip(text, position)
        if position < len(text) and text[position] == ",":
            position = _skip(text, position + 1)
        elif position < len(text) and text[position] != "]":
            raise InputError(path, "is not valid JSON: expected ',' or ']'", line)
    if position >= len(text):
        raise InputError(path, "is not valid JSON: the task list never ends", line)
    line += text.count("\n", counted_to, position)
    _only_whitespace_after(text, position + 1, path, line)


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def _only_whitespace_after(text: str, position: int, path: Path, line: int) -> None:
    """A second list (or anything else) after the tasks would be lost unread."""
    rest = _skip(text, position)
    if rest < len(text):
        line += text.count("\n", position, rest)
        raise InputError(
            path,
            "holds more than one JSON value; a Label Studio file is one list of tasks",
            line,
        )


def _decode(
    decoder: json.JSONDecoder, text: str, position: int, path: Path, line: int
) -> tuple[Any, int]:
    try:
        _, end = decoder.raw_decode(text, position)
    except (ValueError, RecursionError):  # JSONDecodeError, or a number of 4,300+ digits
        end = len(text)  # the strict decoder below says what is wrong, and where
    value = loads(text[position:end].encode("utf-8"), path, line)
    return value, end


def read(path: Path, options: FormatOptions) -> Iterator[IncomingDocument]:
    for index, line, task in iter_tasks(path):
        try:
            document = parse_task(task, index, path, line, options.notices)
        except InputError as error:
            raise _in_task(error, index) from None
        yield document


def _in_task(error: InputError, index: int) -> InputError:
    """The error, naming the task it is about (a task spans many lines)."""
    prefix = f"task {index}"
    if error.reason.startswith(prefix):
        return error
    return InputError(error.path, f"{prefix}: {error.reason}", error.line)


def parse_task(
    task: dict[str, Any], index: int, path: Path, line: int, notices: Notices | None = None
) -> IncomingDocument:
    data = task.get("data")
    if not isinstance(data, dict):
        raise InputError(path, f'task {index} has no "data" object', line)
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError(
            path, f'task {index}: "data.text" must be a string, got {json_kind(text)}', line
        )
    if text is None:
        strings = [value for value in data.values() if isinstance(value, str)]
        if len(strings) != 1:
            raise InputError(path, f'task {index} has no "data.text"', line)
        text = strings[0]
    if not text:
        raise InputError(path, f'task {index}: "data.text" is empty', line)
    spans: list[IncomingSpan] = []
    relations: list[IncomingRelation] = []
    doc_tags: list[str] = []
    for annotation in _list(task, "annotations", path, line):
        if not annotation.get("was_cancelled"):
            first, first_relation = len(spans), len(relations)
            _read_result(
                annotation.get("result"), "accepted", "", text, spans, doc_tags, path, line,
                relations,
            )  # fmt: skip
            who = completed_by(annotation.get("completed_by"), path, line)
            for span in spans[first:]:
                span.annotator = who
            for relation in relations[first_relation:]:
                relation.annotator = who
    predictions = task.get("predictions")
    if isinstance(predictions, list) and any(_is_id(item) for item in predictions):
        by_id = sum(map(_is_id, predictions))
        if notices is not None:
            notices.add(path, PREDICTIONS_BY_ID, "prediction", "predictions", by_id)
        task = {**task, "predictions": [item for item in predictions if not _is_id(item)]}
    for prediction in _list(task, "predictions", path, line):
        source = str(prediction.get("model_version") or "label-studio")
        _read_result(
            prediction.get("result"), "suggested", source, text, spans, [], path, line, relations
        )
    meta = data.get("meta")
    if meta is not None and not isinstance(meta, dict):
        raise InputError(
            path, f'task {index}: "data.meta" must be an object, got {json_kind(meta)}', line
        )
    meta = dict(meta or {})
    if isinstance(data.get("source"), str):
        meta["source"] = data["source"]
    record = {
        "title": data.get("title"),
        "meta": meta,
        "tags": list(dict.fromkeys(doc_tags)),
        "status": data.get("status"),
    }
    document = build_document(record, text, spans, path, line)
    document.relations = relations
    return document


def completed_by(user: object, path: Path, line: int) -> str:
    """Who made an annotation: Label Studio writes a user's id, or the user with their email.

    The email names them, else their first and last name, else the id
    ("label-studio-user-7", the same in every export of that Label Studio).
    """
    if user is None:
        return ""
    if isinstance(user, dict):
        for key in ("email", "username"):
            value = user.get(key)
            if isinstance(value, str) and value.strip() and value.isprintable():
                return value.strip()
        names = [user.get(key) for key in ("first_name", "last_name")]
        name = " ".join(n.strip() for n in names if isinstance(n, str) and n.strip())
        if name and name.isprintable():
            return name
        user = user.get("id")
        if user is None:
            return ""
    if isinstance(user, int) and not isinstance(user, bool):
        return f"label-studio-user-{user}"
    if isinstance(user, str) and user.strip() and user.isprintable():
        return user.strip()
    raise InputError(
        path, f'"completed_by" must be a user\'s id or object, got {json_kind(user)}', line
    )


def _is_id(item: object) -> bool:
    return isinstance(item, int) and not isinstance(item, bool)


def _list(task: dict[str, Any], key: str, path: Path, line: int) -> list[dict[str, Any]]:
    """A task's annotations or predictions: a list of objects, or nothing."""
    value = task.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise InputError(path, f'"{key}" must be a list of objects, got {json_kind(value)}', line)
    return value


def _read_result(
    result: object,
    status: str,
    source: str,
    text: str,
    spans: list[IncomingSpan],
    doc_tags: list[str],
    path: Path,
    line: int,
    relations: list[IncomingRelation] | None = None,
) -> None:
    """One annotation's or prediction's results: its spans, their notes and tags, relations."""
    if result is None:
        return
    if not isinstance(result, list) or not all(isinstance(item, dict) for item in result):
        raise InputError(path, f'"result" must be a list of objects, got {json_kind(result)}', line)
    regions: dict[str, list[IncomingSpan]] = defaultdict(list)
    extras: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for item in result:
        if item.get("type") == "relation":
            links.append(item)
            continue
        value = item.get("value")
        if value is None:
            continue  # a result of a kind that carries no value
        if not isinstance(value, dict):
            raise InputError(
                path, f'a result\'s "value" must be an object, got {json_kind(value)}', line
            )
        if item.get("type") == "labels" or "labels" in value:
            labels = value.get("labels")
            if not isinstance(labels, list) or not labels:
                raise InputError(path, "a labels result needs value.labels", line)
            start: Any = value.get("start")
            end: Any = value.get("end")
            _check_text(value, text, path, line)
            kb_id = _kb_id(item.get("meta"), path, line)
            for label in labels:
                span = IncomingSpan(start, end, label, status=status, source=source, kb_id=kb_id)
                regions[str(item.get("id", len(regions)))].append(span)
                spans.append(span)
        else:
            extras.append(item)
    for item in extras:
        value = item["value"]
        targets = regions.get(str(item.get("id")), [])
        if item.get("type") == "textarea" and targets:
            note = "\n".join(_strings(value, "text", path, line))
            for span in targets:
                span.note = note
        elif item.get("type") == "choices":
            choices = _strings(value, "choices", path, line)
            if targets:
                for span in targets:
                    span.tags = list(dict.fromkeys([*span.tags, *choices]))
            elif "start" not in value:
                doc_tags.extend(choices)
    if links and relations is not None:
        index = {id(span): position for position, span in enumerate(spans)}
        positions = {region: index[id(found[0])] for region, found in regions.items()}
        for item in links:
            relations.extend(read_relation(item, positions, status, source, path, line))


def _kb_id(meta: object, path: Path, line: int) -> str:
    """The entity key a region's `meta` names, or ""."""
    if not isinstance(meta, dict) or meta.get("kb_id") is None:
        return ""
    if not isinstance(meta["kb_id"], str):
        raise InputError(
            path, f'a region\'s "meta.kb_id" must be a string, got {json_kind(meta["kb_id"])}', line
        )
    return str(meta["kb_id"])


def _strings(value: dict[str, Any], key: str, path: Path, line: int) -> list[str]:
    """A textarea's texts or the choices made: a list of strings."""
    found = value.get(key)
    if found is None:
        return []
    if not isinstance(found, list) or not all(isinstance(item, str) for item in found):
        raise InputError(
            path, f'"value.{key}" must be a list of strings, got {json_kind(found)}', line
        )
    return [item for item in found if item]


def _check_text(value: dict[str, Any], text: str, path: Path, line: int) -> None:
    """A region's own `text` must be what its offsets cover; if UTF-16 units fit, say so."""
    start, end, expected = value.get("start"), value.get("end"), value.get("text")
    if not isinstance(expected, str) or not isinstance(start, int) or not isinstance(end, int):
        return
    if 0 <= start < end <= len(text) and text[start:end] == expected:
        return
    offsets = OffsetMap(text)
    as_utf16 = offsets.to_python(start), offsets.to_python(end)
    if text[as_utf16[0] : as_utf16[1]] == expected:
        raise InputError(
            path,
            f"span [{start}, {end}) {expected!r} is counted in UTF-16 units; Label Studio "
            "counts code points, so this file was changed by another tool: fix its offsets",
            line,
        )
    covered = text[start:end] if 0 <= start < end <= len(text) else ""
    raise InputError(
        path, f"span [{start}, {end}) says it covers {expected!r} but covers {covered!r}", line
    )


def to_task(document: ExportDocument, summary: ExportSummary | None = None) -> dict[str, Any]:
    """The task for a document; relations it cannot write are said in `summary`."""
    data: dict[str, Any] = {"text": document.text, "title": document.title}
    if document.source:
        data["source"] = document.source
    if document.meta:
        data["meta"] = document.meta
    data["status"] = document.status
    accepted = [p for p, s in enumerate(document.spans) if s.status == "accepted"]
    task: dict[str, Any] = {"data": data, "annotations": [], "predictions": []}
    by_annotator: dict[str, list[int]] = defaultdict(list)
    for position in accepted:
        by_annotator[document.spans[position].annotator].append(position)
    if len(by_annotator) <= 1:  # one person's work: one annotation, which names nobody
        by_annotator = {"": accepted}
    placed = _place_relations(document, by_annotator, "accepted", summary)
    for number, (annotator, positions) in enumerate(by_annotator.items()):
        result, regions = _result(document, positions, "a")
        result.extend(relation_results(placed.get(annotator, []), regions))
        if document.tags and not number:
            result.append(
                {
                    "id": "doc",
                    "from_name": DOC_TAGS,
                    "to_name": TO_NAME,
                    "type": "choices",
                    "value": {"choices": list(document.tags)},
                }
            )
        if result or document.status == "done":
            annotation: dict[str, Any] = {"result": result, "was_cancelled": False}
            if annotator:
                annotation["completed_by"] = {"email": annotator}
            task["annotations"].append(annotation)
    by_model: dict[str, list[int]] = defaultdict(list)
    for position, span in enumerate(document.spans):
        if span.status == "suggested":
            by_model[span.source or "unknown"].append(position)
    placed = _place_relations(document, by_model, "suggested", summary)
    for number, (model, positions) in enumerate(by_model.items()):
        result, regions = _result(document, positions, f"p{number}-")
        result.extend(relation_results(placed.get(model, []), regions))
        task["predictions"].append({"model_version": model, "result": result})
    for relation in document.relations:
        if relation.status not in ("accepted", "suggested") and summary is not None:
            summary.relations_unwritten.append(
                _relation_said(document, relation, f"is {relation.status}")
            )
    return task


def _place_relations(
    document: ExportDocument,
    groups: dict[str, list[int]],
    status: str,
    summary: ExportSummary | None,
) -> dict[str, list[ExportRelation]]:
    """The relations of `status` by the annotation (or prediction) that holds both their spans.

    A Label Studio relation joins two regions of one result list; one whose
    spans are in two of them (two annotators' spans, or a suggested span and
    an accepted one) is said in `summary` instead.
    """
    group_of: dict[int, str] = {p: name for name, positions in groups.items() for p in positions}
    placed: dict[str, list[ExportRelation]] = defaultdict(list)
    for relation in document.relations:
        if relation.status != status:
            continue
        head, child = group_of.get(relation.head), group_of.get(relation.child)
        if head is not None and head == child:
            placed[head].append(relation)
        elif summary is not None:
            reason = (
                "joins spans of two annotations (or an annotation and a prediction), and a "
                "Label Studio relation joins regions of one"
            )
            summary.relations_unwritten.append(_relation_said(document, relation, reason))
    return placed


def _relation_said(document: ExportDocument, relation: ExportRelation, reason: str) -> str:
    text = document.text
    title = document.title if len(document.title) <= 40 else document.title[:39] + "…"

    def span(position: int) -> str:
        found = document.spans[position]
        return f"[{found.start}, {found.end}) {text[found.start : found.end]!r}"

    return (
        f"document {document.id} ({title!r}): relation {relation.label} from "
        f"{span(relation.head)} to {span(relation.child)} {reason}; left out"
    )


def _result(
    document: ExportDocument, positions: list[int], prefix: str
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """The regions of the spans at `positions`, and each position's region id."""
    text = document.text
    result: list[dict[str, Any]] = []
    regions: dict[int, str] = {}
    for number, position in enumerate(positions):
        span = document.spans[position]
        region = regions[position] = f"{prefix}{number}"
        where = {"start": span.start, "end": span.end, "text": text[span.start : span.end]}
        labelled: dict[str, Any] = {
            "id": region,
            "from_name": LABELS,
            "to_name": TO_NAME,
            "type": "labels",
            "value": {**where, "labels": [span.label]},
        }
        if span.kb_id:
            labelled["meta"] = {"kb_id": span.kb_id}
        result.append(labelled)
        if span.note:
            result.append(
                {
                    "id": region,
                    "from_name": NOTE,
                    "to_name": TO_NAME,
                    "type": "textarea",
                    "value": {"start": span.start, "end": span.end, "text": [span.note]},
                }
            )
        if span.tags:
            result.append(
                {
                    "id": region,
                    "from_name": SPAN_TAGS,
                    "to_name": TO_NAME,
                    "type": "choices",
                    "value": {"start": span.start, "end": span.end, "choices": list(span.tags)},
                }
            )
    return result, regions


def write(
    items: Iterable[Exported], out: Path, options: FormatOptions, summary: ExportSummary
) -> None:
    """A JSON list with one task a line, so a message about task N can name its line."""
    with atomic_binary(out) as stream:
        stream.write(b"[")
        for count, (document, _) in enumerate(items):
            stream.write(b",\n" if count else b"\n")
            stream.write(orjson.dumps(to_task(document, summary)))
        stream.write(b"\n]\n")
    summary.files.append(str(out))
