"""Schema 8: where a document's tokens came from, and the DocBin group of each span."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tagdesk.nlp.tokens import spacy_tokenizer
from tagdesk.store import open_store
from tagdesk.store.schema import SCHEMA_VERSION
from tagdesk.store.tokens import document_tokens
from tests.helpers import write_jsonl
from tests.store.test_schema import make_old_file, old_columns, pragma, table_rows


def test_a_version_5_file_gains_token_origins_and_span_groups_and_keeps_its_rows(
    db_path: Path, tmp_path: Path
) -> None:
    text = "Qasem Soleimani visited Tikrit."
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [{"text": text, "spans": [{"start": 0, "end": 15, "label": "PERSON", "tags": ["a"]}]}],
    )
    make_old_file(db_path, source, 5)
    with sqlite3.connect(db_path) as connection:  # tokens an older Tagdesk kept, long ago
        connection.execute(
            "INSERT INTO document_tokens (document_id, tokenizer, data) "
            "VALUES (1, 'spacy-0/en', x'')"
        )
    connection.close()
    before = table_rows(db_path)
    assert len(before["span"][0]) == 11
    assert len(before["document_tokens"][0]) == 3

    with open_store(db_path) as store:
        assert not store.created
        # Tokenizer tokens are a cache: a stale one is made again, as before schema 8.
        assert document_tokens(store, 1, spacy_tokenizer())[:2] == [(0, 5, True), (6, 15, True)]
        origin = store.execute("SELECT origin FROM document_tokens").fetchall()

    after = table_rows(db_path)
    assert pragma(db_path, "user_version") == SCHEMA_VERSION == 9
    assert origin == [("tokenizer",)]
    assert after["span"] == [(*before["span"][0], "{}", "", None)]
    assert old_columns(after, {k: v for k, v in before.items() if k != "document_tokens"}) == {
        k: v for k, v in before.items() if k != "document_tokens"
    }
    (backup,) = db_path.parent.glob(f"{db_path.name}.v5-*.bak")
    assert table_rows(backup) == before


def test_a_migrated_file_refuses_an_unknown_token_origin(db_path: Path, tmp_path: Path) -> None:
    make_old_file(db_path, write_jsonl(tmp_path / "in.jsonl", [{"text": "Tikrit"}]), 5)
    open_store(db_path).close()
    connection = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            connection.execute(
                "INSERT INTO document_tokens (document_id, tokenizer, data, origin) "
                "VALUES (1, 'x', x'', 'guess')"
            )
    finally:
        connection.close()
