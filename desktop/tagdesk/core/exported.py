"""Documents and spans as exports see them, and what an export wrote or left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from tagdesk.core.wording import counted

if TYPE_CHECKING:
    from tagdesk.core.relations import ExportRelation


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
    # Relations a format could not express though both their spans were written, one line each.
    relations_unwritten: list[str] = field(default_factory=list)

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
        if self.relations or self.relations_left_out or self.relations_unwritten:
            relations = counted(max(self.relations - len(self.relations_unwritten), 0), "relation")
            line = f"{documents}, {spans} and {relations} written to {where}"
        else:
            line = f"{documents} and {spans} written to {where}"
        if self.problems:
            line += f"; {counted(len(self.problems), 'span')} left out (listed above)"
        if self.relations_unwritten:
            unwritten = counted(len(self.relations_unwritten), "relation")
            line += f"; {unwritten} left out (listed above)"
        if self.relations_left_out:
            line += (
                f"; {counted(self.relations_left_out, 'relation')} left out "
                "(a span of theirs is not exported)"
            )
        return line
