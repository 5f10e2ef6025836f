"""Prodigy's `relations` (rel.manual) read into relations between spans, and written back.

Prodigy writes a task's relations as

    {"head": 14, "child": 5, "label": "COMMANDS", "color": "#ffd882",
     "head_span": {"start": 63, "end": 88, "token_start": 12, "token_end": 14, "label": "PERSON"},
     "child_span": {"start": 21, "end": 29, "token_start": 5, "token_end": 5, "label": "ORG"}}

`head` and `child` are token indices: the last token of each span (explosion/projects'
rel_component tutorial reads them so). A relation is matched to the task's spans by
the offsets of its head_span and child_span (the label breaks a tie between two
spans on the same characters); without them, by the span whose last token is `head`
or `child`. A relation whose span is not among the task's spans still comes in: the
span is added from head_span or child_span, with its label, and counted in a warning.

A relation between tokens that are no labelled span (dep.correct, or rel.manual on
plain words: a head_span without a label) joins no span Tagdesk holds; it is kept as
it was in the document's Prodigy fields, counted in a warning, and written back
by the export. A relation's status is its task's (prodigy_tasks.py: an accepted
task's relations are accepted, those of a rejected or ignored manual task suggested).

Tagdesk adds, without breaking Prodigy: `status`, `source`, `note`, `annotator`,
and `directed: false` for a symmetric type. `color` and Prodigy's "_" fields are
kept in the relation's metadata; other metadata is written under `meta`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tagdesk.core.errors import InputError
from tagdesk.core.exported import ExportDocument
from tagdesk.core.incoming import IncomingSpan
from tagdesk.core.labels import is_valid_label_name
from tagdesk.core.relations import RELATION_STATUSES, IncomingRelation
from tagdesk.core.tokens import Tokens
from tagdesk.formats.jsonl_lines import json_kind

RELATION_FIELDS = frozenset(
    {"head", "child", "head_span", "child_span", "label", "color"}
    | {"status", "source", "note", "annotator", "directed", "meta"}
)
_SPAN_REFERENCE = ("start", "end", "token_start", "token_end", "label")
_TEXT_FIELDS = ("source", "note", "annotator")

ADDED_SPANS = (
    "{:relation} joined spans that were not among their task's spans: "
    "{:span} added from head_span and child_span"
)
TOKEN_RELATIONS = (
    "{:relation} joined tokens that are no labelled span (a dependency or token "
    "relation): kept as they were in the document's Prodigy fields, and written back "
    "on export, but not shown"
)
REPEATED = "{:relation} repeated a relation already in their task: each came in once"
UNJUDGED = '{:relation} in tasks answered "reject" or "ignore" came in as suggestions to review'


class _Reader:
    """The relations of one task, and the spans they add, matched against its spans."""

    def __init__(
        self,
        spans: list[IncomingSpan],
        tokens: list[tuple[int, int]] | None,
        status: str,
        annotator: str,
        path: Path,
        line: int,
    ) -> None:
        self.spans = spans
        self.status = status
        self.annotator = annotator
        self.path = path
        self.line = line
        self.by_offsets: dict[tuple[int, int], list[int]] = {}
        for position, span in enumerate(spans):
            if type(span.start) is int and type(span.end) is int:  # else build_document says
                self.by_offsets.setdefault((span.start, span.end), []).append(position)
        self.ends = [end for _, end in tokens] if tokens else []
        self.by_last_token: dict[int | None, int] | None = None
        self.added = 0

    def fail(self, message: str) -> InputError:
        return InputError(self.path, message, self.line)

    def last_token(self, span: IncomingSpan) -> int | None:
        if not self.ends or type(span.end) is not int:
            return None
        found = bisect_left(self.ends, span.end)
        return found if found < len(self.ends) else None

    def span_at(self, raw: dict[str, Any], which: str) -> int | None:
        """The position in `spans` of a relation's head or child; None for a plain token."""
        reference = raw.get(f"{which}_span")
        token = raw[which]
        if reference is None:
            if self.by_last_token is None:  # made once, for the first relation that needs it
                self.by_last_token = {}
                for position, span in enumerate(self.spans):
                    self.by_last_token.setdefault(self.last_token(span), position)
            return self.by_last_token.get(token)
        if not isinstance(reference, dict):
            raise self.fail(
                f'a relation\'s "{which}_span" must be an object, got {json_kind(reference)}'
            )
        start, end, label = reference.get("start"), reference.get("end"), reference.get("label")
        if type(start) is not int or type(end) is not int:
            raise self.fail(f'a relation\'s "{which}_span" needs whole-number "start" and "end"')
        if label is not None and not isinstance(label, str):
            raise self.fail(
                f'a relation\'s "{which}_span" label must be a string, got {json_kind(label)}'
            )
        found = self.by_offsets.get((start, end), [])
        for position in found:
            if self.spans[position].label == label:
                return position
        if found:
            return found[0]
        if not label:
            return None
        span = IncomingSpan(start, end, label, self.status, "", "", self.annotator)
        self.spans.append(span)
        self.by_offsets[(start, end)] = [len(self.spans) - 1]
        if self.by_last_token is not None:
            self.by_last_token.setdefault(self.last_token(span), len(self.spans) - 1)
        self.added += 1
        return len(self.spans) - 1

    def relation(self, raw: object) -> IncomingRelation | dict[str, Any]:
        """The relation, or the raw entry when it joins tokens rather than spans."""
        if not isinstance(raw, dict):
            raise self.fail("each relation must be an object with head, child and label")
        for key in ("head", "child", "label"):
            if key not in raw:
                raise self.fail(f'a relation has no "{key}"')
        unknown = sorted(k for k in raw if k not in RELATION_FIELDS and not k.startswith("_"))
        if unknown:
            raise self.fail(
                f'unknown relation field "{unknown[0]}": Tagdesk reads '
                f'{", ".join(sorted(RELATION_FIELDS))} and keeps Prodigy\'s "_" fields'
            )
        for key in ("head", "child"):
            if type(raw[key]) is not int:
                shown = json_kind(raw[key])
                raise self.fail(f'a relation\'s "{key}" must be a token index, got {shown}')
        label = raw["label"]
        if not isinstance(label, str) or not is_valid_label_name(label):
            shown = repr(label) if isinstance(label, str) else json_kind(label)
            raise self.fail(f"a relation's label must be a name, got {shown}")
        head = self.span_at(raw, "head")
        child = None if head is None else self.span_at(raw, "child")
        if head is None or child is None:
            return raw
        if head == child:
            span = self.spans[head]
            raise self.fail(
                f"relation {label} joins span [{span.start}, {span.end}) {span.label} to itself"
            )
        return self.made(raw, head, child, label)

    def made(self, raw: dict[str, Any], head: int, child: int, label: str) -> IncomingRelation:
        status = raw.get("status")
        if status is None:
            status = self.status
        elif status not in RELATION_STATUSES:
            raise self.fail(
                f"relation {label}: status {status!r} is not one of {', '.join(RELATION_STATUSES)}"
            )
        text: list[str] = []
        for key in _TEXT_FIELDS:
            value = raw.get(key)
            if value is not None and not isinstance(value, str):
                shown = json_kind(value)
                raise self.fail(f'relation {label}: "{key}" must be a string, got {shown}')
            text.append(value or "")
        source, note, annotator = text
        directed = raw.get("directed", True)
        if not isinstance(directed, bool):
            raise self.fail(f'relation {label}: "directed" must be true or false')
        kept = raw.get("meta")
        if kept is not None and not isinstance(kept, dict):
            raise self.fail(f'relation {label}: "meta" must be an object, got {json_kind(kept)}')
        meta = dict(kept or {})
        meta.update(
            (key, value)
            for key, value in raw.items()
            if (key == "color" or key.startswith("_")) and value is not None
        )
        return IncomingRelation(
            head,
            child,
            label,
            status,
            source,
            note,
            annotator or self.annotator,
            directed,
            meta or None,
        )


