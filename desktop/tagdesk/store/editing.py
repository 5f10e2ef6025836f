"""The analyst's edits: each call is one transaction, committed before it returns.

Span and document changes are expressed as states (records, or None for
"absent"), so one function serves create, edit, delete, undo and redo alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tagdesk.core.errors import StoreError
from tagdesk.core.records import SCORE_KEY, DocumentState, SpanRecord, span_records
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks
from tagdesk.store.models import Document, DocumentTag, Span, SpanTag, Tag, utcnow
from tagdesk.store.vocab import TagIds

SpanState = tuple[int, SpanRecord | None]  # span id, its state (None: no such span)


def document_spans(store: Store, document_id: int) -> list[SpanRecord]:
    """Every span of a document; plain SQL, as the window reads 10,000 of them at a time."""
    score = store.dialect.json_number("meta", SCORE_KEY)
    rows = store.execute(
        'SELECT id, document_id, "start", "end", label_id, status, source, note, annotator, '
        f"created_at, span_group, {score}, derived_from "
        'FROM span WHERE document_id = ? ORDER BY "start", "end", id',
        (document_id,),
    ).fetchall()
    tags = _span_tags(store, document_id)
    return span_records(
        (
            *row[:9],
            tuple(sorted(tags[row[0]])) if row[0] in tags else (),
            _stamp(row[9]),
            row[10],
            None if row[11] is None else float(row[11]),
            row[12],
        )
        for row in rows
    )


def create_span(
    store: Store,
    document_id: int,
    start: int,
    end: int,
    label_id: int,
    *,
    annotator: str,
    status: str = "accepted",
    source: str = "manual",
) -> SpanRecord:
    now = utcnow()
    with store.write_transaction():
        span_id = Span.insert(
            document=document_id,
            start=start,
            end=end,
            label=label_id,
            status=status,
            source=source,
            annotator=annotator,
            created_at=now,
            updated_at=now,
        ).execute(store.db)
    return SpanRecord(
        span_id, document_id, start, end, label_id, status, source, "", annotator, (), _stamp(now)
    )


def apply_span_states(
    store: Store, states: Sequence[SpanState], *, replacing: Sequence[SpanState]
) -> set[int]:
    """Make each span match its state; returns the ids of the documents touched.

    `replacing` holds the states the write expects to find (an undo's are
    what its action wrote). A span is known by its id and by what no edit
    changes, its document and creation time: the row under its id must be
    that span or nothing. A span put back is INSERTed under its old id, which
    AUTOINCREMENT never hands to another span; a row there that is another
    span (left by a writer that reused the id) is neither overwritten nor
    deleted: the write fails as a whole, in one line. So does a write that
    finds a span changed since the state it expects (another window or
    program edited it): what that writer did is kept.

    The document rows are left alone: each span keeps its own `updated_at`, and
    rewriting a document row would rewrite its whole text.
    """
    touched: set[int] = set()
    now = utcnow()
    expected = {span_id: record for span_id, record in replacing if record is not None}
    with store.write_transaction():
        tag_ids: TagIds | None = None  # read only for a span with tags: most edits have none
        released = _tags_of_spans(store, [span_id for span_id, _ in states])
        for span_id, record in states:
            stored = _stored_span(store, span_id, record or expected.get(span_id))
            if stored is not None and span_id in expected:
                _refuse_if_changed(store, expected[span_id])
            if record is None:
                if stored is not None:
                    touched.add(stored)
                    Span.delete().where(Span.id == span_id).execute(store.db)
                continue
            touched.add(record.document_id)
            fields = {
                "document": record.document_id,
                "start": record.start,
                "end": record.end,
                "label": record.label_id,
                "status": record.status,
                "source": record.source,
                "note": record.note,
                "annotator": record.annotator,
                "span_group": record.group,
                "derived_from": record.derived_from,
                "updated_at": now,
            }
            if stored is None:
                Span.insert(id=span_id, created_at=record.created_at or now, **fields).execute(
                    store.db
                )
            else:
                Span.update(**fields).where(Span.id == span_id).execute(store.db)
            SpanTag.delete().where(SpanTag.span == span_id).execute(store.db)
            for name in record.tags:
                tag_ids = tag_ids or TagIds(store)
                SpanTag.insert(span=span_id, tag=tag_ids.get(name)).on_conflict_ignore().execute(
                    store.db
                )
        _drop_unused_tags(store, released)
    return touched


def _stored_span(store: Store, span_id: int, span: SpanRecord | None) -> int | None:
    """The document of the row under `span_id`, if that row is `span`; raises if it is another."""
    row = store.execute(
        'SELECT document_id, created_at FROM "span" WHERE id = ?', (span_id,)
    ).fetchone()
    if row is None:
        return None
    document_id, created = row[0], _stamp(row[1])
    if span is not None and (
        document_id != span.document_id or (span.created_at and created != span.created_at)
    ):
        raise StoreError(
            f"{store.location}: cannot save (span {span_id} of document {span.document_id} "
            f"has been replaced by another span, in document {document_id}, written by a "
            "program that reused its id): that span is left as it is; nothing was saved"
        )
    return int(document_id)


def _refuse_if_changed(store: Store, expected: SpanRecord) -> None:
    """Raise if the stored span differs from `expected` in anything the analyst sees."""
    row = store.execute(
        'SELECT "start", "end", label_id, status, source, note, annotator, span_group '
        'FROM "span" WHERE id = ?',
        (expected.id,),
    ).fetchone()
    tags = sorted(
        name
        for (name,) in store.execute(
            "SELECT t.name FROM span_tag st JOIN tag t ON t.id = st.tag_id WHERE st.span_id = ?",
            (expected.id,),
        ).fetchall()
    )
    seen = (
        expected.start,
        expected.end,
        expected.label_id,
        expected.status,
        expected.source,
        expected.note,
        expected.annotator,
        expected.group,
    )
    if tuple(row) != seen or tags != sorted(expected.tags):
        raise StoreError(
            f"{store.location}: cannot save (span {expected.id} of document "
            f"{expected.document_id} was changed by another window or program since): "
            "that span is left as it is; nothing was saved"
        )


def documents_to_do(store: Store, document_ids: list[int]) -> list[int]:
    """Which of these documents are still to do: a span edit makes them in progress."""
    found: list[int] = []
    for first in range(0, len(document_ids), 500):  # label all occurrences may touch thousands
        chunk = document_ids[first : first + 500]
        found += [
            row[0]
            for row in store.execute(
                "SELECT id FROM \"document\" WHERE status = 'todo' "
                f"AND id IN ({marks(len(chunk))})",
                chunk,
            ).fetchall()
        ]
    return sorted(found)


def document_state(store: Store, document_id: int) -> DocumentState:
    status = Document.select(Document.status).where(Document.id == document_id).scalar(store.db)
    return DocumentState(document_id, status, tuple(document_tag_names(store, document_id)))


def apply_document_state(store: Store, state: DocumentState, *, replacing: DocumentState) -> None:
    """Change what differs between `replacing` and `state`, and nothing else.

    A tag another window or an import added since is kept, and a status is
    written only by an action that changed it.
    """
    now = utcnow()
    with store.write_transaction():
        if state.status != replacing.status:
            Document.update(status=state.status, updated_at=now).where(
                Document.id == state.id
            ).execute(store.db)
        tag_ids = TagIds(store)
        removed = [tag_ids.get(name) for name in set(replacing.tags) - set(state.tags)]
        if removed:
            DocumentTag.delete().where(
                (DocumentTag.document == state.id) & DocumentTag.tag.in_(removed)
            ).execute(store.db)
        for name in sorted(set(state.tags) - set(replacing.tags)):
            DocumentTag.insert(
                document=state.id, tag=tag_ids.get(name)
            ).on_conflict_ignore().execute(store.db)
        _drop_unused_tags(store, set(removed))


def _tags_of_spans(store: Store, span_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for first in range(0, len(span_ids), 500):
        chunk = span_ids[first : first + 500]
        found.update(
            tag_id
            for (tag_id,) in SpanTag.select(SpanTag.tag)
            .where(SpanTag.span.in_(chunk))
            .tuples()
            .execute(store.db)
        )
    return found


def _drop_unused_tags(store: Store, tag_ids: set[int]) -> None:
    """A tag that an edit (or its undo) left on nothing is removed with it.

    Tags exist only through what they are attached to, so undoing the action
    that brought a new tag in takes the tag away again.
    """
    if not tag_ids:
        return
    chunk = list(tag_ids)
    in_use = SpanTag.select(SpanTag.tag).where(SpanTag.tag.in_(chunk)) | DocumentTag.select(
        DocumentTag.tag
    ).where(DocumentTag.tag.in_(chunk))
    Tag.delete().where(Tag.id.in_(chunk) & Tag.id.not_in(in_use)).execute(store.db)


def document_tag_names(store: Store, document_id: int) -> list[str]:
    query = (
        Tag.select(Tag.name)
        .join(DocumentTag)
        .where(DocumentTag.document == document_id)
        .order_by(Tag.name)
        .tuples()
    )
    return [name for (name,) in query.execute(store.db)]


def _span_tags(store: Store, document_id: int) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    rows = store.execute(
        "SELECT st.span_id, t.name FROM span_tag st JOIN tag t ON t.id = st.tag_id "
        "JOIN span s ON s.id = st.span_id WHERE s.document_id = ?",
        (document_id,),
    ).fetchall()
    for span_id, name in rows:
        result.setdefault(span_id, []).append(name)
    return result


def _stamp(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value or "")
