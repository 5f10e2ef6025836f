"""Writing many documents in one transaction at the speed of the database driver.

peewee builds a query object for every row: 200,000 spans take 2.3 s with
`insert_many` and 11 s row by row, against 0.24 s through the driver's
`executemany`. On SQLite the rows therefore go through the driver's cursor,
a batch at a time, with ids assigned up front (the import's transaction
holds the write lock, so nobody else takes an id meanwhile). They count on
from the last id the table ever handed out, as AUTOINCREMENT does, not from
the largest in use: a span deleted a moment ago may be put back by undo.
SQLite moves `sqlite_sequence` past the ids an INSERT names, so the ids
taken here are never handed out again either. On PostgreSQL the ids come
from the tables' sequences a block at a time, and the rows go in as one
multi-row INSERT per thousand (psycopg2's execute_values).

The triggers that keep span counts and the search index fire once per row;
for two million spans that would cost more than the import. Inside the
import's transaction they are set aside, the import writes the counts and
the list's sort keys (store.list_keys) itself and indexes its new
documents in one statement, and they are put back before the commit: no
other connection ever sees them missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import orjson

from tagdesk.store import counts, list_keys, search, server_schema
from tagdesk.store.database import Store
from tagdesk.store.dialect import marks

DocumentRow = tuple[Any, ...]  # text, title, source, meta, sha256, status, created, updated
SpanRow = tuple[Any, ...]  # document, start, end, label, source, status, note, annotator,
# meta, created, updated, group


def meta_json(meta: dict[str, Any]) -> str:
    try:
        return orjson.dumps(meta).decode()
    except TypeError:  # keys that are not strings, integers beyond 64 bits
        return json.dumps(meta, ensure_ascii=False, default=str)


def timestamp(store: Store, moment: datetime) -> object:
    """What the driver stores for a timestamp (Dialect.timestamp)."""
    return store.dialect.timestamp(moment)


DOCUMENT_COLUMNS = (
    "id", "text", "title", "source", "meta", "sha256", "status", "created_at", "updated_at",
)  # fmt: skip
SPAN_COLUMNS = (
    "id", "document_id", "start", "end", "label_id", "source", "status", "note", "annotator",
    "meta", "created_at", "updated_at", "span_group",
)  # fmt: skip


class _Ids:
    """Ids for new rows of one table, taken before the rows are written.

    Counted on from the last id the table ever handed out: the import holds
    the write lock, which every Tagdesk writer takes (Store.atomic), so
    nobody else takes one meanwhile. On PostgreSQL that is the table's
    sequence, which `settle` moves past the ids taken after each batch, so
    they are never handed out again either (a rolled-back import leaves a
    gap, never an id used twice).
    """

    def __init__(self, store: Store, table: str) -> None:
        self.store = store
        self.table = table
        self.sequence = ""
        if store.is_sqlite:
            self.next = _last_id(store, table) + 1
        else:
            self.sequence = store.execute(
                "SELECT pg_get_serial_sequence(?, 'id')", (f'"{table}"',)
            ).fetchone()[0]
            last, called = store.execute(
                f"SELECT last_value, is_called FROM {self.sequence}"
            ).fetchone()
            in_use = store.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
            self.next = max(int(last) if called else int(last) - 1, int(in_use)) + 1
        self.settled = self.next

    def take(self) -> int:
        taken = self.next
        self.next += 1
        return taken

    def settle(self) -> None:
        if self.sequence and self.next != self.settled:
            self.store.execute(f"SELECT setval('{self.sequence}', ?)", (self.next - 1,))
            self.settled = self.next


class Rows:
    """Rows of one batch, with their ids, written in foreign-key order by `flush`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.document_ids = _Ids(store, "document")
        self.span_ids = _Ids(store, "span")
        self.documents: list[tuple[Any, ...]] = []
        self.spans: list[tuple[Any, ...]] = []
        self.document_tags: list[tuple[int, int]] = []
        self.span_tags: list[tuple[int, int]] = []
        self.new_counts: list[tuple[int, int, int]] = []
        self.count_changes: list[tuple[int, int, int]] = []
        self.labelled: list[tuple[int, int, int, int]] = []  # label, document, spans, rejected

    def add_document(self, row: DocumentRow) -> int:
        document_id = self.document_ids.take()
        self.documents.append((document_id, *row))
        return document_id

    def add_span(self, row: SpanRow, needs_id: bool) -> int | None:
        """Queue a span; its id (`needs_id`, for its tags: every span has one anyway)."""
        span_id = self.span_ids.take()
        self.spans.append((span_id, *row))
        return span_id

    def flush(self) -> None:
        store, dialect = self.store, self.store.dialect
        self.document_ids.settle()
        self.span_ids.settle()
        dialect.insert_rows(store, "document", DOCUMENT_COLUMNS, self.documents)
        dialect.insert_rows(store, "span", SPAN_COLUMNS, self.spans)
        dialect.insert_rows(
            store, "document_tag", ("document_id", "tag_id"), self.document_tags,
            "ON CONFLICT DO NOTHING",
        )  # fmt: skip
        dialect.insert_rows(
            store, "span_tag", ("span_id", "tag_id"), self.span_tags, "ON CONFLICT DO NOTHING"
        )
        dialect.insert_rows(
            store, "document_counts", ("document_id", "accepted", "suggested"), self.new_counts
        )
        if self.count_changes:
            dialect.execute_many(
                store,
                "UPDATE document_counts SET accepted = accepted + ?, "
                "suggested = suggested + ? WHERE document_id = ?",
                [(accepted, suggested, doc) for doc, accepted, suggested in self.count_changes],
            )
        if self.labelled:
            dialect.execute_many(store, counts.ADD_LABELLED_ROWS, self.labelled)
        keyed = sorted(
            {row[0] for row in (*self.new_counts, *self.count_changes, *self.document_tags)}
        )
        for first in range(0, len(keyed), 500):
            list_keys.refresh(store, keyed[first : first + 500])  # their insert triggers: aside
        for rows in (
            self.documents,
            self.spans,
            self.document_tags,
            self.span_tags,
            self.new_counts,
            self.count_changes,
            self.labelled,
        ):
            rows.clear()


