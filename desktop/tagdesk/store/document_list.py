"""The queries behind the document list: ids in order, then rows a page at a time."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from tagdesk.core.records import DocumentInfo
from tagdesk.core.team import ALL
from tagdesk.store.database import Store
from tagdesk.store.dialect import count_if, marks
from tagdesk.store.editing import document_tag_names
from tagdesk.store.search import matching_ids_condition
from tagdesk.store.views import counts_in_view

SORT_KEYS = ("id", "title", "status", "accepted", "suggested", "tags", "uncertainty")


@dataclass(frozen=True)
class ListQuery:
    status: str | None = None
    label_id: int | None = None
    tag: str | None = None
    search: str = ""
    sort: str = "id"
    descending: bool = False
    # What a statistics chart's bar counts (see _chart_conditions):
    done_on: str | None = None  # a UTC day, YYYY-MM-DD: documents done that day
    given_to: str | None = None  # an annotator: the documents given to them
    spans_by: str | None = None  # an annotator: the documents holding spans of theirs


@dataclass(frozen=True)
class DocumentListRow:
    id: int
    title: str
    status: str
    accepted: int
    suggested: int
    tags: str
    least_score: float | None = None  # the score of its least sure open suggestion


# sort key -> (the table that drives the query, the sort key before the id). Each has an
# index that yields its order: the narrow counts table for ids, counts and the kept keys
# (store.list_keys), the document table's title and status indexes for those (and
# document_labels for a label filter in id order); no query reads the texts.
_BY_COUNTS = ("document_counts c", "c.document_id")
_BY_DOCUMENT = ('"document" d', "d.id")
_DONE = count_if("status = 'done'")
_ORDER: dict[str, tuple[tuple[str, str], str | None]] = {
    "id": (_BY_COUNTS, None),
    "accepted": (_BY_COUNTS, "c.accepted"),
    "suggested": (_BY_COUNTS, "c.suggested"),
    "title": (_BY_DOCUMENT, ""),  # the dialect's: see list_plan
    # To do, in progress, done: the status names backwards, as the status index holds them.
    "status": (_BY_DOCUMENT, "d.status"),
    # Untagged documents first, then by the first of their tags' names (by code point).
    "tags": (_BY_COUNTS, "c.tag_key"),
    # Most uncertain first: by the score of each document's least sure open suggestion
    # (the lowest score among its `suggested` spans: the one suggestion the model is least
    # sure of decides where the document stands, as Prodigy's ner.teach puts its least
    # sure suggestions first). Documents with no scored open suggestion (none left open,
    # or only imported and phrase suggestions, which carry no score) come last in either
    # direction, in id order: see ListPlan.nulls_last.
    "uncertainty": (_BY_COUNTS, "c.least_score"),
}


def document_ids(store: Store, query: ListQuery) -> list[int]:
    """The ids the list shows, in order: one query on indexes (two for Sure), about 50 ms
    for 100,000."""
    ids: list[int] = []
    for part in list_plan(store, query).parts():
        ids += [row[0] for row in store.execute(*part.select()).fetchall()]
    return ids


@dataclass(frozen=True)
class ListPlan:
    """The list's query: the table that drives it, its id column, its conditions and its order.

    `key` is the one sort expression an index yields in order (None: the id
    alone), so that the list can be read a page at a time from where the
    last page ended (store.list_pages). With `nulls_last`, the rows whose
    key is NULL come after the others whichever way the key is sorted, in
    id order: the list is read in two parts (`parts`), each an index walk.
    """

    table: str
    column: str
    where: tuple[str, ...]
    params: tuple[object, ...]
    key: str | None
    key_descending: bool
    descending: bool  # of the id, the last key
    nulls_last: bool = False

    def select(self, *, extra: str = "") -> tuple[str, list[object]]:
        """All the ids, in order; `extra` adds the key's value to each row."""
        direction = "DESC" if self.descending else "ASC"
        if self.key is not None:
            key_direction = "DESC" if self.key_descending else "ASC"
            order = f"{self.key} {key_direction}, {self.column} {direction}"
        else:
            order = f"{self.column} {direction}"
        sql = f"SELECT {self.column}{extra} FROM {self.table}"
        if self.where:
            sql += " WHERE " + " AND ".join(self.where)
        return f"{sql} ORDER BY {order}", list(self.params)

    def parts(self) -> tuple[ListPlan, ...]:
        """The plans whose rows, one after the other, are this plan's, in order."""
        if not self.nulls_last or self.key is None:
            return (self,)
        return (
            replace(self, where=(*self.where, f"{self.key} IS NOT NULL"), nulls_last=False),
            replace(self, where=(*self.where, f"{self.key} IS NULL"), key=None, nulls_last=False),
        )


