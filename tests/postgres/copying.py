"""Databases to copy, and every row of one read back for comparison."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import SEEDS
from tests.helpers import write_jsonl

REPO = Path(__file__).resolve().parents[2]
# FTS5 keeps the search index in tables of its own; the index is checked, not compared.
SEARCH_TABLES = ("document_fts",)


def tagdesk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(REPO / "desktop"), **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "tagdesk", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


def ok(*args: str) -> str:
    result = tagdesk(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def rich_source(folder: Path, *, preannotate: bool = True) -> Path:
    """A file with something in every table: spans with meta and groups, suggestions and
    their log, tokens, tags on documents and spans, notes, statuses, a renamed and a new
    label, settings, assignments, an own span made from another, relations, and a deleted
    span whose id must never come back."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "source.sqlite3"
    spans = write_jsonl(
        folder / "spans.jsonl",
        [
            {
                "text": "Qasem Soleimani visited Tikrit. Café talk in Erbil, naïvely.",
                "spans": [
                    {"start": 0, "end": 15, "label": "PERSON"},
                    {"start": 24, "end": 30, "label": "GPE"},
                    {"start": 45, "end": 50, "label": "GPE"},
                ],
                "meta": {"source": "wire", "score": 0.5, "nested": {"ü": [1, 2]}},
            },
            {"text": "Mosul fell.", "spans": [{"start": 0, "end": 5, "label": "GPE"}]},
        ],
    )
    ok("import", *[str(p) for p in sorted(SEEDS.glob("*.txt"))], "--db", str(path))
    ok("import", str(spans), "--db", str(path))
    if preannotate:
        ok("preannotate", "--relations", "--db", str(path))
    ok("tokenize", "--db", str(path))
    ok(
        "assign",
        "--db",
        str(path),
        "--annotators",
        "ana,ben",
        "--overlap",
        "2",
        "--documents",
        "1",
        "2",
    )
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("INSERT INTO tag (name) VALUES ('checked'), ('später')")
        connection.execute("INSERT INTO document_tag (document_id, tag_id) VALUES (1, 1), (6, 2)")
        first_span = connection.execute("SELECT MIN(id) FROM span").fetchone()[0]
        connection.execute("INSERT INTO span_tag (span_id, tag_id) VALUES (?, 2)", (first_span,))
        connection.execute(
            "UPDATE span SET note = 'an unclear one; ask Lena', status = 'rejected' WHERE id = ?",
            (first_span,),
        )
        connection.execute(  # an analyst's own span, made from another
            "UPDATE span SET annotator = 'ana', derived_from = ? WHERE id = ?",
            (first_span, first_span + 1),
        )
        connection.execute("UPDATE assignment SET status = 'done' WHERE annotator = 'ben'")
        connection.execute("UPDATE document SET status = 'done' WHERE id IN (1, 6)")
        connection.execute("UPDATE document SET status = 'in_progress' WHERE id = 2")
        connection.execute("UPDATE label SET name = 'PLACE', colour = '#123456' WHERE name = 'GPE'")
        connection.execute(
            "INSERT INTO label (name, colour, hotkey, description, position) "
            "VALUES ('WEAPON', '#ff0000', 'w', 'arms and such', 40)"
        )
        connection.execute("INSERT INTO setting (key, value) VALUES ('window', '{\"w\": 3}')")
        connection.execute(  # a model's score on an open suggestion: the list's Sure key
            "UPDATE span SET meta = '{\"score\": 0.25}' WHERE id = "
            "(SELECT MIN(id) FROM span WHERE status = 'suggested' AND id > ?)",
            (first_span + 1,),
        )
        last_span = connection.execute("SELECT MAX(id) FROM span").fetchone()[0]
        connection.execute("DELETE FROM span WHERE id = ?", (last_span,))  # its id stays taken
        last_tag = connection.execute("SELECT MAX(id) FROM tag").fetchone()[0]
        connection.execute("INSERT INTO tag (name) VALUES ('gone')")
        connection.execute("DELETE FROM tag WHERE id > ?", (last_tag,))
        _add_entities(connection, first_span)
        _add_relations(connection)
    connection.close()
    return path


