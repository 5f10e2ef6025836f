"""Plain records passed between readers, the store and writers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from tagdesk.core.wording import counted

if TYPE_CHECKING:
    from tagdesk.core.relations import ExportRelation, IncomingRelation

SpanStatus = Literal["suggested", "accepted", "rejected"]
DocStatus = Literal["todo", "in_progress", "done"]
SPAN_STATUSES: tuple[str, ...] = ("suggested", "accepted", "rejected")
DOC_STATUSES: tuple[str, ...] = ("todo", "in_progress", "done")


@dataclass(slots=True)  # two million of them in a large import
class IncomingSpan:
    start: int
    end: int
    label: str
    status: str = "accepted"
    source: str = ""
    note: str = ""
    annotator: str = ""
    tags: list[str] = field(default_factory=list)
    meta: dict[str, Any] | None = None  # what the file says of the span that Tagdesk keeps as is
    group: str = ""  # DocBin: "ents" or the span group's name; "" where the file names none
    kb_id: str = ""  # the key of the entity it mentions (spaCy's kb_id), or ""
    entity_name: str = ""  # the entity's name, where the file gives it (brat's normalisation)


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
    # What a reader did that the import should warn about, summed over the file:
    # a message with one "{}" per count, and the counts this document adds.
    tally: dict[str, tuple[int, ...]] | None = None
    tokens: list[tuple[int, int, bool]] | None = None  # the file's own tokens, tiling the text
    tokens_from: str = ""  # the format that brought them
    # Relations between this document's spans, by position in `spans` (core/relations.py).
    relations: list[IncomingRelation] = field(default_factory=list)


class ExportSpan(NamedTuple):
    """A span as exports see it; a tuple, as an export builds two million of them."""

    start: int
    end: int
    label: str
    status: str
    source: str
    note: str
    annotator: str
    tags: tuple[str, ...]
    meta: dict[str, Any] | None = None  # kept from the file it came from (Prodigy's scores)
    group: str = ""  # "ents", a span group's name, or "" (none named: see formats/docbin.py)
    kb_id: str = ""  # the key of the entity it mentions, or ""
    entity_name: str = ""  # that entity's name (brat's normalisation line shows it)


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
    # Relations between the spans written, by position in `spans` (core/relations.py).
    relations: tuple[ExportRelation, ...] = ()
    # Relations of the statuses exported that are not written, a span of theirs not being
    # written (core/export_relations.py); the export summary counts them.
    relations_left_out: int = 0


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


@dataclass(frozen=True)
class ExportProblem:
    """A span an export could not express, located by document and offset."""

    document_id: int
    title: str
    start: int
    end: int
    label: str
    text: str
    reason: str

    def describe(self) -> str:
        title = self.title if len(self.title) <= 40 else self.title[:39] + "…"
        return (
            f"document {self.document_id} ({title!r}): span [{self.start}, {self.end}) "
            f"{self.label} {self.text!r} {self.reason}; left out"
        )


@dataclass
class ExportSummary:
    """What an export wrote, and what it had to leave out."""

    documents: int = 0
    spans: int = 0
    files: list[str] = field(default_factory=list)
    problems: list[ExportProblem] = field(default_factory=list)
    relations: int = 0  # written
    relations_left_out: int = 0  # of the statuses exported, a span of theirs not written

    def left_out(self, document: ExportDocument, span: ExportSpan, reason: str) -> None:
        self.problems.append(
            ExportProblem(
                document.id,
                document.title,
                span.start,
                span.end,
                span.label,
                document.text[span.start : span.end],
                reason,
            )
        )

    def describe(self) -> str:
        written = self.spans - len(self.problems)
        where = ", ".join(self.files)
        documents, spans = counted(self.documents, "document"), counted(written, "span")
        if self.relations or self.relations_left_out:
            relations = counted(self.relations, "relation")
            line = f"{documents}, {spans} and {relations} written to {where}"
        else:
            line = f"{documents} and {spans} written to {where}"
        if self.problems:
            line += f"; {counted(len(self.problems), 'span')} left out (listed above)"
        if self.relations_left_out:
            line += (
                f"; {counted(self.relations_left_out, 'relation')} left out "
                "(a span of theirs is not exported)"
            )
        return line


Entity = tuple[int, int, str]  # start, end (code points), label
SCORE_KEY = "score"  # in a span's meta: the model's confidence, 0 to 1, as Prodigy names it


@dataclass(frozen=True)
class FoundEntities:
    """What a pipeline found in one document: offsets only, never the spaCy Doc."""

    document_id: int
    entities: tuple[Entity, ...]
    tokens: int = 0
    # How sure the model is of each entity, in order (0 to 1); empty when it gave no scores.
    scores: tuple[float, ...] = ()
    # The Doc's tokens, encoded as the store keeps them (tagdesk.store.tokens.encode_tokens);
    # empty when not asked for, or when the text went through the pipeline in pieces.
    encoded_tokens: bytes = b""
    # Relations the dependency rules suggest (tagdesk.nlp.dependency_relations): head and
    # child by position in `entities`, and the relation type's name; empty when not asked for.
    relations: tuple[tuple[int, int, str], ...] = ()
