"""Plain records the store reads and the window shows: spans, labels, documents.

What readers bring in is in core/incoming.py, what exports write in core/exported.py,
what a pipeline finds in core/found_entities.py: the window's first paint needs none of
them, and each dataclass costs its generated methods' compiling at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

SpanStatus = Literal["suggested", "accepted", "rejected"]
DocStatus = Literal["todo", "in_progress", "done"]
SPAN_STATUSES: tuple[str, ...] = ("suggested", "accepted", "rejected")
DOC_STATUSES: tuple[str, ...] = ("todo", "in_progress", "done")


@dataclass(frozen=True)
class SpanRecord:
    """One span as the window sees it; also the snapshot undo restores."""

    id: int
    document_id: int
    start: int
    end: int
    label_id: int
    status: str
    source: str = "manual"
    note: str = ""
    annotator: str = ""
    tags: tuple[str, ...] = ()
    created_at: str = ""
    group: str = ""  # kept through edits and undo: where a DocBin export writes the span
    score: float | None = None  # how sure the model was of it (its meta's "score"); read only
    # The row's version when this state was stored (schema 9): a write made on this record is
    # refused once the row is at another. 0 for a record no row has held yet.
    version: int = 0
    entity_id: int | None = None  # the entity it mentions (store.entities), of its label
    derived_from: int | None = None  # the span this own one was made from (core/team.py)


SPAN_RECORD_FIELDS: tuple[str, ...] = tuple(SpanRecord.__dataclass_fields__)
_new_object = object.__new__


def span_records(rows: Iterable[Sequence[Any]]) -> list[SpanRecord]:
    """SpanRecords from value rows in field order: the window reads 10,000 at a time.

    Equal to calling SpanRecord(*row) for each row, at half the cost: a frozen
    dataclass's `__init__` sets each field through `object.__setattr__`, and
    SpanRecord checks nothing on creation.
    """
    records = []
    for row in rows:
        record = _new_object(SpanRecord)
        record.__dict__.update(zip(SPAN_RECORD_FIELDS, row, strict=True))
        records.append(record)
    return records


@dataclass(frozen=True)
class LabelRecord:
    id: int
    name: str
    colour: str
    hotkey: str = ""
    description: str = ""
    position: int = 0
    version: int = 0  # of the row read (schema 9); a save on another version is refused


@dataclass(frozen=True)
class DocumentState:
    """The parts of a document the analyst changes: undo restores them."""

    id: int
    status: str
    tags: tuple[str, ...] = ()
    version: int = 0  # the document row's version with this status and these tags


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    title: str
    source: str
    meta: dict[str, Any]
    status: str
    tags: tuple[str, ...]
    text: str
    version: int = 0  # of the row, as read with this status and these tags

    @property
    def state(self) -> DocumentState:
        """The status and tags shown, with the version they were read at."""
        return DocumentState(self.id, self.status, self.tags, self.version)


SCORE_KEY = "score"  # in a span's meta: the model's confidence, 0 to 1, as Prodigy names it
