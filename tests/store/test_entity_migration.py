"""Schema 10 and on: a database of schema 9 gains the entity tables and links, its spans kept."""

from __future__ import annotations

import pytest

from tagdesk.core.errors import StoreError
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store, counts, entity_schema, open_store, operations, versions
from tagdesk.store.change_sets import History
from tagdesk.store.editing import document_spans
from tagdesk.store.entity_actions import EntityDraft
from tagdesk.store.importing import import_documents
from tagdesk.store.schema import SCHEMA_VERSION, read_version, write_version


def as_schema_9(store: Store) -> None:
    """Take away what schemas 10 to 12 added, as a file written by the Tagdesk before them."""
    from tests.store.test_relation_migration import as_schema_11

    as_schema_11(store)
    with store.write_transaction():  # schema 11: assignments, the span an own one came from
        store.execute('ALTER TABLE "span" DROP COLUMN "derived_from"')
        store.execute('DROP TABLE "assignment"')
    if store.is_sqlite:
        store.execute("PRAGMA foreign_keys = OFF")  # SQLite drops a foreign key column by a rebuild
    with store.write_transaction():
        if store.is_sqlite:
            for name in entity_schema.SQLITE_TRIGGERS:
                store.execute(f'DROP TRIGGER "{name}"')
        else:
            store.execute('DROP TRIGGER "span_entity_label" ON "span"')
            store.execute('DROP TRIGGER "entity_label" ON "entity"')
        store.execute('DROP INDEX "span_entity_id"')
        if store.is_sqlite:
            (sql,) = store.execute("SELECT sql FROM sqlite_master WHERE name = 'span'").fetchone()
            sql = sql.replace(', "entity_id" INTEGER', "").replace(
                ', FOREIGN KEY ("entity_id") REFERENCES "entity" ("id") ON DELETE RESTRICT', ""
            )
            columns = ", ".join(
                f'"{row[1]}"'
                for row in store.execute('PRAGMA table_info("span")')
                if row[1] != "entity_id"
            )
            store.execute(sql.replace('CREATE TABLE "span"', 'CREATE TABLE "span_old"'))
            store.execute(f'INSERT INTO "span_old" ({columns}) SELECT {columns} FROM "span"')
            store.execute('DROP TABLE "span"')
            store.execute('ALTER TABLE "span_old" RENAME TO "span"')
            for name, trigger in counts.TRIGGERS.items():
                if name.startswith("span_"):  # went with the table
                    store.execute(trigger)
            versions.create_triggers(store)  # the span's went with the table too
        else:
            store.execute('ALTER TABLE "span" DROP COLUMN "entity_id"')
        for table in ("entity_former_key", "entity_alias", "entity"):
            store.execute(f'DROP TABLE "{table}"')
        write_version(store, 9)
    if store.is_sqlite:
        store.execute("PRAGMA foreign_keys = ON")


def test_a_schema_9_database_migrates_with_its_spans(store: Store) -> None:
    text = "Qasem Soleimani in Baghdad."
    spans = [IncomingSpan(0, 15, "PERSON"), IncomingSpan(19, 26, "GPE")]
    import_documents(store, [IncomingDocument(text=text, spans=spans)], annotator="a", source="t")
    before = [(s.id, s.start, s.end, s.label_id) for s in document_spans(store, 1)]
    as_schema_9(store)
    assert "entity_id" not in {column.name for column in store.db.get_columns("span")}
    target = store.target
    store.close()
    with open_store(target) as migrated:
        assert read_version(migrated) == SCHEMA_VERSION
        assert [(s.id, s.start, s.end, s.label_id) for s in document_spans(migrated, 1)] == before
        assert all(span.entity_id is None for span in document_spans(migrated, 1))
        history = History()
        person, _ = operations.create_entity(
            migrated, history, EntityDraft("Qasem Soleimani", before[0][3])
        )
        operations.link_spans(migrated, history, [before[0][0]], person.id)
        assert document_spans(migrated, 1)[0].entity_id == person.id
        with (
            pytest.raises(StoreError, match="links only to an entity of its own label"),
            migrated.write_transaction(),
        ):
            migrated.execute(
                "UPDATE span SET entity_id = ? WHERE id = ?", (person.id, before[1][0])
            )
