"""The queries behind the document list: ids in order, then rows a page at a time."""

from __future__ import annotations

import json
from dataclasses import dataclass

from tagdesk.core.records import DocumentInfo
from tagdesk.store.database import Store
from tagdesk.store.editing import document_tag_names

SORT_KEYS = ("id", "title", "status", "accepted", "suggested", "tags")


@dataclass(frozen=True)
class ListQuery:
    status: str | None = None
    label_id: int | None = None
    tag: str | None = None
    search: str = ""
    sort: str = "id"
    descending: bool = False


@dataclass(frozen=True)
class DocumentListRow:
    id: int
    title: str
    status: str
    accepted: int
    suggested: int
    tags: str


_ORDER = {
    "id": "d.id",
    "title": "d.title COLLATE NOCASE",
    "status": "CASE d.status WHEN 'todo' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END",
    "accepted": "(SELECT COUNT(*) FROM span s WHERE s.document_id = d.id AND s.status='accepted')",
    "suggested": "(SELECT COUNT(*) FROM span s WHERE s.document_id = d.id "
    "AND s.status='suggested')",
    "tags": "(SELECT MIN(t.name) FROM document_tag dt JOIN tag t ON t.id = dt.tag_id "
    "WHERE dt.document_id = d.id)",
}


def document_ids(store: Store, query: ListQuery) -> list[int]:
    where: list[str] = []
    params: list[object] = []
    if query.status:
        where.append("d.status = ?")
        params.append(query.status)
    if query.label_id is not None:
        where.append(
            "EXISTS (SELECT 1 FROM span s WHERE s.document_id = d.id AND s.label_id = ? "
            "AND s.status != 'rejected')"
        )
        params.append(query.label_id)
    if query.tag:
        where.append(
            "EXISTS (SELECT 1 FROM document_tag dt JOIN tag t ON t.id = dt.tag_id "
            "WHERE dt.document_id = d.id AND t.name = ?)"
        )
        params.append(query.tag)
    if query.search.strip():
        where.append("instr(lower(d.text), ?) > 0")
        params.append(query.search.strip().lower())
    order = _ORDER.get(query.sort, "d.id")
    direction = "DESC" if query.descending else "ASC"
    sql = "SELECT d.id FROM document d"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order} {direction}, d.id {direction}"
    return [row[0] for row in store.execute(sql, params).fetchall()]


def document_rows(store: Store, ids: list[int]) -> dict[int, DocumentListRow]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.execute(
        f"SELECT d.id, d.title, d.status, "
        f"(SELECT COUNT(*) FROM span s WHERE s.document_id = d.id AND s.status = 'accepted'), "
        f"(SELECT COUNT(*) FROM span s WHERE s.document_id = d.id AND s.status = 'suggested'), "
        f"(SELECT group_concat(name, ', ') FROM (SELECT t.name FROM document_tag dt "
        f"JOIN tag t ON t.id = dt.tag_id WHERE dt.document_id = d.id ORDER BY t.name)) "
        f"FROM document d WHERE d.id IN ({marks})",
        ids,
    ).fetchall()
    return {
        row[0]: DocumentListRow(row[0], row[1], row[2], row[3], row[4], row[5] or "")
        for row in rows
    }


def document_info(store: Store, document_id: int) -> DocumentInfo | None:
    row = store.execute(
        "SELECT id, title, source, meta, status, text FROM document WHERE id = ?", (document_id,)
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
    done, total = store.execute(
        "SELECT COALESCE(SUM(status = 'done'), 0), COUNT(*) FROM document"
    ).fetchone()
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
    store: Store, needle: str, *, document_id: int | None = None, label_id: int | None = None
) -> list[Occurrence]:
    """Exact occurrences of `needle`, skipping places already labelled with `label_id`."""
    if not needle:
        return []
    sql = "SELECT id, title, text FROM document WHERE instr(text, ?) > 0"
    params: list[object] = [needle]
    if document_id is not None:
        sql += " AND id = ?"
        params.append(document_id)
    found: list[Occurrence] = []
    for doc_id, title, text in store.execute(sql + " ORDER BY id", params).fetchall():
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
            start = text.find(needle, end)
    return found
