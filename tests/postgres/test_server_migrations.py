"""Schema versions on a server: an older database is migrated when opened, a newer one refused.

The older databases are built as Tagdesk built them: version 8 as open_store
made it before the search words had a table of their own
(schema_v8_before_words.sql, dumped from that Tagdesk), and version 7 as that
less what version 8 added (the token origin and the span group columns), each
filled with rows through the server's own triggers; and version 12, the last before
schema 13, from schema_v12.sql, dumped from the Tagdesk of that version.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from tagdesk.core.errors import StoreError
from tagdesk.core.relations import default_relation_types
from tagdesk.paths import without_password
from tagdesk.store import open_store
from tagdesk.store.dialect import WRITE_LOCK_KEY
from tagdesk.store.document_list import ListQuery, document_ids
from tagdesk.store.editing import create_span
from tagdesk.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.conftest import SEEDS, tagdesk_command
from tests.helpers import database_fingerprint, query, set_schema_version

OLD_SCHEMA = Path(__file__).with_name("schema_v8_before_words.sql")
TEXTS = (
    "Qasem Soleimani visited Tikrit.\nMore later.",
    "Café talk in Erbil.\nMosul fell.",
    "A report on Amerli.\nNothing else.",
)
# What a row of each kind held, read back the same way before and after.
KEPT = {
    "document": 'SELECT id, text, title, source, meta, sha256, status FROM "document" ORDER BY id',
    "span": 'SELECT id, document_id, "start", "end", label_id, source, status, note, annotator, '
    "meta FROM span ORDER BY id",
    "label": "SELECT id, name, colour, hotkey, description, position FROM label ORDER BY id",
    "tag": "SELECT * FROM tag ORDER BY id",
    "document_tag": "SELECT * FROM document_tag ORDER BY 1, 2",
    "span_tag": "SELECT * FROM span_tag ORDER BY 1, 2",
    "document_tokens": "SELECT document_id, tokenizer, data FROM document_tokens ORDER BY 1",
    "counts": "SELECT document_id, accepted, suggested FROM document_counts ORDER BY 1",
    "labels": "SELECT * FROM document_labels ORDER BY 1, 2",
}


def build_old(url: str, version: int) -> None:
    """A server database at `version` as the Tagdesk of that version left it, with rows."""
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(OLD_SCHEMA.read_text(encoding="utf-8"))
    if version == 7:
        for sql in (
            "ALTER TABLE document_tokens DROP COLUMN origin",
            "ALTER TABLE span DROP COLUMN span_group",
            "UPDATE setting SET value = '7' WHERE key = 'schema_version'",
        ):
            query(url, sql)
    rows = [
        (
            "INSERT INTO document (text, title, source, meta, sha256, status, created_at, "
            "updated_at) VALUES (?, ?, 'old.jsonl', '{}', md5(?), ?, now(), now())",
            (text, text.split("\n")[0], text, status),
        )
        for text, status in zip(TEXTS, ("todo", "in_progress", "done"), strict=True)
    ]
    span = (
        'INSERT INTO span (document_id, "start", "end", label_id, source, status, note, '
        "annotator, created_at, updated_at, meta) VALUES (?, ?, ?, "
        "(SELECT id FROM label WHERE name = ?), 'manual', ?, ?, 'erin', now(), now(), '{}')"
    )
    rows += [
        (span, (1, 0, 15, "PERSON", "accepted", "")),
        (span, (1, 24, 30, "GPE", "suggested", "city")),
        (span, (2, 13, 18, "GPE", "rejected", "")),
        ("INSERT INTO tag (name) VALUES ('checked'), ('doubt')", ()),
        ("INSERT INTO document_tag VALUES (1, 1), (3, 1)", ()),
        ("INSERT INTO span_tag VALUES (2, 2)", ()),
        (
            "INSERT INTO document_tokens (document_id, tokenizer, data) "
            "VALUES (1, 'spacy:en', '\\x01'::bytea)",
            (),
        ),
    ]
    for sql, params in rows:
        query(url, sql, params)


def kept(url: str) -> dict[str, list[tuple[Any, ...]]]:
    return {name: query(url, sql) for name, sql in KEPT.items()}


def version(url: str) -> int:
    (row,) = query(url, "SELECT value FROM setting WHERE key = 'schema_version'")
    return int(row[0])


def has_table(url: str, name: str) -> bool:
    return bool(query(url, "SELECT 1 FROM pg_tables WHERE tablename = ?", (name,)))


def columns(url: str, table: str) -> set[str]:
    rows = query(url, "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                 (table,))  # fmt: skip
    return {name for (name,) in rows}


def searched(url: str, typed: str) -> list[int]:
    with open_store(url) as store:
        return document_ids(store, ListQuery(search=typed))


@pytest.mark.parametrize("old", [7, 8])
def test_an_older_server_database_is_migrated_keeping_every_row(
    postgres_url: str, old: int
) -> None:
    build_old(postgres_url, old)
    before = kept(postgres_url)
    assert not has_table(postgres_url, "document_words")

    with open_store(postgres_url) as store:
        assert not store.created
    assert version(postgres_url) == SCHEMA_VERSION
    assert kept(postgres_url) == before
    assert {"origin"} <= columns(postgres_url, "document_tokens")
    assert {"span_group"} <= columns(postgres_url, "span")
    assert query(postgres_url, "SELECT origin FROM document_tokens") == [("tokenizer",)]
    assert query(postgres_url, "SELECT DISTINCT span_group FROM span") == [("",)]
    # Schema 13: the list's kept sort keys, worked out for the documents there before.
    assert query(
        postgres_url, "SELECT document_id, least_score, tag_key FROM document_counts ORDER BY 1"
    ) == [(1, None, "#checked"), (2, None, ""), (3, None, "#checked")]
    for table in ("document", "span", "label"):  # schema 9: every row at its first version
        assert query(postgres_url, f'SELECT DISTINCT version FROM "{table}"') == [(1,)]
    # The search reads the words table now, filled for the documents there before,
    # and the index over the texts it replaces is gone.
    assert query(postgres_url, "SELECT document_id FROM document_words ORDER BY 1") == [
        (1,),
        (2,),
        (3,),
    ]
    assert not query(postgres_url, "SELECT 1 FROM pg_indexes WHERE indexname = 'document_search'")
    # Schema 12: the relation tables, with the default types, and their change notices.
    assert query(postgres_url, "SELECT name FROM relation_type ORDER BY position") == [
        (spec.name,) for spec in default_relation_types()
    ]
    assert query(postgres_url, "SELECT COUNT(*) FROM relation") == [(0,)]
    assert query(
        postgres_url,
        "SELECT COUNT(*) FROM pg_trigger WHERE tgname IN "
        "('tagdesk_notice_relation', 'tagdesk_notice_relation_type', 'relation_version')",
    ) == [(3,)]
    assert searched(postgres_url, "cafe") == [2]
    assert searched(postgres_url, "soleimani tikrit") == []
    assert searched(postgres_url, "visited tikr") == [1]

    # What is written after the migration is counted and found as on a new database.
    with open_store(postgres_url) as store:
        create_span(store, 3, 12, 18, 3, annotator="erin")
        store.execute(
            'UPDATE "document" SET text = ? WHERE id = ?', ("A report on Kirkuk.\nNothing.", 3)
        )
    assert query(postgres_url, "SELECT accepted FROM document_counts WHERE document_id = 3") == [
        (1,)
    ]
    assert searched(postgres_url, "kirkuk") == [3]
    assert searched(postgres_url, "amerli") == []


def test_a_migrated_database_opens_again_unchanged(postgres_url: str) -> None:
    build_old(postgres_url, 7)
    open_store(postgres_url).close()
    after = database_fingerprint(postgres_url)
    open_store(postgres_url).close()
    assert database_fingerprint(postgres_url) == after


def test_a_failing_migration_is_rolled_back_whole(postgres_url: str) -> None:
    build_old(postgres_url, 7)
    before = database_fingerprint(postgres_url)

    def broken(store: Any) -> None:
        MIGRATIONS[7](store)  # the real step, its columns added, and then a failure
        store.execute("SELECT * FROM no_such_table")

    with pytest.raises(Exception, match="no_such_table"):
        open_store(postgres_url, migrations={**MIGRATIONS, 7: broken})
    assert database_fingerprint(postgres_url) == before
    assert version(postgres_url) == 7
    assert "span_group" not in columns(postgres_url, "span")
    assert not has_table(postgres_url, "document_words")
    with open_store(postgres_url) as store:  # and the real migration runs after it
        assert store.dialect.read_version(store) == SCHEMA_VERSION


def test_a_driver_error_in_a_step_is_one_line_and_rolled_back(postgres_url: str) -> None:
    """The real step 7 on a real version 7 database, then the column it added added again:
    psycopg2 refuses it (DuplicateColumn, a ProgrammingError)."""
    build_old(postgres_url, 7)
    before = database_fingerprint(postgres_url)

    def twice(store: Any) -> None:
        MIGRATIONS[7](store)
        store.execute("ALTER TABLE span ADD COLUMN span_group INTEGER")

    with pytest.raises(StoreError) as refused:
        open_store(postgres_url, migrations={**MIGRATIONS, 7: twice})
    assert str(refused.value) == (
        f"{without_password(postgres_url)}: cannot be migrated from schema 7 to 8 "
        '(DuplicateColumn: column "span_group" of relation "span" already exists); '
        "nothing was changed, it is still at schema 7"
    )
    assert database_fingerprint(postgres_url) == before
    assert version(postgres_url) == 7
    assert "span_group" not in columns(postgres_url, "span")
    with open_store(postgres_url) as store:
        assert store.dialect.read_version(store) == SCHEMA_VERSION


def test_the_migration_waits_for_the_write_lock_and_runs_once(postgres_url: str) -> None:
    """Another writer holds the lock every Tagdesk writer takes: the migration waits for it,
    then finds the version it read before the lock still old, and migrates once."""
    build_old(postgres_url, 7)
    holder = psycopg2.connect(postgres_url)
    with holder.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
    failures: list[BaseException] = []

    def open_it() -> None:
        try:
            open_store(postgres_url).close()
        except BaseException as error:
            failures.append(error)

    openers = [threading.Thread(target=open_it) for _ in range(2)]
    for opener in openers:
        opener.start()
    time.sleep(1.0)
    assert all(opener.is_alive() for opener in openers)
    assert version(postgres_url) == 7
    holder.commit()  # the lock is let go
    holder.close()
    for opener in openers:
        opener.join(timeout=30)
    assert failures == []
    assert version(postgres_url) == SCHEMA_VERSION
    assert query(postgres_url, "SELECT count(*) FROM document_words") == [(3,)]


def test_a_newer_server_database_is_refused_as_a_newer_file_is_and_nothing_changes(
    postgres_url: str, tmp_path: Path
) -> None:
    refusals = []
    for target in (str(tmp_path / "newer.sqlite3"), postgres_url):
        open_store(target).close()
        set_schema_version(target, SCHEMA_VERSION + 1)
        before = database_fingerprint(target)
        with pytest.raises(StoreError) as refused:
            open_store(target)
        assert database_fingerprint(target) == before
        refusals.append(str(refused.value).replace(without_password(target), "LOCATION", 1))
    assert (
        refusals
        == [
            f"LOCATION: was written by a newer Tagdesk (schema {SCHEMA_VERSION + 1}; "
            f"this version reads up to {SCHEMA_VERSION}). Update Tagdesk to open it."
        ]
        * 2
    )


def test_the_command_line_works_on_an_older_server_database(postgres_url: str) -> None:
    """The first command on it migrates it; what it reports counts the old rows and the new."""
    build_old(postgres_url, 7)
    command = [*tagdesk_command(), "import", str(SEEDS), "--db", postgres_url]
    imported = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert "5 documents added" in imported.stdout
    command = [*tagdesk_command(), "stats", "--json", "--db", postgres_url]
    stats = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert figures["documents"]["total"] == 8
    assert figures["spans"]["total"] == 3
    assert version(postgres_url) == SCHEMA_VERSION
    assert searched(postgres_url, "soleimani") != []


SCHEMA_12 = Path(__file__).with_name("schema_v12.sql")


def build_12(url: str) -> None:
    """A server database as the Tagdesk of schema 12 left it (schema_v12.sql), with documents,
    scored open suggestions, tags, and a relation the rules proposed, written through its own
    triggers."""
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(SCHEMA_12.read_text(encoding="utf-8"))
    document = (
        "INSERT INTO document (text, title, source, meta, sha256, status, created_at, "
        "updated_at) VALUES (?, ?, 'old.jsonl', '{}', md5(?), 'todo', now(), now())"
    )
    span = (
        'INSERT INTO span (document_id, "start", "end", label_id, source, status, note, '
        "annotator, created_at, updated_at, meta) VALUES (?, ?, ?, "
        "(SELECT id FROM label WHERE name = ?), 'm@1', ?, '', 'erin', now(), now(), ?)"
    )
    rows: list[tuple[str, tuple[object, ...]]] = [
        (document, (text, text.split("\n")[0], text)) for text in TEXTS
    ]
    rows += [
        (span, (1, 0, 15, "PERSON", "suggested", '{"score": 0.75}')),
        (span, (1, 24, 30, "GPE", "suggested", '{"score": 0.5}')),
        (span, (2, 13, 18, "GPE", "suggested", "{}")),
        (span, (3, 12, 18, "GPE", "suggested", '{"score": 0.25}')),
        (span, (3, 0, 1, "PERSON", "accepted", '{"score": 0.1}')),  # not open: no key
        ("INSERT INTO tag (name) VALUES ('checked'), ('Zeta'), ('ümlaut')", ()),
        ("INSERT INTO document_tag VALUES (1, 3), (2, 2), (2, 1)", ()),
        (
            "INSERT INTO relation (document_id, type_id, head_span_id, child_span_id, status, "
            "source, note, annotator, created_at, updated_at) VALUES (1, (SELECT id FROM "
            "relation_type WHERE name = 'LOCATED_IN'), 1, 2, 'suggested', 'rules:m@1', '', '', "
            "now(), now())",
            (),
        ),
    ]
    for sql, params in rows:
        query(url, sql, params)


def test_a_schema_12_server_database_gets_the_kept_list_keys_and_the_relation_log(
    postgres_url: str,
) -> None:
    build_12(postgres_url)
    assert version(postgres_url) == 12
    before = kept(postgres_url)
    with open_store(postgres_url) as store:
        assert not store.created
        least_sure = document_ids(store, ListQuery(sort="uncertainty"))
        by_tags = document_ids(store, ListQuery(sort="tags", descending=True))
    assert version(postgres_url) == SCHEMA_VERSION
    assert kept(postgres_url) == before
    assert query(
        postgres_url, "SELECT document_id, least_score, tag_key FROM document_counts ORDER BY 1"
    ) == [(1, 0.5, "#ümlaut"), (2, None, "#Zeta"), (3, 0.25, "")]
    assert least_sure == [3, 1, 2]  # the least sure first, the unscored last
    assert by_tags == [1, 2, 3]  # by code point: 'Z' before 'ü', the untagged last
    assert query(  # the relation the rules proposed, logged by its ends
        postgres_url,
        "SELECT document_id, head_start, child_start, source FROM relation_suggestion_log",
    ) == [(1, 0, 24, "rules:m@1")]
    # The triggers keep the keys for what is written after the migration.
    with open_store(postgres_url) as store:
        create_span(store, 2, 0, 4, 1, annotator="erin", status="suggested")
        store.execute("UPDATE span SET meta = '{\"score\": 0.05}' WHERE document_id = 2")
        store.execute("DELETE FROM document_tag WHERE document_id = 1")
        assert document_ids(store, ListQuery(sort="uncertainty")) == [2, 3, 1]
    assert query(
        postgres_url, "SELECT document_id, least_score, tag_key FROM document_counts ORDER BY 1"
    ) == [(1, 0.5, ""), (2, 0.05, "#Zeta"), (3, 0.25, "")]
