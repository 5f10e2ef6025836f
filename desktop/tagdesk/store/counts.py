"""Accepted and suggested spans per document, kept in `document_counts` by triggers.

Triggers rather than code in each write path: every writer (the window,
pre-annotation, another program on the same file) keeps the counts right
without knowing about them. A bulk import sets the insert triggers aside
inside its transaction and writes the counts itself (see store.bulk): firing
a trigger for each of two million spans would cost more than the import.

SQLite only; a server database gets the table, filled by imports and
`recount`, but no triggers yet.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tagdesk.store.database import Store  # database imports the schema, which imports this

# name -> the statement that creates it; INSERT triggers are what a bulk import replaces.
TRIGGERS: dict[str, str] = {
    "document_counts_insert": (
        'CREATE TRIGGER document_counts_insert AFTER INSERT ON "document" BEGIN '
        "INSERT INTO document_counts (document_id, accepted, suggested) VALUES (new.id, 0, 0); "
        "END"
    ),
    "span_counts_insert": (
        "CREATE TRIGGER span_counts_insert AFTER INSERT ON span "
        "WHEN new.status != 'rejected' BEGIN "
        "UPDATE document_counts SET accepted = accepted + (new.status = 'accepted'), "
        "suggested = suggested + (new.status = 'suggested') "
        "WHERE document_id = new.document_id; END"
    ),
    "span_counts_delete": (
        "CREATE TRIGGER span_counts_delete AFTER DELETE ON span "
        "WHEN old.status != 'rejected' BEGIN "
        "UPDATE document_counts SET accepted = accepted - (old.status = 'accepted'), "
        "suggested = suggested - (old.status = 'suggested') "
        "WHERE document_id = old.document_id; END"
    ),
    "span_counts_update": (
        "CREATE TRIGGER span_counts_update AFTER UPDATE OF status, document_id ON span "
        "WHEN old.status != new.status OR old.document_id != new.document_id BEGIN "
        "UPDATE document_counts SET accepted = accepted - (old.status = 'accepted'), "
        "suggested = suggested - (old.status = 'suggested') "
        "WHERE document_id = old.document_id; "
        "UPDATE document_counts SET accepted = accepted + (new.status = 'accepted'), "
        "suggested = suggested + (new.status = 'suggested') "
        "WHERE document_id = new.document_id; END"
    ),
}
INSERT_TRIGGERS = ("document_counts_insert", "span_counts_insert")


def create_triggers(store: Store) -> None:
    if store.is_sqlite:
        for sql in TRIGGERS.values():
            store.execute(sql)


def recount(store: Store, document_ids: Collection[int] | None = None) -> None:
    """Count every document's spans again (or only those of `document_ids`)."""
    where = ""
    params: list[object] = []
    if document_ids is not None:
        if not document_ids:
            return
        where = f"WHERE d.id IN ({', '.join([store.param] * len(document_ids))}) "
        params = list(document_ids)
    store.execute(
        "INSERT INTO document_counts (document_id, accepted, suggested) "
        "SELECT d.id, "
        "COALESCE(SUM(CASE WHEN s.status = 'accepted' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN s.status = 'suggested' THEN 1 ELSE 0 END), 0) "
        f'FROM "document" d LEFT JOIN span s ON s.document_id = d.id {where}'
        "GROUP BY d.id "
        "ON CONFLICT (document_id) DO UPDATE "
        "SET accepted = excluded.accepted, suggested = excluded.suggested",
        params,
    )


def counts(store: Store, document_ids: Collection[int]) -> dict[int, tuple[int, int]]:
    """(accepted, suggested) by document id."""
    if not document_ids:
        return {}
    marks = ", ".join([store.param] * len(document_ids))
    rows = store.execute(
        f"SELECT document_id, accepted, suggested FROM document_counts "
        f"WHERE document_id IN ({marks})",
        list(document_ids),
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}
