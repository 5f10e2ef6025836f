"""Documents as a reader gives them, made into what an export is handed: the pure round trip."""

from __future__ import annotations

from tagdesk.core.exported import ExportDocument, ExportSpan
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.relations import ExportRelation
from tagdesk.core.tokens import Token


def export_of(document: IncomingDocument, number: int = 1) -> tuple[ExportDocument, list[Token]]:
    """The ExportDocument and tokens an export of this document, stored as read, is handed."""
    spans = tuple(
        ExportSpan(
            s.start,
            s.end,
            s.label,
            s.status,
            s.source,
            s.note,
            s.annotator,
            tuple(s.tags),
            s.meta,
            s.group,
            s.kb_id,
        )
        for s in document.spans
    )
    relations = tuple(
        ExportRelation(
            r.head, r.child, r.label, r.status, r.source, r.note, r.annotator, r.directed, r.meta
        )
        for r in document.relations
    )
    exported = ExportDocument(
        number,
        document.text,
        document.title,
        document.source,
        document.meta,
        document.status or "todo",
        tuple(document.tags),
        spans,
        relations,
    )
    assert document.tokens is not None
    return exported, list(document.tokens)


def relations_of(document: IncomingDocument | ExportDocument) -> list[tuple[object, ...]]:
    """Each relation as (head text, head label, label, child text, child label, status)."""
    text, spans = document.text, document.spans
    return [
        (
            text[spans[r.head].start : spans[r.head].end],
            spans[r.head].label,
            r.label,
            text[spans[r.child].start : spans[r.child].end],
            spans[r.child].label,
            r.status,
        )
        for r in document.relations
    ]
