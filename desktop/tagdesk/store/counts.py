"""Span counts kept beside the spans, so the document list and the statistics need not count.

- `document_counts`: accepted and suggested spans of each document (the list sorts by them);
- `document_labels`: for each label and document holding spans of it, how many are
  accepted or suggested and how many rejected (the label filter reads the documents of a
  label in id order from it; the statistics add it up). A row exists while either is above 0.

Triggers rather than code in each write path keep them: every writer (the
window, pre-annotation, another program on the same file) keeps the counts
right without knowing about them. A bulk import sets the insert triggers
aside inside its transaction and writes the counts itself (see store.bulk):
firing triggers for each of two million spans would cost more than the import.

On SQLite these are SQL triggers (TRIGGERS); a PostgreSQL server has the same
triggers in PL/pgSQL (store.server_schema), so the counts change in the
transaction that changes the spans on both engines.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from tagdesk.store.dialect import count_if, marks

if TYPE_CHECKING:
    from tagdesk.store.database import Store  # database imports the schema, which imports this

_ADD_LABELLED = (
    "INSERT INTO document_labels (label_id, document_id, spans, rejected) "
    "VALUES ({span}.label_id, {span}.document_id, {span}.status != 'rejected', "
    "{span}.status = 'rejected') ON CONFLICT (label_id, document_id) DO UPDATE "
    "SET spans = spans + excluded.spans, rejected = rejected + excluded.rejected; "
)
_REMOVE_LABELLED = (
    "UPDATE document_labels SET spans = spans - ({span}.status != 'rejected'), "
    "rejected = rejected - ({span}.status = 'rejected') "
    "WHERE label_id = {span}.label_id AND document_id = {span}.document_id; "
    "DELETE FROM document_labels WHERE label_id = {span}.label_id "
    "AND document_id = {span}.document_id AND spans <= 0 AND rejected <= 0; "
)
_ADD_COUNTED = (
    "UPDATE document_counts SET accepted = accepted + ({span}.status = 'accepted'), "
    "suggested = suggested + ({span}.status = 'suggested') "
    "WHERE document_id = {span}.document_id; "
)
_REMOVE_COUNTED = (
    "UPDATE document_counts SET accepted = accepted - ({span}.status = 'accepted'), "
    "suggested = suggested - ({span}.status = 'suggested') "
    "WHERE document_id = {span}.document_id; "
)

# name -> the statement that creates it; INSERT triggers are what a bulk import replaces.
TRIGGERS: dict[str, str] = {
    "document_counts_insert": (
        'CREATE TRIGGER document_counts_insert AFTER INSERT ON "document" BEGIN '
        "INSERT INTO document_counts (document_id, accepted, suggested) VALUES (new.id, 0, 0); "
        "END"
    ),
    "span_counts_insert": (
        "CREATE TRIGGER span_counts_insert AFTER INSERT ON span BEGIN "
        + _ADD_COUNTED.format(span="new")
        + _ADD_LABELLED.format(span="new")
        + "END"
    ),
    "span_counts_delete": (
        "CREATE TRIGGER span_counts_delete AFTER DELETE ON span BEGIN "
        + _REMOVE_COUNTED.format(span="old")
        + _REMOVE_LABELLED.format(span="old")
        + "END"
    ),
    "span_counts_update": (
        "CREATE TRIGGER span_counts_update AFTER UPDATE OF status, label_id, document_id "
        "ON span WHEN old.status != new.status OR old.label_id != new.label_id "
        "OR old.document_id != new.document_id BEGIN "
        + _REMOVE_COUNTED.format(span="old")
        + _REMOVE_LABELLED.format(span="old")
        + _ADD_COUNTED.format(span="new")
        + _ADD_LABELLED.format(span="new")
        + "END"
    ),
}
_ACCEPTED = count_if("s.status = 'accepted'")
_SUGGESTED = count_if("s.status = 'suggested'")
_KEPT = count_if("status != 'rejected'")
_REJECTED = count_if("status = 'rejected'")
INSERT_TRIGGERS = ("document_counts_insert", "span_counts_insert")
ADD_LABELLED_ROWS = (
    "INSERT INTO document_labels (label_id, document_id, spans, rejected) "
    "VALUES (?, ?, ?, ?) ON CONFLICT (label_id, document_id) DO UPDATE "
    "SET spans = document_labels.spans + excluded.spans, "
    "rejected = document_labels.rejected + excluded.rejected"
)


def create_tables(store: Store) -> None:
    """`document_labels`; `document_counts` is a model (store.models.DocumentCounts)."""
    store.execute(
        "CREATE TABLE IF NOT EXISTS document_labels ("
        "label_id INTEGER NOT NULL, document_id INTEGER NOT NULL, "
        "spans INTEGER NOT NULL, rejected INTEGER NOT NULL, "
        "PRIMARY KEY (label_id, document_id))" + (" WITHOUT ROWID" if store.is_sqlite else "")
    )


def create_triggers(store: Store) -> None:
    if store.is_sqlite:
        for sql in TRIGGERS.values():
            store.execute(sql)
    else:
        from tagdesk.store import server_schema

        server_schema.create_count_triggers(store)


def recount(store: Store, document_ids: Collection[int] | None = None) -> None:
    """Count the spans of every document again (or only those of `document_ids`)."""
    params: list[object] = []
    documents = spans = ""
    if document_ids is not None:
        if not document_ids:
            return
        documents = f"WHERE d.id IN ({marks(len(document_ids))}) "
        spans = f"WHERE document_id IN ({marks(len(document_ids))}) "
        params = list(document_ids)
    store.execute(
        "INSERT INTO document_counts (document_id, accepted, suggested) "
        "SELECT d.id, "
        f"{_ACCEPTED}, {_SUGGESTED} "
        f'FROM "document" d LEFT JOIN span s ON s.document_id = d.id {documents}'
        "GROUP BY d.id "
        "ON CONFLICT (document_id) DO UPDATE "
        "SET accepted = excluded.accepted, suggested = excluded.suggested",
        params,
    )
    store.execute(f"DELETE FROM document_labels {spans}", params)
    store.execute(
        "INSERT INTO document_labels (label_id, document_id, spans, rejected) "
        "SELECT label_id, document_id, "
        f"{_KEPT}, {_REJECTED} "
        f"FROM span {spans}GROUP BY label_id, document_id",
        params,
    )


def counts(store: Store, document_ids: Collection[int]) -> dict[int, tuple[int, int]]:
    """(accepted, suggested) by document id."""
    if not document_ids:
        return {}
    rows = store.execute(
        f"SELECT document_id, accepted, suggested FROM document_counts "
        f"WHERE document_id IN ({marks(len(document_ids))})",
        list(document_ids),
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}