def list_plan(store: Store, query: ListQuery) -> ListPlan:
    """The list's query for `query`: which table, which conditions, in which order."""
    (table, column), key = _ORDER.get(query.sort, _ORDER["id"])
    key_descending = query.descending != (query.sort == "status")
    if query.sort == "title":
        key = store.dialect.nocase("d.title")
    where: list[str] = []
    params: list[object] = []
    if query.label_id is not None and query.sort == "id":
        # In id order, the documents of a label come sorted out of document_labels.
        table, column = "document_labels l", "l.document_id"
        where.append("l.label_id = ? AND l.spans > 0")
        params.append(query.label_id)
    elif query.label_id is not None:
        where.append(
            f"{column} IN (SELECT document_id FROM document_labels "
            "WHERE label_id = ? AND spans > 0)"
        )
        params.append(query.label_id)
    if query.status:
        where.append(f'{column} IN (SELECT id FROM "document" WHERE status = ?)')
        params.append(query.status)
    if query.tag:
        where.append(
            f"{column} IN (SELECT dt.document_id FROM document_tag dt "
            "JOIN tag t ON t.id = dt.tag_id WHERE t.name = ?)"
        )
        params.append(query.tag)
    for condition, values in _chart_conditions(store, query, column):
        where.append(condition)
        params.extend(values)
    if query.search.strip():
        condition, values = matching_ids_condition(store, query.search.strip(), column)
        where.append(condition)
        params.extend(values)
    return ListPlan(
        table=table,
        column=column,
        where=tuple(where),
        params=tuple(params),
        key=key,
        key_descending=key_descending,
        descending=query.descending,
        nulls_last=query.sort == "uncertainty",
    )


def _chart_conditions(
    store: Store, query: ListQuery, column: str
) -> list[tuple[str, list[object]]]:
    """The filters a chart's bar sets, each as the documents it counts.

    A document done on a day is one whose status is done and whose last change
    fell on that UTC day, as "Documents done per day" counts it (store.statistics):
    the status index finds the done documents, a range on `updated_at` the day's.
    The documents given to an annotator come from the assignment index; those
    holding an annotator's spans from the span table, which has no index on
    the annotator (a full scan of the spans, read only while that filter is on).
    """
    found: list[tuple[str, list[object]]] = []
    if query.done_on:
        first = datetime.combine(date.fromisoformat(query.done_on), datetime.min.time())
        found.append(
            (
                f'{column} IN (SELECT id FROM "document" '
                "WHERE status = 'done' AND updated_at >= ? AND updated_at < ?)",
                [
                    store.dialect.timestamp(first),
                    store.dialect.timestamp(first + timedelta(days=1)),
                ],
            )
        )
    if query.given_to is not None:
        found.append(
            (
                f"{column} IN (SELECT document_id FROM assignment WHERE annotator = ?)",
                [query.given_to],
            )
        )
    if query.spans_by is not None:
        found.append(
            (f"{column} IN (SELECT document_id FROM span WHERE annotator = ?)", [query.spans_by])
        )
    return found


