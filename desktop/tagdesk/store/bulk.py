"""Writing many documents in one transaction at the speed of the database driver.

peewee builds a query object for every row: 200,000 spans take 2.3 s with
`insert_many` and 11 s row by row, against 0.24 s through the driver's
`executemany`. On SQLite the rows therefore go through the driver's cursor,
a batch at a time, with ids assigned up front (the import's transaction
holds the write lock, so nobody else takes an id meanwhile). They count on
from the last id the table ever handed out, as AUTOINCREMENT does, not from
the largest in use: a span deleted a moment ago may be put back by undo.
SQLite moves `sqlite_sequence` past the ids an INSERT names, so the ids
taken here are never handed out again either. Other databases
go through peewee's `insert_many`.

The triggers that keep span counts and the search index fire once per row;
for two million spans that would cost more than the import. Inside the
import's transaction they are set aside, the import writes the counts
itself and indexes its new documents in one statement, and they are put
back before the commit: no other connection ever sees them missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import orjson

from tagdesk.store import counts, search
from tagdesk.store.database import Store
from tagdesk.store.models import Document, Span

DocumentRow = tuple[Any, ...]  # text, title, source, meta, sha256, status, created, updated
SpanRow = tuple[Any, ...]  # document, start, end, label, source, status, note, annotator,
# meta, created, updated, group
_INSERT_CHUNK = 500  # rows per peewee insert_many: well under every driver's parameter limit


def meta_json(meta: dict[str, Any]) -> str:
    try:
        return orjson.dumps(meta).decode()
    except TypeError:  # keys that are not strings, integers beyond 64 bits
        return json.dumps(meta, ensure_ascii=False, default=str)


def timestamp(store: Store, moment: datetime) -> object:
    """What the driver stores for a timestamp: peewee's text form on SQLite."""
    return str(moment) if store.is_sqlite else moment


class Rows:
    """Rows of one batch, written in foreign-key order by `flush`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.document_tags: list[tuple[int, int]] = []
        self.span_tags: list[tuple[int, int]] = []
        self.new_counts: list[tuple[int, int, int]] = []
        self.count_changes: list[tuple[int, int, int]] = []
        self.labelled: list[tuple[int, int, int, int]] = []  # label, document, spans, rejected

    def add_document(self, row: DocumentRow) -> int:
        raise NotImplementedError

    def add_span(self, row: SpanRow, needs_id: bool) -> int | None:
        """Queue a span; its id where the database gives one now (always on SQLite)."""
        raise NotImplementedError

    def flush(self) -> None:
        self._flush_main()
        p = self.store.param
        cursor = self.store.db.cursor()
        if self.document_tags:
            cursor.executemany(
                f"INSERT INTO document_tag (document_id, tag_id) VALUES ({p}, {p}) "
                "ON CONFLICT DO NOTHING",
                self.document_tags,
            )
        if self.span_tags:
            cursor.executemany(
                f"INSERT INTO span_tag (span_id, tag_id) VALUES ({p}, {p}) ON CONFLICT DO NOTHING",
                self.span_tags,
            )
        if self.new_counts:
            cursor.executemany(
                "INSERT INTO document_counts (document_id, accepted, suggested) "
                f"VALUES ({p}, {p}, {p})",
                self.new_counts,
            )
        if self.count_changes:
            cursor.executemany(
                f"UPDATE document_counts SET accepted = accepted + {p}, "
                f"suggested = suggested + {p} WHERE document_id = {p}",
                [(accepted, suggested, doc) for doc, accepted, suggested in self.count_changes],
            )
        if self.labelled:
            cursor.executemany(counts.ADD_LABELLED_ROWS.format(p=p), self.labelled)
        for rows in (
            self.document_tags,
            self.span_tags,
            self.new_counts,
            self.count_changes,
            self.labelled,
        ):
            rows.clear()

    def _flush_main(self) -> None:
        raise NotImplementedError


class SqliteRows(Rows):
    """Ids counted on from the last one handed out; every batch is a few `executemany` calls."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.cursor = store.db.connection().cursor()
        self.next_document = _last_id(store, "document") + 1
        self.next_span = _last_id(store, "span") + 1
        self.documents: list[tuple[Any, ...]] = []
        self.spans: list[tuple[Any, ...]] = []

    def add_document(self, row: DocumentRow) -> int:
        document_id = self.next_document
        self.next_document += 1
        self.documents.append((document_id, *row))
        return document_id

    def add_span(self, row: SpanRow, needs_id: bool) -> int | None:
        span_id = self.next_span
        self.next_span += 1
        self.spans.append((span_id, *row))
        return span_id

    def _flush_main(self) -> None:
        if self.documents:
            self.cursor.executemany(
                'INSERT INTO "document" (id, text, title, source, meta, sha256, status, '
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self.documents,
            )
            self.documents.clear()
        if self.spans:
            self.cursor.executemany(
                'INSERT INTO span (id, document_id, "start", "end", label_id, source, status, '
                "note, annotator, meta, created_at, updated_at, span_group) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self.spans,
            )
            self.spans.clear()