def rows_for(store: Store) -> Rows:
    return Rows(store)


@contextmanager
def insert_triggers_set_aside(store: Store) -> Iterator[list[int]]:
    """Inside a transaction: drop the per-row insert triggers, and put them back at the end.

    Yields a list to which the caller appends the ids of the documents it
    adds; they are indexed for search in one statement before the triggers
    return. The caller writes the span counts itself.
    """
    new_ids: list[int] = []
    if not store.is_sqlite:  # the server's triggers read a setting of this transaction
        server_schema.bulk_import(store, True)
        yield new_ids
        server_schema.bulk_import(store, False)
        if new_ids:
            search.index_range(store, min(new_ids), max(new_ids))
        return
    names = (*counts.INSERT_TRIGGERS, *list_keys.INSERT_TRIGGERS, *search.INSERT_TRIGGERS)
    saved = store.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        f"AND name IN ({marks(len(names))})",
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


def present_spans(store: Store, document_id: int) -> set[tuple[str, SpanKey]]:
    """What an import does not add again to a document: its spans' keys (span_keys), each
    with the annotator who owns it: two analysts' equal spans are each their own."""
    rows = store.execute(
        'SELECT "start", "end", label_id, span_group, annotator FROM span WHERE document_id = ?',
        (document_id,),
    ).fetchall()
    return {(row[4], key) for row in rows for key in span_keys(row[0], row[1], row[2], row[3])}


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
    rows = store.execute(
        f'SELECT sha256, id FROM "document" WHERE sha256 IN ({marks(len(digests))})', digests
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


def take_ids(store: Store, table: str, count: int) -> list[int]:
    """Ids for rows this transaction is about to write, never handed out before.

    All of them in one call: on SQLite the next id counts from the rows
    written, so a second call before the rows are written would take the same.
    """
    ids = _Ids(store, table)
    taken = [ids.take() for _ in range(count)]
    ids.settle()
    return taken
