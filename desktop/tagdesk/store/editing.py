"""The analyst's edits: each call is one transaction, committed before it returns.

Span and document changes are expressed as states (records, or None for
"absent"), so one function serves create, edit, delete, undo and redo alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tagdesk.core.errors import ChangedSinceError, StoreError
from tagdesk.core.records import SCORE_KEY, DocumentState, SpanRecord, span_records
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks
from tagdesk.store.models import DocumentTag, Span, SpanTag, Tag, utcnow
from tagdesk.store.versions import checked_update
from tagdesk.store.vocab import TagIds

SpanState = tuple[int, SpanRecord | None]  # span id, its state (None: no such span)


def document_spans(store: Store, document_id: int) -> list[SpanRecord]:
    """Every span of a document; plain SQL, as the window reads 10,000 of them at a time.

    The rows (with their versions) are read before their tags: a tag written
    in between is shown with the older version, so a write made on it is
    refused rather than let through.
    """
    score = store.dialect.json_number("meta", SCORE_KEY)
    rows = store.execute(
        'SELECT id, document_id, "start", "end", label_id, status, source, note, annotator, '
        f"created_at, span_group, {score}, version, entity_id, derived_from "
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
            *row[12:15],
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
    stamp = store.dialect.timestamp(now)
    # Plain SQL: building peewee's INSERT took as long as the rest of an added span's write.
    sql = (
        'INSERT INTO span (document_id, "start", "end", label_id, source, status, note, '
        "annotator, created_at, updated_at, meta, span_group, version) "
        "VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, '{}', '', 1)"
    )
    values = (document_id, start, end, label_id, source, status, annotator, stamp, stamp)
    with store.write_transaction():
        if store.is_sqlite:
            span_id = int(store.execute(sql, values).lastrowid)
        else:
            span_id = int(store.execute(sql + " RETURNING id", values).fetchone()[0])
    return SpanRecord(
        span_id,
        document_id,
        start,
        end,
        label_id,
        status,
        source,
        "",
        annotator,
        (),
        _stamp(now),
        version=1,
    )


@dataclass(frozen=True)
class SpansWritten:
    """What apply_span_states wrote: the documents touched, and each span's new version."""

    documents: set[int]
    versions: dict[int, int]


def apply_span_states(
    store: Store,
    states: Sequence[SpanState],
    *,
    replacing: Sequence[SpanState],
    metas: Mapping[int, str] | None = None,
) -> SpansWritten:
    """Make each span match its state; returns the documents touched and the new versions.

    `replacing` holds the states the write expects to find (an undo's are
    what its action wrote), each with the version it was read at. A span is
    known by its id and by what no edit changes, its document and creation
    time: the row under its id must be that span or nothing. A span put back
    is INSERTed under its old id, which AUTOINCREMENT never hands to another
    span, with the version it had when it was deleted: it is that row again.
    A row there that is another span (left by a writer that reused the id)
    is neither overwritten nor deleted: the write fails as a whole, in one
    line. So does a write that finds a span at another version than it
    expects, gone, or put back, which means another window or program wrote
    it since: what that writer did is kept (ChangedSinceError). The check is
    the version read with the row's document, so it costs no query.

    The document rows are left alone: each span keeps its own `updated_at`, and
    rewriting a document row would rewrite its whole text. `metas` holds the
    stored meta of spans put back (read when they were deleted: stored_meta);
    a span's meta is never written otherwise, so an edit keeps it.
    """
    touched: set[int] = set()
    versions: dict[int, int] = {}
    now = utcnow()
    expected = dict(replacing)
    with store.write_transaction():
        tag_ids: TagIds | None = None  # read only for a span with tags: most edits have none
        retagged = [i for i, record in states if _retagged(record, expected.get(i))]
        released = _tags_of_spans(store, retagged)
        retag = set(retagged)
        for span_id, record in states:
            seen = expected.get(span_id)
            stored = _stored_span(store, span_id, record or seen)
            if span_id in expected:
                _refuse_if_changed(store, span_id, seen, stored, record)
            if record is None:
                if stored is not None:
                    touched.add(stored[0])
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
                "entity": record.entity_id,
                "derived_from": record.derived_from,
                "updated_at": now,
            }
            if stored is None:
                versions[span_id] = max(record.version, 1)
                put_back = {"meta": metas[span_id]} if metas and span_id in metas else {}
                Span.insert(
                    id=span_id,
                    created_at=record.created_at or now,
                    version=versions[span_id],
                    **put_back,
                    **fields,
                ).execute(store.db)
            else:
                versions[span_id] = stored[1] + 1
                Span.update(version=versions[span_id], **fields).where(Span.id == span_id).execute(
                    store.db
                )
            if span_id not in retag:
                continue
            SpanTag.delete().where(SpanTag.span == span_id).execute(store.db)
            for name in record.tags:
                tag_ids = tag_ids or TagIds(store)
                SpanTag.insert(span=span_id, tag=tag_ids.get(name)).on_conflict_ignore().execute(
                    store.db
                )
        _drop_unused_tags(store, released)
    return SpansWritten(touched, versions)


