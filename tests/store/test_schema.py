from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tagdesk.core.errors import StoreError
from tagdesk.core.relations import default_relation_types
from tagdesk.store import Store, open_store
from tagdesk.store.reading import label_names
from tagdesk.store.schema import SCHEMA_VERSION
from tests.helpers import database_fingerprint, is_server
from tests.store.old_schemas import file_as_schema_12


def pragma(path: Path, name: str) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        connection.close()


def test_new_file_is_wal_versioned_and_has_the_default_scheme(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert store.created
        assert store.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        names = label_names(store)
    assert names[:4] == ["PERSON", "ORG", "GPE", "LOC"]
    assert len(names) == 18
    assert pragma(db_path, "journal_mode") == "wal"
    assert pragma(db_path, "user_version") == SCHEMA_VERSION


def test_reopening_does_not_recreate(db_path: Path) -> None:
    open_store(db_path).close()
    with open_store(db_path) as store:
        assert not store.created


def test_file_from_a_newer_tagdesk_is_refused(db_path: Path) -> None:
    open_store(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    connection.close()
    with pytest.raises(StoreError, match="newer Tagdesk"):
        open_store(db_path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("this is an article, not a database\n" * 20)
    with pytest.raises(StoreError, match=r"notes\.sqlite3: is not a Tagdesk database"):
        open_store(path)
    assert path.read_text().startswith("this is an article")


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE stuff (x)")
    connection.close()
    with pytest.raises(StoreError, match="not a Tagdesk database"):
        open_store(path)


def test_older_file_is_migrated_after_a_backup(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.execute("INSERT INTO tag (name) VALUES ('kept')")

    def add_column(store: Store) -> None:
        store.execute("ALTER TABLE tag ADD COLUMN colour TEXT DEFAULT '#000000'")

    with open_store(
        db_path, migrations={SCHEMA_VERSION: add_column}, schema_version=SCHEMA_VERSION + 1
    ) as store:
        rows = store.execute("SELECT name, colour FROM tag").fetchall()
    assert rows == [("kept", "#000000")]
    assert pragma(db_path, "user_version") == SCHEMA_VERSION + 1
    backups = list(db_path.parent.glob(f"{db_path.name}.v{SCHEMA_VERSION}-*.bak"))
    assert len(backups) == 1
    assert pragma(backups[0], "user_version") == SCHEMA_VERSION
    connection = sqlite3.connect(backups[0])
    assert connection.execute("SELECT name FROM tag").fetchall() == [("kept",)]
    connection.close()


def test_a_failing_migration_leaves_the_file_as_it_was(db_path: Path) -> None:
    open_store(db_path).close()

    def broken(store: Store) -> None:
        store.execute("ALTER TABLE tag ADD COLUMN extra TEXT")
        store.execute("SELECT * FROM no_such_table")

    with pytest.raises(Exception, match="no_such_table"):
        open_store(db_path, migrations={SCHEMA_VERSION: broken}, schema_version=SCHEMA_VERSION + 1)
    connection = sqlite3.connect(db_path)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(tag)")]
    connection.close()
    assert "extra" not in columns
    assert pragma(db_path, "user_version") == SCHEMA_VERSION


def test_a_step_the_driver_refuses_is_one_line_naming_step_and_database(
    db_path: Path | str,
) -> None:
    """A real statement the engine refuses (SQLite's OperationalError, psycopg2's
    ProgrammingError): one line that names the step and the database, and nothing changed."""
    with open_store(db_path) as store:
        store.execute("INSERT INTO tag (name) VALUES ('kept')")
        location = store.location
    before = database_fingerprint(db_path)

    def clashing(store: Store) -> None:
        store.execute("ALTER TABLE tag ADD COLUMN extra TEXT")
        store.execute("ALTER TABLE tag ADD COLUMN name TEXT")  # tag has a name already

    with pytest.raises(StoreError) as refused:
        open_store(
            db_path, migrations={SCHEMA_VERSION: clashing}, schema_version=SCHEMA_VERSION + 1
        )
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(
        f"{location}: cannot be migrated from schema {SCHEMA_VERSION} to {SCHEMA_VERSION + 1} ("
    )
    assert message.endswith(f"); nothing was changed, it is still at schema {SCHEMA_VERSION}")
    reason = "DuplicateColumn" if is_server(db_path) else "OperationalError: duplicate column name"
    assert reason in message
    assert "name" in message
    assert database_fingerprint(db_path) == before
    with open_store(db_path) as store:
        assert store.dialect.read_version(store) == SCHEMA_VERSION
        assert store.execute("SELECT name FROM tag").fetchall() == [("kept",)]


def test_missing_migration_step_is_reported(db_path: Path) -> None:
    open_store(db_path).close()
    with pytest.raises(StoreError, match="no migration"):
        open_store(db_path, migrations={}, schema_version=SCHEMA_VERSION + 1)


def test_a_version_1_file_migrates_keeps_its_rows_and_leaves_a_backup(db_path: Path) -> None:
    from tagdesk.nlp.tokens import spacy_tokenizer
    from tagdesk.store.tokens import document_tokens

    connection = sqlite3.connect(db_path)
    connection.executescript((Path(__file__).parent / "schema_v1.sql").read_text())
    connection.executescript(
        """
        INSERT INTO label VALUES (1, 'PERSON', '#aa9cfc', 'p', '', 0);
        INSERT INTO tag VALUES (1, 'checked');
        INSERT INTO document VALUES (1, 'Qasem Soleimani in Tikrit', 'T', 's', '{}', 'abc',
            'done', '2024-01-01 00:00:00', '2024-01-01 00:00:00');
        INSERT INTO document_tag VALUES (1, 1);
        INSERT INTO span VALUES (1, 1, 0, 15, 1, 'manual', 'accepted', 'the general', 'rana',
            '2024-01-01 00:00:00', '2024-01-01 00:00:00');
        INSERT INTO span_tag VALUES (1, 1);
        """
    )
    connection.commit()
    tables = ["document", "label", "span", "tag", "span_tag", "document_tag", "setting"]
    before = {t: connection.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    connection.close()
    assert pragma(db_path, "user_version") == 1

    with open_store(db_path) as store:
        assert not store.created
        after = {t: store.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
        assert document_tokens(store, 1, spacy_tokenizer())[:2] == [(0, 5, True), (6, 15, True)]
    # Version 7 gave each span a metadata column, version 8 a group: empty for spans already there;
    # version 9 spans, documents and labels a version, 1 for every row already there; version 10
    # each span an entity and version 11 the span it came from, none for spans already there.
    assert after == {
        **before,
        "span": [(*row, "{}", "", 1, None, None) for row in before["span"]],
        "document": [(*row, 1) for row in before["document"]],
        "label": [(*row, 1) for row in before["label"]],
    }
    assert pragma(db_path, "user_version") == SCHEMA_VERSION
    connection = sqlite3.connect(db_path)
    indexes = connection.execute(
        "SELECT name FROM sqlite_master WHERE tbl_name='span' AND type='index'"
    ).fetchall()
    connection.close()
    assert indexes
    assert_ids_never_reused(db_path)
    backups = list(db_path.parent.glob(f"{db_path.name}.v1-*.bak"))
    assert len(backups) == 1
    assert pragma(backups[0], "user_version") == 1
    connection = sqlite3.connect(backups[0])
    assert connection.execute("SELECT text FROM document").fetchall() == [
        ("Qasem Soleimani in Tikrit",)
    ]
    connection.close()


def assert_ids_never_reused(path: Path) -> None:
    """The newest span, label and tag deleted, and another made: each gets a new id."""
    from tagdesk.store.labels import delete_label

    with open_store(path) as store:
        for table, insert in (
            (
                "span",
                'INSERT INTO span (document_id, "start", "end", label_id, source, '
                "status, note, annotator, created_at, updated_at) VALUES (1, 0, 5, 1, 'manual', "
                "'accepted', '', '', '2024-01-01', '2024-01-01')",
            ),
            (
                "label",
                "INSERT INTO label (name, colour, hotkey, description, position) "
                "VALUES ('{name}', '#000000', '', '', 99)",
            ),
            ("tag", "INSERT INTO tag (name) VALUES ('{name}')"),
        ):
            with store.atomic():
                store.execute(insert.format(name=f"{table}-one"))
                (newest,) = store.execute(f'SELECT MAX(id) FROM "{table}"').fetchone()
                if table == "label":
                    delete_label(store, newest)
                else:
                    store.execute(f'DELETE FROM "{table}" WHERE id = ?', (newest,))
                store.execute(insert.format(name=f"{table}-two"))
                (again,) = store.execute(f'SELECT MAX(id) FROM "{table}"').fetchone()
            assert again == newest + 1, table


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
            )
        ]
        return {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2').fetchall()
            for table in tables
        }
    finally:
        connection.close()


def make_old_file(path: Path, source: Path, version: int) -> None:
    """A file as an older Tagdesk wrote it (version 1, 3 or 5), with documents, spans and tags."""
    from tagdesk.transfer import import_paths

    with open_store(path) as store:
        import_paths(store, [source], annotator="tester")
        store.execute("INSERT INTO setting (key, value) VALUES ('window.width', '1280')")
    connection = sqlite3.connect(path)
    file_as_schema_12(connection)
    if version < 5:
        triggers = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        for (name,) in triggers.fetchall():
            connection.execute(f'DROP TRIGGER "{name}"')
        connection.execute("DROP TABLE document_fts")
        connection.execute("DROP TABLE document_counts")
        connection.execute("DROP TABLE document_labels")
        connection.execute("DROP INDEX document_title_nocase")
        connection.execute('CREATE INDEX "span_label_id" ON "span" ("label_id")')
    connection.execute('DROP TRIGGER IF EXISTS "span_relation_document"')  # schema 12
    connection.execute("DROP TABLE relation")
    connection.execute("DROP TABLE relation_type")
    connection.execute('ALTER TABLE "span" DROP COLUMN "derived_from"')  # schema 11
    connection.execute("DROP TABLE assignment")
    for table in ("span", "document", "label"):  # schema 9's row versions
        connection.execute(f'DROP TRIGGER IF EXISTS "{table}_version"')
        connection.execute(f'ALTER TABLE "{table}" DROP COLUMN "version"')
    connection.execute('ALTER TABLE "span" DROP COLUMN "span_group"')
    connection.execute('ALTER TABLE "span" DROP COLUMN "meta"')
    connection.execute('ALTER TABLE "document_tokens" DROP COLUMN "origin"')
    if version < 3:
        connection.execute("DROP TABLE suggestion_log")
        connection.execute("DROP TABLE preannotation")
        connection.execute("DROP TABLE document_tokens")
    connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    connection.close()


def old_columns(
    after: dict[str, list[tuple[object, ...]]], before: dict[str, list[tuple[object, ...]]]
) -> dict[str, list[tuple[object, ...]]]:
    """`after`'s tables in `before`, cut to the columns they had: migrations add them at the end.

    The columns cut off must hold their defaults (schemas 7 to 11: no span metadata, no
    span group, tokens from the tokenizer, version 1, no entity, no span an own one came
    from; schema 13: no sort key).
    """
    defaults = {
        "span": {("{}", "", 1, None, None), ("{}", "", 1, None)},
        "document_tokens": {("tokenizer",)},
        "document": {(1,)},
        "label": {(1,)},
        "document_counts": {(None, "")},  # schema 13's sort keys: no suggestion, no tag
    }
    # A file make_old_file wrote keeps the span's entity column (SQLite drops no foreign-key
    # column), so it is among the columns the rows had, not one a migration added.
    cut = {}
    for table, rows in before.items():
        width = len(rows[0]) if rows else None
        cut[table] = [row[:width] for row in after[table]]
        if table == "sqlite_sequence":  # schema 12's default relation types took ids 1 to 6
            assert ("relation_type", len(default_relation_types())) in cut[table]
            cut[table] = [row for row in cut[table] if row[0] != "relation_type"]
            continue
        if width is not None:
            tails = {row[width:] for row in after[table]}
            assert len(tails) <= 1
            assert tails <= defaults.get(table, {()})
    return cut


def make_version_1_file(path: Path, source: Path) -> None:
    make_old_file(path, source, 1)


def test_a_version_1_file_migrates_keeping_every_row_and_leaves_a_backup(
    db_path: Path, tmp_path: Path
) -> None:
    from tests.helpers import write_jsonl

    text = "Qasem Soleimani visited Tikrit."
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "text": text,
                "tags": ["iraq"],
                "spans": [
                    {"start": 0, "end": 15, "label": "PERSON", "tags": ["checked"]},
                    {"start": 24, "end": 30, "label": "GPE", "status": "suggested"},
                ],
            }
        ],
    )
    make_version_1_file(db_path, source)
    before = table_rows(db_path)
    assert "suggestion_log" not in before
    assert len(before["span"]) == 2

    with open_store(db_path) as store:
        assert not store.created

    after = table_rows(db_path)
    assert pragma(db_path, "user_version") == SCHEMA_VERSION
    assert old_columns(after, before) == before
    assert after["document_tokens"] == []
    assert after["suggestion_log"] == []
    assert after["preannotation"] == []
    backups = list(db_path.parent.glob(f"{db_path.name}.v1-*.bak"))
    assert len(backups) == 1
    assert pragma(backups[0], "user_version") == 1
    assert table_rows(backups[0]) == before


def test_a_read_only_version_1_file_is_refused_not_half_migrated(
    db_path: Path, tmp_path: Path
) -> None:
    from tests.helpers import read_only, write_jsonl

    make_version_1_file(db_path, write_jsonl(tmp_path / "in.jsonl", [{"text": "Tikrit"}]))
    before = table_rows(db_path)
    with read_only(db_path), pytest.raises(StoreError, match="read-only, so it cannot be upgraded"):
        open_store(db_path)
    assert table_rows(db_path) == before
    assert pragma(db_path, "user_version") == 1
    assert not list(db_path.parent.glob("*.bak"))


def test_the_command_line_opens_a_version_1_file_after_a_backup(
    db_path: Path, tmp_path: Path
) -> None:
    import json
    import subprocess

    from tests.conftest import tagdesk_command
    from tests.helpers import write_jsonl

    source = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "text": "Qasem Soleimani in Tikrit",
                "spans": [{"start": 0, "end": 15, "label": "PERSON"}],
            }
        ],
    )
    make_version_1_file(db_path, source)
    before = table_rows(db_path)
    result = subprocess.run(
        [*tagdesk_command(), "stats", "--json", "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["spans"]["by_label"] == {"PERSON": 1}
    assert pragma(db_path, "user_version") == SCHEMA_VERSION
    after = table_rows(db_path)
    assert old_columns(after, before) == before
    (backup,) = db_path.parent.glob(f"{db_path.name}.v1-*.bak")
    assert table_rows(backup) == before


def test_a_version_3_file_gets_counts_and_the_search_index(db_path: Path, tmp_path: Path) -> None:
    from tagdesk.store.document_list import ListQuery, document_ids
    from tests.helpers import write_jsonl

    source = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "text": "Qasem Soleimani visited Tikrit.",
                "spans": [
                    {"start": 0, "end": 15, "label": "PERSON"},
                    {"start": 24, "end": 30, "label": "GPE", "status": "suggested"},
                    {"start": 16, "end": 23, "label": "EVENT", "status": "rejected"},
                ],
            },
            {"text": "Haider al-Abadi spoke in Baghdad."},
        ],
    )
    make_old_file(db_path, source, 3)
    before = table_rows(db_path)
    assert "document_counts" not in before

    with open_store(db_path) as store:
        label_names_ids = dict(store.execute("SELECT name, id FROM label").fetchall())
        assert document_ids(store, ListQuery(search="tikrit")) == [1]
        assert document_ids(store, ListQuery(search="Abadi")) == [2]

    after = table_rows(db_path)
    assert pragma(db_path, "user_version") == SCHEMA_VERSION
    assert old_columns(after, before) == before
    assert after["document_counts"] == [(1, 1, 1, None, ""), (2, 0, 0, None, "")]
    person, gpe, event = (label_names_ids[name] for name in ("PERSON", "GPE", "EVENT"))
    assert sorted(after["document_labels"]) == sorted(
        [(person, 1, 1, 0), (gpe, 1, 1, 0), (event, 1, 0, 1)]
    )
    backups = list(db_path.parent.glob(f"{db_path.name}.v3-*.bak"))
    assert len(backups) == 1
    assert table_rows(backups[0]) == before


def test_a_new_database_never_reuses_ids(db_path: Path) -> None:
    with open_store(db_path) as store, store.atomic():
        store.execute(
            "INSERT INTO document (text, title, source, meta, sha256, status, created_at, "
            "updated_at) VALUES ('Mosul', '', '', '{}', 'x', 'todo', '2024-01-01', '2024-01-01')"
        )
    assert_ids_never_reused(db_path)