def document_rows(
    store: Store, ids: list[int], *, viewer: str = "", view: str = ALL
) -> dict[int, DocumentListRow]:
    """The rows of these documents; their Spans, Open and Sure count what `view` shows
    `viewer` (store.views: ALL, every annotator's spans, is the store's kept counts)."""
    if not ids:
        return {}
    tags = store.dialect.string_agg("name", ", ")
    rows = store.execute(
        f"SELECT d.id, d.title, d.status, COALESCE(c.accepted, 0), COALESCE(c.suggested, 0), "
        f"(SELECT {tags} FROM (SELECT t.name AS name FROM document_tag dt "
        f"JOIN tag t ON t.id = dt.tag_id WHERE dt.document_id = d.id ORDER BY t.name) AS names), "
        "c.least_score "
        f'FROM "document" d LEFT JOIN document_counts c ON c.document_id = d.id '
        f"WHERE d.id IN ({marks(len(ids))})",
        ids,
    ).fetchall()
    found = {
        row[0]: DocumentListRow(
            row[0], row[1], row[2], row[3], row[4], row[5] or "", _number(row[6])
        )
        for row in rows
    }
    for document_id, (accepted, suggested, least) in counts_in_view(
        store, ids, viewer, view
    ).items():
        if document_id in found:
            found[document_id] = replace(
                found[document_id], accepted=accepted, suggested=suggested, least_score=least
            )
    return found


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def document_info(store: Store, document_id: int) -> DocumentInfo | None:
    row = store.execute(
        "SELECT id, title, source, meta, status, text, version FROM document WHERE id = ?",
        (document_id,),
    ).fetchone()
    if row is None:
        return None
    return DocumentInfo(
        id=row[0],
        title=row[1],
        source=row[2],
        meta=json.loads(row[3] or "{}"),
        status=row[4],
        tags=tuple(document_tag_names(store, document_id)),
        text=row[5],
        version=row[6],
    )


def next_open_document(store: Store, after_id: int) -> int | None:
    """The next document (by id, wrapping round) that is not done."""
    row = (
        store.execute(
            "SELECT id FROM document WHERE status != 'done' AND id > ? ORDER BY id LIMIT 1",
            (after_id,),
        ).fetchone()
        or store.execute(
            "SELECT id FROM document WHERE status != 'done' AND id != ? ORDER BY id LIMIT 1",
            (after_id,),
        ).fetchone()
    )
    return row[0] if row else None


def corpus_progress(store: Store) -> tuple[int, int]:
    done, total = store.execute(f'SELECT {_DONE}, COUNT(*) FROM "document"').fetchone()
    return int(done), int(total)


def data_version(store: Store) -> int:
    """Changes when another connection commits: the window polls it to see outside edits."""
    if store.is_sqlite:
        return int(store.execute("PRAGMA data_version").fetchone()[0])
    return int(store.execute("SELECT COUNT(*) + COALESCE(MAX(id), 0) FROM document").fetchone()[0])


@dataclass(frozen=True)
class Occurrence:
    document_id: int
    title: str
    start: int
    end: int
    context: str


def find_occurrences(
    store: Store,
    needle: str,
    *,
    document_id: int | None = None,
    label_id: int | None = None,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Occurrence]:
    """Exact occurrences of `needle`, skipping places already labelled with `label_id`.

    Reads one document at a time, so a corpus-wide scan holds one text in
    memory and can stop (`cancelled`) between documents; `progress(done,
    total)` counts the documents that hold the needle.
    """
    if not needle:
        return []
    sql = f'SELECT id FROM "document" WHERE {store.dialect.contains("text", "?")}'
    params: list[object] = [needle]
    if document_id is not None:
        sql += " AND id = ?"
        params.append(document_id)
    ids = [row[0] for row in store.execute(sql + " ORDER BY id", params).fetchall()]
    found: list[Occurrence] = []
    for done, doc_id in enumerate(ids):
        if cancelled is not None and cancelled():
            break
        if progress is not None and done % 50 == 0:
            progress(done, len(ids))
        row = store.execute("SELECT title, text FROM document WHERE id = ?", (doc_id,)).fetchone()
        if row is None:  # deleted since the scan began
            continue
        title, text = row
        taken: set[tuple[int, int]] = set()
        if label_id is not None:
            taken = set(
                store.execute(
                    'SELECT "start", "end" FROM span WHERE document_id = ? AND label_id = ? '
                    "AND status != 'rejected'",
                    (doc_id, label_id),
                ).fetchall()
            )
        start = text.find(needle)
        while start >= 0:
            end = start + len(needle)
            if (start, end) not in taken:
                context = text[max(0, start - 40) : end + 40].replace("\n", " ")
                found.append(Occurrence(doc_id, title, start, end, context))
                if limit is not None and len(found) >= limit:
                    return found
            start = text.find(needle, end)
    return found