def _add_relations(connection: sqlite3.Connection) -> None:
    """A relation with a note and meta between two spans of one document, a renamed and a new
    relation type, and a deleted relation whose id must never come back."""
    head, child, other = (
        row[0]
        for row in connection.execute(
            "SELECT id FROM span WHERE document_id = (SELECT document_id FROM span "
            "GROUP BY document_id HAVING COUNT(*) >= 3 ORDER BY document_id LIMIT 1) "
            "ORDER BY id LIMIT 3"
        )
    )
    document = connection.execute("SELECT document_id FROM span WHERE id = ?", (head,)).fetchone()
    connection.execute("UPDATE relation_type SET name = 'VISITED', heads = '[]' WHERE id = 4")
    connection.execute(
        "INSERT INTO relation_type (name, colour, hotkey, directed, heads, children, "
        "description, position) VALUES ('NEAR', '#00ff00', 'n', 0, '[]', '[]', 'close by', 9)"
    )
    insert = (
        "INSERT INTO relation (document_id, type_id, head_span_id, child_span_id, status, source, "
        "note, annotator, created_at, updated_at, meta) VALUES (?, ?, ?, ?, ?, 'brat', ?, 'ana', "
        "'2020-01-03 00:00:00', '2020-01-03 00:00:00', ?)"
    )
    connection.execute(insert, (document[0], 4, head, child, "accepted", "ask Lena", '{"R": 1}'))
    connection.execute(insert, (document[0], 7, child, other, "suggested", "", None))
    last = connection.execute(insert, (document[0], 7, head, other, "rejected", "", None))
    connection.execute("DELETE FROM relation WHERE id = ?", (last.lastrowid,))


def _add_entities(connection: sqlite3.Connection, span_id: int) -> None:
    """An entity linked to the span, with an alias, a former key and an external id, and a
    deleted entity whose id must never come back."""
    person = connection.execute("SELECT label_id FROM span WHERE id = ?", (span_id,)).fetchone()[0]
    connection.execute(
        "INSERT INTO entity (key, name, label_id, description, external_id, created_at, "
        "updated_at) VALUES ('qasem-soleimani-1', 'Qasem Soleimani', ?, 'IRGC general', "
        "'Q312135', '2020-01-03 00:00:00', '2020-01-03 00:00:00')",
        (person,),
    )
    connection.execute("INSERT INTO entity_alias (entity_id, alias) VALUES (1, 'Qassem Suleimani')")
    connection.execute("INSERT INTO entity_former_key (key, entity_id) VALUES ('suleimani-2', 1)")
    connection.execute("UPDATE span SET entity_id = 1 WHERE id = ?", (span_id,))
    connection.execute(
        "INSERT INTO entity (key, name, label_id, created_at, updated_at) "
        "VALUES ('gone-2', 'Gone', ?, '2020-01-03', '2020-01-03')",
        (person,),
    )
    connection.execute("DELETE FROM entity WHERE key = 'gone-2'")


def file_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (sqlite_sequence too), as column -> value, in a fixed order."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if not row[0].startswith(SEARCH_TABLES)
        ]
        return {
            table: sorted(
                (dict(row) for row in connection.execute(f'SELECT * FROM "{table}"')), key=repr
            )
            for table in tables
        }
    finally:
        connection.close()


def server_rows(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table on a server database, and each sequence's state."""
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [row[0] for row in cursor.fetchall()]
            found: dict[str, list[dict[str, Any]]] = {}
            for table in tables:
                cursor.execute(f'SELECT * FROM "{table}"')
                names = [column.name for column in cursor.description]
                found[table] = sorted(
                    (
                        {
                            n: bytes(v) if isinstance(v, memoryview) else v
                            for n, v in zip(names, row, strict=True)
                        }
                        for row in cursor.fetchall()
                    ),
                    key=repr,
                )
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
            found["sequences"] = [{"name": n, "last": v} for n, v in cursor.fetchall()]
        return found
    finally:
        connection.close()


def server_tables(url: str) -> list[str]:
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'v', 'S') AND n.nspname = 'public' ORDER BY 1"
            )
            return [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tagdesk: error: ")
    return lines[0]