class PortableRows(Rows):
    """Any database peewee speaks: documents one by one for their ids, spans in chunks."""

    DOCUMENT_FIELDS = (
        Document.text,
        Document.title,
        Document.source,
        Document.meta,
        Document.sha256,
        Document.status,
        Document.created_at,
        Document.updated_at,
    )
    SPAN_FIELDS = (
        Span.document,
        Span.start,
        Span.end,
        Span.label,
        Span.source,
        Span.status,
        Span.note,
        Span.annotator,
        Span.meta,
        Span.created_at,
        Span.updated_at,
        Span.span_group,
    )

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.spans: list[SpanRow] = []

    def add_document(self, row: DocumentRow) -> int:
        values = dict(zip(self.DOCUMENT_FIELDS, row, strict=True))
        return int(Document.insert(values).execute(self.store.db))

    def add_span(self, row: SpanRow, needs_id: bool) -> int | None:
        if needs_id:
            return int(
                Span.insert(dict(zip(self.SPAN_FIELDS, row, strict=True))).execute(self.store.db)
            )
        self.spans.append(row)
        return None

    def _flush_main(self) -> None:
        for first in range(0, len(self.spans), _INSERT_CHUNK):
            chunk = self.spans[first : first + _INSERT_CHUNK]
            Span.insert_many(chunk, fields=list(self.SPAN_FIELDS)).execute(self.store.db)
        self.spans.clear()


def rows_for(store: Store) -> Rows:
    return SqliteRows(store) if store.is_sqlite else PortableRows(store)


@contextmanager
def insert_triggers_set_aside(store: Store) -> Iterator[list[int]]:
    """Inside a transaction: drop the per-row insert triggers, and put them back at the end.

    Yields a list to which the caller appends the ids of the documents it
    adds; they are indexed for search in one statement before the triggers
    return. The caller writes the span counts itself.
    """
    new_ids: list[int] = []
    if not store.is_sqlite:
        yield new_ids
        return
    names = (*counts.INSERT_TRIGGERS, *search.INSERT_TRIGGERS)
    marks = ", ".join("?" * len(names))
    saved = store.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        names,
    ).fetchall()
    for name, _sql in saved:
        store.execute(f'DROP TRIGGER "{name}"')
    yield new_ids
    if new_ids and search.has_index(store):
        search.index_range(store, min(new_ids), max(new_ids))
    for _name, sql in saved:
        store.execute(sql)


SpanKey = tuple[int, int, int] | tuple[int, int, int, str]


def present_spans(store: Store, document_id: int) -> set[SpanKey]:
    """What an import does not add again to a document: its spans' keys, by span_keys."""
    rows = store.execute(
        f'SELECT "start", "end", label_id, span_group FROM span WHERE document_id = {store.param}',
        (document_id,),
    ).fetchall()
    return {key for row in rows for key in span_keys(row[0], row[1], row[2], row[3])}


def span_keys(start: int, end: int, label_id: int, group: str) -> tuple[SpanKey, ...]:
    """(start, end, label id) for a span without a group; for one in a group, that group's key
    and the key of "in some group" (group ""), which an incoming span without a group matches.
    """
    if not group:
        return ((start, end, label_id),)
    return ((start, end, label_id, group), (start, end, label_id, ""))


def documents_by_digest(store: Store, digests: list[str]) -> dict[str, int]:
    if not digests:
        return {}
    marks = ", ".join([store.param] * len(digests))
    rows = store.execute(
        f'SELECT sha256, id FROM "document" WHERE sha256 IN ({marks})', digests
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def _last_id(store: Store, table: str) -> int:
    """The largest id the table has handed out: in use, or AUTOINCREMENT's record of it."""
    row = store.execute(
        f'SELECT MAX(COALESCE((SELECT MAX(id) FROM "{table}"), 0), '
        "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0))",
        (table,),
    ).fetchone()
    return int(row[0])
