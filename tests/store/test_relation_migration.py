"""Schema 11 to 12 on a file (after its backup) and on a server: the relation tables come,
with the default relation types, every row already there is kept, and the database's own
rules hold from then on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tagdesk.core.errors import StoreError
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.relations import default_relation_types
from tagdesk.store import Store, open_store, relation_schema
from tagdesk.store.editing import document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.schema import SCHEMA_VERSION, write_version
from tests.store.old_schemas import as_schema_12

TABLES = ("document", "span", "label", "tag", "span_tag", "document_tag", "setting")


def as_schema_11(store: Store) -> None:
    """Take away what schema 12 added, as a file written by the Tagdesk before it."""
    as_schema_12(store)
    with store.write_transaction():
        if store.is_sqlite:
            store.execute('DROP TRIGGER IF EXISTS "span_relation_document"')
        else:
            store.execute('DROP TRIGGER IF EXISTS "span_relation_document" ON "span"')
            for function in ("tagdesk_relation_spans", "tagdesk_span_relation_document"):
                store.execute(f"DROP FUNCTION IF EXISTS {function}() CASCADE")
        store.execute('DROP TABLE "relation"')
        store.execute('DROP TABLE "relation_type"')
        write_version(store, 11)


def rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: [tuple(row) for row in store.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2')]
        for table in TABLES
    }


def test_a_schema_11_database_gets_relations_and_keeps_every_row(store: Store) -> None:
    text = "Qasem Soleimani commands the Quds Force."
    spans = [IncomingSpan(0, 15, "PERSON"), IncomingSpan(25, 39, "ORG", tags=["checked"])]
    import_documents(
        store, [IncomingDocument(text=text, spans=spans, tags=["wire"])], annotator="a", source="t"
    )
    as_schema_11(store)
    before = rows(store)
    assert not store.db.table_exists("relation")
    target = store.target
    store.close()
    with open_store(target) as migrated:
        assert migrated.dialect.read_version(migrated) == SCHEMA_VERSION
        assert rows(migrated) == {**before, "setting": rows(migrated)["setting"]}
        names = [
            row[0] for row in migrated.execute('SELECT name FROM "relation_type" ORDER BY position')
        ]
        assert names == [spec.name for spec in default_relation_types()]
        head, child = (span.id for span in document_spans(migrated, 1))
        with migrated.write_transaction():
            migrated.execute(
                "INSERT INTO relation (document_id, type_id, head_span_id, child_span_id, status, "
                "source, note, annotator, created_at, updated_at) "
                "VALUES (1, 1, ?, ?, 'accepted', 'manual', '', 'a', ?, ?)",
                (head, child, "2026-01-01 00:00:00", "2026-01-01 00:00:00"),
            )
        # The rules of a new database hold on a migrated one: a span a relation names
        # cannot be deleted, and the row's version moves with every change.
        with pytest.raises(StoreError), migrated.write_transaction():
            migrated.execute("DELETE FROM span WHERE id = ?", (head,))
        assert [s.id for s in document_spans(migrated, 1)] == [head, child]
        with migrated.write_transaction():
            migrated.execute("UPDATE relation SET note = 'later'")
        assert migrated.execute("SELECT version FROM relation").fetchone()[0] == 2
        with (
            pytest.raises(StoreError, match=relation_schema.OTHER_DOCUMENT),
            migrated.write_transaction(),
        ):
            migrated.execute("UPDATE relation SET head_span_id = child_span_id + 100")
    if store.is_sqlite:
        (backup,) = Path(target).parent.glob(f"{Path(target).name}.v11-*.bak")
        old = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
        try:
            assert old.execute("PRAGMA user_version").fetchone()[0] == 11
            assert old.execute('SELECT * FROM "span" ORDER BY 1').fetchall() == before["span"]
            tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
            assert "relation" not in tables
        finally:
            old.close()


def test_a_migrated_database_opens_again_without_a_second_set_of_types(store: Store) -> None:
    as_schema_11(store)
    target = store.target
    store.close()
    for _ in range(2):
        with open_store(target) as migrated:
            count = migrated.execute('SELECT COUNT(*) FROM "relation_type"').fetchone()[0]
            assert count == len(default_relation_types())
