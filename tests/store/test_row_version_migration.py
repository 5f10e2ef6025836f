"""Schema 8 to 9 on a file (after its backup) and on a server: every row gets version 1,
every row is kept, and the triggers bump versions from then on. (Versions 10 and 11 then add
the entity tables, each span's link and the team tables, none for the rows already there.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store, open_store
from tagdesk.store.importing import import_documents
from tagdesk.store.schema import SCHEMA_VERSION
from tagdesk.store.versions import VERSIONED
from tests.store.test_entity_migration import as_schema_9

TABLES = ("document", "span", "label", "tag", "span_tag", "document_tag")


def rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: [tuple(row) for row in store.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2')]
        for table in TABLES
    }


def make_version_8(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """The database as Tagdesk 8 left it: no version columns, no triggers for them."""
    import_documents(
        store,
        [
            IncomingDocument(
                text="Qasem Soleimani visited Tikrit.",
                tags=["wire"],
                spans=[IncomingSpan(0, 15, "PERSON", tags=["checked"])],
            )
        ],
        annotator="a",
        source="t",
    )
    as_schema_9(store)
    with store.write_transaction():
        for table in VERSIONED:
            if store.is_sqlite:
                store.execute(f'DROP TRIGGER "{table}_version"')
            else:
                store.execute(f'DROP TRIGGER "{table}_version" ON "{table}"')
            store.execute(f'ALTER TABLE "{table}" DROP COLUMN version')
        store.dialect.write_version(store, 8)
    return rows(store)


def test_a_version_8_database_gets_row_versions_and_keeps_every_row(
    store: Store, tmp_path: Path
) -> None:
    before = make_version_8(store)
    target = store.target
    store.close()
    with open_store(target) as migrated:
        assert migrated.dialect.read_version(migrated) == SCHEMA_VERSION
        after = rows(migrated)
        for table in TABLES:  # the columns the rows had, then version 1 on the versioned ones
            tail = (1,) if table in VERSIONED else ()
            if table == "span":
                tail = (1, None, None)  # and no entity, no span it came from
            assert after[table] == [(*row, *tail) for row in before[table]], table
        with migrated.write_transaction():
            migrated.execute("UPDATE span SET note = 'later' WHERE id = 1")
        assert migrated.execute("SELECT version FROM span WHERE id = 1").fetchone()[0] == 2
    if store.is_sqlite:
        (backup,) = Path(target).parent.glob(f"{Path(target).name}.v8-*.bak")
        old = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
        try:
            assert old.execute("PRAGMA user_version").fetchone()[0] == 8
            assert old.execute('SELECT * FROM "span" ORDER BY 1').fetchall() == before["span"]
        finally:
            old.close()
