"""What Prodigy's own fields of a db-out line mean: the answer, the annotator, the task.

A line is one annotation task. Its `answer` judges it: in a binary task
(`ner.teach`: `_view_id` "ner", one span with the model's `score`) the span
shown is what was accepted or rejected; in a manual task (`ner.manual`,
`ner.correct`, `spans.manual`: `_view_id` "ner_manual", any number of spans)
the whole annotation was. So:

- accept: the spans are accepted;
- reject, binary: the span is rejected (kept, never exported, never proposed again);
- reject, manual: the annotator said the annotation is wrong without saying
  which span, so its spans come in as suggestions to review, with a warning;
- ignore: nobody judged the task; its spans come in as suggestions to review,
  with a warning. The document is imported either way: nothing in the file is lost.

Fields Tagdesk has no column for are kept: a span's `score`, `rank`,
`priority`, `input_hash` and `pattern` in the span's metadata, the line's own
"_" fields (`_input_hash`, `_task_hash`, `_view_id`, `_session_id`,
`_annotator_id`, `_timestamp`, ...) and task fields (`label`, `options`,
`accept`, ...) in the document's metadata under PRODIGY_KEY, and, for a
binary task, the line's "_" fields beside its one span, so that an export
writes back the hashes of the task the span came from. The tokens rel.manual
made unselectable (`"disabled": true`) are kept by index, and an export marks
them again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tagdesk.core.errors import InputError
from tagdesk.formats.jsonl_lines import json_kind

PRODIGY_KEY = "_prodigy"  # in a document's meta: the task fields of the line that made it
TASK_KEY = "_task"  # in a span's meta: the "_" fields of the binary task that judged it
DISABLED_KEY = "disabled_tokens"  # in PRODIGY_KEY: tokens rel.manual marked "disabled"
ANSWERS = ("accept", "reject", "ignore")
# Task fields Prodigy writes that Tagdesk keeps as they are (besides those starting "_").
TASK_FIELDS = frozenset(
    {"label", "options", "accept", "score", "priority", "html", "id", "pattern"}
    | {"relations", "versions", "view_id", "sessions", "user_input", "config"}
)
# Span fields Prodigy writes; those Tagdesk has no column for are kept in the span's meta.
SPAN_FIELDS = frozenset(
    {"start", "end", "label", "token_start", "token_end", "text", "source", "answer"}
    | {"rank", "score", "priority", "input_hash", "pattern", "id", "type"}
)
_SPAN_META = ("rank", "score", "priority", "input_hash", "pattern", "id")
_BINARY_VIEWS = frozenset({"ner", "spans", "classification", "text", "html", "image"})
_MANUAL_VIEWS = frozenset({"ner_manual", "spans_manual", "pos_manual", "relations", "review"})
# Session ids that name no one: `DATASET-default`, and the timestamps of old unnamed sessions.
_NAMELESS_SESSION = re.compile(r"(^|-)default$|^\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}$")

# Each field's format spec names what it counts: "{:task}" is "1 task" or "2 tasks".
IGNORED = '{:task} answered "ignore": their {:span} came in as suggestions to review'
MANUAL_REJECTED = (
    '{:manual task} answered "reject": their {:span} came in as suggestions to review, '
    "as the answer does not say which span was wrong"
)


@dataclass(frozen=True)
class Task:
    """What a line's Prodigy fields say about the spans in it."""

    answer: str  # accept, reject or ignore; accept for a line without an answer
    binary: bool
    status: str  # the status its spans get, unless a span says otherwise
    annotator: str  # "" when the line names no one
    kept: dict[str, Any]  # task fields for the document's meta
    line: dict[str, Any]  # the line's "_" fields, for the span of a binary task


def read_task(record: dict[str, Any], spans: list[Any], path: Path, line: int) -> Task:
    answer = record.get("answer", "accept")
    if answer is None:
        answer = "accept"
    if answer not in ANSWERS:
        shown = repr(answer) if isinstance(answer, str) else json_kind(answer)
        raise InputError(path, f'"answer" must be accept, reject or ignore, got {shown}', line)
    binary = _is_binary(record, spans)
    if answer == "accept":
        status = "accepted"
    elif answer == "reject" and binary:
        status = "rejected"
    else:
        status = "suggested"
    kept = {
        key: value
        for key, value in record.items()
        if (key.startswith("_") or key in TASK_FIELDS) and value is not None
    }
    if answer != "accept" and ("label" in kept or "accept" in kept):
        kept["answer"] = answer  # a text category or choice was judged: the answer goes with it
    own = {key: value for key, value in kept.items() if key.startswith("_")}
    own.pop("_input_hash", None)  # the document's, whatever task judged the span
    return Task(answer, binary, status, annotator_of(record), kept, own if binary else {})


