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


@dataclass(frozen=True)
class LabelRecord:
    id: int
    name: str
    colour: str
    hotkey: str = ""
    description: str = ""
    position: int = 0


@dataclass(frozen=True)
class DocumentState:
    """The parts of a document the analyst changes: undo restores them."""

    id: int
    status: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    title: str
    source: str
    meta: dict[str, Any]
    status: str
    tags: tuple[str, ...]
    text: str