def stored_meta(store: Store, span_ids: Sequence[int]) -> dict[int, str]:
    """The meta each of these spans holds, where it holds any (not the empty object)."""
    found: dict[int, str] = {}
    for start in range(0, len(span_ids), 500):
        batch = list(span_ids[start : start + 500])
        rows = store.execute(
            f'SELECT id, meta FROM "span" WHERE id IN ({marks(len(batch))})', batch
        ).fetchall()
        found.update((int(i), str(meta)) for i, meta in rows if meta and meta != "{}")
    return found


def _retagged(record: SpanRecord | None, seen: SpanRecord | None) -> bool:
    """Whether a write changes the span's tag rows: a delete, a span put back, new tags.

    A span at the version seen has the tags seen, so those are not read again.
    """
    return record is None or seen is None or record.tags != seen.tags


def _stored_span(store: Store, span_id: int, span: SpanRecord | None) -> tuple[int, int] | None:
    """The document and version of the row under `span_id`, if that row is `span`;
    raises if it is another."""
    row = store.execute(
        'SELECT document_id, created_at, version FROM "span" WHERE id = ?', (span_id,)
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
    return int(document_id), int(row[2])


def _refuse_if_changed(
    store: Store,
    span_id: int,
    seen: SpanRecord | None,
    stored: tuple[int, int] | None,
    record: SpanRecord | None,
) -> None:
    """Raise unless the row is as the write expects it: at the version seen, or absent.

    A span expected absent may be there already at the very version being put
    back (another window undid the same delete, or the action's own build
    made it): a version names one stored state, so nothing is lost.
    """
    if seen is None:
        if stored is None or (record is not None and stored[1] == record.version):
            return
        document_id = stored[0]  # put back by another window, and changed, since
    elif stored is not None and stored[1] == seen.version:
        return
    else:
        document_id = seen.document_id
    raise ChangedSinceError(store.location, "span", span_id, f" of document {document_id}")


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
    """Status, tags and version; the version read first, so a tag written in between is
    shown with the older version and a write made on it is refused, not let through."""
    row = store.execute(
        'SELECT status, version FROM "document" WHERE id = ?', (document_id,)
    ).fetchone()
    status: Any = None if row is None else row[0]  # None: no such document
    version = 0 if row is None else int(row[1])
    return DocumentState(
        document_id, status, tuple(document_tag_names(store, document_id)), version
    )


def apply_document_state(
    store: Store, state: DocumentState, *, replacing: DocumentState
) -> int | None:
    """Change what differs between `replacing` and `state`; returns the row's new version
    (None: nothing differs, nothing written).

    `replacing` is the state the window showed, with its version: a document
    another window, an import or a program changed since (status or tags) is
    left as it is, and the write refused (ChangedSinceError). Only the tags
    and status that differ are written, so a tag another program added
    without touching the row is kept.
    """
    if state.status == replacing.status and set(state.tags) == set(replacing.tags):
        return None
    stamp = store.dialect.timestamp(utcnow())
    with store.write_transaction():
        assignments, params = "updated_at = ?", (stamp,)  # type: tuple[str, tuple[object, ...]]
        if state.status != replacing.status:
            assignments, params = "status = ?, updated_at = ?", (state.status, stamp)
        version = checked_update(
            store, "document", state.id, replacing.version, assignments, params
        )
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
    return version


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