def _is_binary(record: dict[str, Any], spans: list[Any]) -> bool:
    """A yes-or-no question about the spans shown, rather than an annotation made by hand."""
    view = record.get("_view_id")
    if view in _MANUAL_VIEWS:
        return False
    if view in _BINARY_VIEWS:
        return True
    if len(spans) != 1 or not isinstance(spans[0], dict):
        return False
    meta = record.get("meta")
    return (
        "score" in spans[0]
        or "rank" in spans[0]
        or "priority" in record
        or (isinstance(meta, dict) and "score" in meta)
    )


def annotator_of(record: dict[str, Any]) -> str:
    """`_annotator_id`, else `_session_id`, as Prodigy wrote it ("news_ner-alice").

    Prodigy forms both as DATASET-SESSION, and either part may hold a hyphen,
    so the name is kept whole rather than guessed at; an unnamed session
    ("news_ner-default", or an old timestamp) names no one.
    """
    for key in ("_annotator_id", "_session_id"):
        value = record.get(key)
        if isinstance(value, str) and value.strip() and not _NAMELESS_SESSION.search(value):
            return value.strip()
    return ""


def span_status(task: Task, raw: dict[str, Any], path: Path, line: int) -> str:
    """A span's own answer (Prodigy's review writes them) judges it as a binary answer would."""
    answer = raw.get("answer")
    if answer is None:
        return task.status
    if answer not in ANSWERS:
        shown = repr(answer) if isinstance(answer, str) else json_kind(answer)
        raise InputError(
            path, f'a span\'s "answer" must be accept, reject or ignore, got {shown}', line
        )
    return {"accept": "accepted", "reject": "rejected"}.get(answer, "suggested")


def span_meta(
    task: Task, raw: dict[str, Any] | None, record: dict[str, Any]
) -> dict[str, Any] | None:
    """What a span keeps that has no column: scores, and the binary task that judged it."""
    meta: dict[str, Any] = {}
    if raw is not None:
        meta = {
            key: value
            for key, value in raw.items()
            if (key in _SPAN_META or key.startswith("_")) and value is not None
        }
    if task.binary:
        record_meta = record.get("meta")
        if "score" not in meta and isinstance(record_meta, dict) and "score" in record_meta:
            meta["score"] = record_meta["score"]
        if task.line:
            meta[TASK_KEY] = task.line
    if task.answer != "accept":
        meta["answer"] = task.answer
    return meta or None


def tally(task: Task, spans: int) -> dict[str, tuple[int, ...]] | None:
    """The warning a line adds to its file's, as (tasks, spans)."""
    if task.answer == "ignore":
        return {IGNORED: (1, spans)}
    if task.answer == "reject" and not task.binary:
        return {MANUAL_REJECTED: (1, spans)}
    return None


def export_answer(fields: dict[str, Any], spans: int) -> str:
    """What a record written says of itself: accept, but for a category or choice Prodigy judged.

    A text category rejected in Prodigy stays rejected as long as the record
    carries that category and no spans; with spans, which Tagdesk exports as
    accepted, the category is left out rather than claimed.
    """
    answer = fields.pop("answer", "accept")
    if answer == "accept" or answer not in ANSWERS:
        return "accept"
    if not spans:
        return str(answer)
    for key in ("label", "accept"):
        fields.pop(key, None)
    return "accept"


def export_fields(kept: dict[str, Any], spans_meta: list[dict[str, Any] | None]) -> dict[str, Any]:
    """The task fields an export writes for a document, hashes included when they still hold.

    When every span written came from one binary task, that task's own fields;
    when none came from a binary task, the fields of the line that made the
    document; a mix of tasks gets no `_task_hash` of its own (the writer makes one).
    """
    tasks = [meta.get(TASK_KEY) if meta else None for meta in spans_meta]
    fields = dict(kept)
    if not tasks or all(task is None for task in tasks):
        return fields
    first = tasks[0]
    if isinstance(first, dict) and all(task == first for task in tasks):
        fields.update(first)
        return fields
    fields.pop("_task_hash", None)
    return fields
