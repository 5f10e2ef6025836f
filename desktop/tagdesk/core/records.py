"""Plain records passed between readers, the store and writers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SpanStatus = Literal["suggested", "accepted", "rejected"]
DocStatus = Literal["todo", "in_progress", "done"]
SPAN_STATUSES: tuple[str, ...] = ("suggested", "accepted", "rejected")
DOC_STATUSES: tuple[str, ...] = ("todo", "in_progress", "done")


@dataclass
class IncomingSpan:
    start: int
    end: int
    label: str
    status: str = "accepted"
    source: str = ""
    note: str = ""
    annotator: str = ""
    tags: list[str] = field(default_factory=list)


@dataclass
class IncomingDocument:
    """A document read from a file, already normalised and validated."""

    text: str
    title: str = ""
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[IncomingSpan] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: str | None = None
    where: str = ""  # file:line, for messages


@dataclass(frozen=True)
class ExportSpan:
    start: int
    end: int
    label: str
    status: str
    source: str
    note: str
    annotator: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class ExportDocument:
    id: int
    text: str
    title: str
    source: str
    meta: dict[str, Any]
    status: str
    tags: tuple[str, ...]
    spans: tuple[ExportSpan, ...]


Entity = tuple[int, int, str]  # start, end (code points), label


@dataclass(frozen=True)
class FoundEntities:
    """What a pipeline found in one document: offsets only, never the spaCy Doc."""

    document_id: int
    entities: tuple[Entity, ...]
    tokens: int = 0