def read_relations(
    raw_relations: object,
    spans: list[IncomingSpan],
    tokens: list[tuple[int, int]] | None,
    status: str,
    annotator: str,
    path: Path,
    line: int,
) -> tuple[list[IncomingRelation], list[dict[str, Any]], dict[str, tuple[int, ...]]]:
    """A task's relations, the entries kept as they were, and the warnings they add.

    Spans a relation names that the task does not hold are appended to `spans`.
    """
    if raw_relations is None:
        return [], [], {}
    if not isinstance(raw_relations, list):
        raise InputError(path, f'"relations" must be a list, got {json_kind(raw_relations)}', line)
    reader = _Reader(spans, tokens, status, annotator, path, line)
    relations: list[IncomingRelation] = []
    kept: list[dict[str, Any]] = []
    seen: set[tuple[int, int, str]] = set()
    repeated = 0
    for raw in raw_relations:
        made = reader.relation(raw)
        if isinstance(made, dict):
            kept.append(made)
            continue
        key = (made.head, made.child, made.label)
        if key in seen:
            repeated += 1
            continue
        seen.add(key)
        relations.append(made)
    tally: dict[str, tuple[int, ...]] = {}
    if reader.added:
        touching = sum(1 for r in relations if max(r.head, r.child) >= len(spans) - reader.added)
        tally[ADDED_SPANS] = (touching, reader.added)
    if kept:
        tally[TOKEN_RELATIONS] = (len(kept),)
    if repeated:
        tally[REPEATED] = (repeated,)
    if relations and status == "suggested":
        tally[UNJUDGED] = (sum(1 for r in relations if r.status == "suggested"),)
    return relations, kept, tally


