"""Reads for the command line and exports: documents, labels, statistics."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterator
from typing import Any

from tagdesk.core.records import DOC_STATUSES, SPAN_STATUSES, ExportDocument, ExportSpan
from tagdesk.store.database import Store
from tagdesk.store.models import Document, DocumentTag, Label, Span, SpanTag, Tag


def label_names(store: Store) -> list[str]:
    return [name for (name,) in Label.select(Label.name).order_by(Label.position).tuples()]


def tag_names(store: Store) -> list[str]:
    return [name for (name,) in Tag.select(Tag.name).order_by(Tag.name).tuples()]


def stats(store: Store) -> dict[str, Any]:
    """Counts of documents by status and of spans by label and status."""
    by_doc_status = dict.fromkeys(DOC_STATUSES, 0)
    for status, count in store.execute(
        'SELECT status, COUNT(*) FROM "document" GROUP BY status'
    ).fetchall():
        by_doc_status[status] = count
    by_label: dict[str, int] = dict(
        store.execute(
            'SELECT l.name, COUNT(*) FROM "span" s JOIN "label" l ON l.id = s.label_id '
            "GROUP BY l.name ORDER BY l.name"
        ).fetchall()
    )
    by_status = dict.fromkeys(SPAN_STATUSES, 0)
    for status, count in store.execute(
        'SELECT status, COUNT(*) FROM "span" GROUP BY status'
    ).fetchall():
        by_status[status] = count
    return {
        "documents": {"total": sum(by_doc_status.values()), **by_doc_status},
        "spans": {
            "total": sum(by_status.values()),
            "by_label": by_label,
            "by_status": by_status,
        },
    }


def _document_query(
    document_statuses: Collection[str] | None, document_tags: Collection[str] | None
) -> Any:
    query = Document.select(
        Document.id,
        Document.text,
        Document.title,
        Document.source,
        Document.meta,
        Document.status,
    )
    if document_statuses is not None:
        query = query.where(Document.status.in_(list(document_statuses)))
    if document_tags:
        tagged = (
            DocumentTag.select(DocumentTag.document)
            .join(Tag)
            .where(Tag.name.in_(list(document_tags)))
        )
        query = query.where(Document.id.in_(tagged))
    return query


def count_export_documents(
    store: Store,
    *,
    document_statuses: Collection[str] | None = None,
    document_tags: Collection[str] | None = None,
) -> int:
    """How many documents iter_export_documents will yield, for a progress bar."""
    return int(_document_query(document_statuses, document_tags).count())


def iter_export_documents(
    store: Store,
    *,
    document_statuses: Collection[str] | None = None,
    span_statuses: Collection[str] = ("accepted",),
    labels: Collection[str] | None = None,
    document_tags: Collection[str] | None = None,
    batch_size: int = 500,
) -> Iterator[ExportDocument]:
    """Documents in id order with their spans and tags, read a batch at a time.

    `labels` keeps only spans with those labels; `document_tags` keeps only
    documents with at least one of those tags. None (or empty) keeps all.
    """
    last_id = 0
    label_by_id = dict(Label.select(Label.id, Label.name).tuples())
    tag_by_id = dict(Tag.select(Tag.id, Tag.name).tuples())
    wanted = set(labels or ())
    label_ids = [i for i, name in label_by_id.items() if name in wanted] if wanted else None
    while True:
        query = _document_query(document_statuses, document_tags).where(Document.id > last_id)
        rows = list(query.order_by(Document.id).limit(batch_size).tuples())
        if not rows:
            return
        ids = [row[0] for row in rows]
        last_id = ids[-1]
        spans = _spans_for(ids, span_statuses, label_ids, label_by_id, tag_by_id)
        doc_tags: dict[int, list[str]] = defaultdict(list)
        for document_id, tag_id in (
            DocumentTag.select(DocumentTag.document, DocumentTag.tag)
            .where(DocumentTag.document.in_(ids))
            .tuples()
        ):
            doc_tags[document_id].append(tag_by_id[tag_id])
        for document_id, text, title, source, meta, status in rows:
            yield ExportDocument(
                id=document_id,
                text=text,
                title=title,
                source=source,
                meta=json.loads(meta) if meta else {},
                status=status,
                tags=tuple(sorted(doc_tags.get(document_id, ()))),
                spans=tuple(spans.get(document_id, ())),
            )


def _spans_for(
    document_ids: list[int],
    span_statuses: Collection[str],
    label_ids: list[int] | None,
    label_by_id: dict[int, str],
    tag_by_id: dict[int, str],
) -> dict[int, list[ExportSpan]]:
    condition = Span.document.in_(document_ids) & Span.status.in_(list(span_statuses))
    if label_ids is not None:
        condition &= Span.label.in_(label_ids)
    rows = list(
        Span.select(
            Span.id,
            Span.document,
            Span.start,
            Span.end,
            Span.label,
            Span.status,
            Span.source,
            Span.note,
            Span.annotator,
        )
        .where(condition)
        .order_by(Span.document, Span.start, Span.end, Span.id)
        .tuples()
    )
    span_tags: dict[int, list[str]] = defaultdict(list)
    if rows:
        for span_id, tag_id in (
            SpanTag.select(SpanTag.span, SpanTag.tag)
            .join(Span)
            .where(Span.document.in_(document_ids))
            .tuples()
        ):
            span_tags[span_id].append(tag_by_id[tag_id])
    result: dict[int, list[ExportSpan]] = defaultdict(list)
    for span_id, document_id, start, end, label_id, status, source, note, annotator in rows:
        result[document_id].append(
            ExportSpan(
                start=start,
                end=end,
                label=label_by_id[label_id],
                status=status,
                source=source,
                note=note,
                annotator=annotator,
                tags=tuple(sorted(span_tags.get(span_id, ()))),
            )
        )
    return result
