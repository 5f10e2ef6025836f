"""`tagdesk tokenize`: what the window runs in the background so that it never tokenizes."""

from __future__ import annotations

import json
from pathlib import Path

from tagdesk.nlp.tokens import tokenize
from tagdesk.store.tokens import decode_tokens
from tests.cli.test_cli import tagdesk
from tests.conftest import SEEDS
from tests.helpers import Connection, database_fingerprint


def kept(path: Path) -> dict[int, list[tuple[int, int, bool]]]:
    connection = Connection(path)
    try:
        rows = connection.execute("SELECT document_id, data FROM document_tokens").fetchall()
    finally:
        connection.close()
    return {document_id: list(decode_tokens(bytes(data))) for document_id, data in rows}


def texts(path: Path) -> dict[int, str]:
    connection = Connection(path)
    try:
        return dict(connection.execute('SELECT id, text FROM "document"').fetchall())
    finally:
        connection.close()


def test_documents_given_get_spacys_tokens_in_the_order_given(db_path: Path) -> None:
    assert tagdesk("import", "--db", str(db_path), str(SEEDS)).returncode == 0
    done = tagdesk(
        "tokenize", "--db", str(db_path), "--documents", "3", "1", "99", "--progress", "json"
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines == [
        {"event": "progress", "documents": [3, 1], "done": 2, "total": 2},
        {"event": "finished", "documents": 2},
    ]  # 99 names no document: skipped
    stored = texts(db_path)
    assert kept(db_path) == {3: tokenize(stored[3]), 1: tokenize(stored[1])}


def test_with_no_documents_named_every_document_without_tokens_gets_them_once(
    db_path: Path,
) -> None:
    assert tagdesk("import", "--db", str(db_path), str(SEEDS)).returncode == 0
    first = tagdesk("tokenize", "--db", str(db_path))
    assert (first.returncode, first.stdout) == (0, "tokens kept for 5 documents\n")
    assert sorted(kept(db_path)) == [1, 2, 3, 4, 5]
    before = database_fingerprint(db_path)
    again = tagdesk("tokenize", "--db", str(db_path), "--documents", "2")
    assert (again.returncode, again.stdout) == (0, "tokens kept for 0 documents\n")
    assert database_fingerprint(db_path) == before


def test_a_database_that_is_not_there_is_not_made(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite3"
    done = tagdesk("tokenize", "--db", str(missing))
    assert done.returncode == 1
    assert done.stderr.startswith("tagdesk: error: ")
    assert "Traceback" not in done.stderr
    assert not missing.exists()