def _reference(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: entry[key] for key in _SPAN_REFERENCE if key in entry}


def write_relations(
    document: ExportDocument,
    spans: Sequence[dict[str, Any]],
    columns: Tokens,
    kept: object,
) -> list[dict[str, Any]]:
    """The `relations` of a record: its relations in Prodigy's shape, then the kept entries.

    `spans` are the record's span entries, in the order of document.spans. `head` and
    `child` are each span's last token; a span off the token boundaries names the
    token its last character is in (Prodigy needs an index), and its head_span or
    child_span has no token_start and token_end.
    """
    ends = columns.ends
    last = len(ends) - 1
    written: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for relation in document.relations:
        head, child = spans[relation.head], spans[relation.child]
        entry: dict[str, Any] = {
            "head": head.get("token_end", min(bisect_left(ends, head["end"]), last)),
            "child": child.get("token_end", min(bisect_left(ends, child["end"]), last)),
            "head_span": _reference(head),
            "child_span": _reference(child),
        }
        meta = dict(relation.meta or {})
        for key in [key for key in meta if key == "color" or key.startswith("_")]:
            entry[key] = meta.pop(key)
        entry["label"] = relation.label
        entry["status"] = relation.status
        entry["source"] = relation.source
        if relation.note:
            entry["note"] = relation.note
        if relation.annotator:
            entry["annotator"] = relation.annotator
        if not relation.directed:
            entry["directed"] = False
        if meta:
            entry["meta"] = meta
        written.append(entry)
        seen.add(_identity(entry))
    if isinstance(kept, list):
        written.extend(
            entry for entry in kept if isinstance(entry, dict) and _identity(entry) not in seen
        )
    return written


def _identity(entry: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two entries one relation: the offsets of its spans, and its label."""

    def where(which: str) -> tuple[Any, ...]:
        reference = entry.get(f"{which}_span")
        if isinstance(reference, dict):
            return (reference.get("start"), reference.get("end"))
        return (entry.get(which),)

    return (where("head"), where("child"), entry.get("label"))
