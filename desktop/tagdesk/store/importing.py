"""Writing imported documents: one transaction for the whole import."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tagdesk.core.errors import InputError
from tagdesk.core.records import IncomingDocument
from tagdesk.core.text import text_sha256
from tagdesk.core.validation import NUL_PROBLEM, span_problem, status_problem
from tagdesk.store.database import Store
from tagdesk.store.models import Document, DocumentTag, Span, SpanTag, utcnow
from tagdesk.store.vocab import LabelIds, TagIds

Progress = Callable[[int], None]


@dataclass
class ImportSummary:
    documents_added: int = 0
    documents_already_present: int = 0
    spans_added: int = 0
    labels_added: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"{self.documents_added} documents added"]
        if self.documents_already_present:
            parts.append(f"{self.documents_already_present} already present")
        parts.append(f"{self.spans_added} spans added")
        if self.labels_added:
            parts.append(f"new labels: {', '.join(self.labels_added)}")
        return ", ".join(parts)


def import_documents(
    store: Store,
    documents: Iterable[IncomingDocument],
    *,
    annotator: str,
    source: str,
    progress: Progress | None = None,
) -> ImportSummary:
    """Add documents and their spans; all of them or, on any error, none.

    A text already in the database is not added again; its new spans and
    tags are merged into the document that holds it.
    """
    summary = ImportSummary()
    with store.write_transaction():
        labels = LabelIds()
        tags = TagIds()
        for count, incoming in enumerate(documents, start=1):
            _import_one(incoming, labels, tags, summary, annotator=annotator, source=source)
            if progress is not None:
                progress(count)
        summary.labels_added = labels.added
    return summary


def _import_one(
    incoming: IncomingDocument,
    labels: LabelIds,
    tags: TagIds,
    summary: ImportSummary,
    *,
    annotator: str,
    source: str,
) -> None:
    _check(incoming)
    now = utcnow()
    digest = text_sha256(incoming.text)
    existing = Document.get_or_none(Document.sha256 == digest)
    if existing is None:
        document_id = Document.insert(
            text=incoming.text,
            title=incoming.title,
            source=incoming.source,
            meta=json.dumps(incoming.meta, ensure_ascii=False),
            sha256=digest,
            status=incoming.status or "todo",
            created_at=now,
            updated_at=now,
        ).execute()
        summary.documents_added += 1
        present: set[tuple[int, int, int]] = set()
    else:
        document_id = existing.id
        summary.documents_already_present += 1
        present = set(
            Span.select(Span.start, Span.end, Span.label)
            .where(Span.document == document_id)
            .tuples()
        )
    for name in incoming.tags:
        DocumentTag.insert(document=document_id, tag=tags.get(name)).on_conflict_ignore().execute()
    for span in incoming.spans:
        key = (span.start, span.end, labels.get(span.label))
        if key in present:
            continue
        present.add(key)
        span_id = Span.insert(
            document=document_id,
            start=span.start,
            end=span.end,
            label=key[2],
            source=span.source or source,
            status=span.status,
            note=span.note,
            annotator=span.annotator or annotator,
            created_at=now,
            updated_at=now,
        ).execute()
        summary.spans_added += 1
        for name in span.tags:
            SpanTag.insert(span=span_id, tag=tags.get(name)).on_conflict_ignore().execute()


def _check(incoming: IncomingDocument) -> None:
    """The store's own guard; readers have already reported problems by line."""
    if "\x00" in incoming.text:
        raise InputError(incoming.where or "input", NUL_PROBLEM)
    for span in incoming.spans:
        problem = span_problem(span.start, span.end, span.label, len(incoming.text)) or (
            status_problem(span.status)
        )
        if problem:
            raise InputError(incoming.where or "input", problem)
