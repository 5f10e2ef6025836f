"""The schema and the transactions on a real PostgreSQL server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tagdesk.core.errors import StoreError
from tagdesk.core.incoming import IncomingDocument
from tagdesk.store import open_store
from tagdesk.store.document_list import ListQuery, document_ids
from tagdesk.store.editing import apply_span_states, create_span
from tagdesk.store.importing import import_documents
from tagdesk.store.schema import SCHEMA_VERSION

REPO = Path(__file__).resolve().parents[2]


def test_a_new_database_gets_the_schema_and_a_newer_one_is_refused(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        assert store.created
        assert store.dialect.read_version(store) == SCHEMA_VERSION
        store.execute("UPDATE setting SET value = ? WHERE key = 'schema_version'", ("99",))
    with pytest.raises(StoreError, match=r"written by a newer Tagdesk \(schema 99"):
        open_store(postgres_url)
    with open_store(postgres_url, schema_version=99, migrations={}) as store:
        assert not store.created  # this Tagdesk, were it that new, opens it


def test_span_ids_come_from_the_sequence_and_are_never_reused(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        import_documents(store, [IncomingDocument("Qasem Soleimani")], annotator="a", source="t")
        first = create_span(store, 1, 0, 5, 1, annotator="a")
        apply_span_states(store, [(first.id, None)], replacing=[(first.id, first)])
        second = create_span(store, 1, 0, 5, 1, annotator="a")
        assert second.id > first.id
        import_documents(
            store, [IncomingDocument("Mosul fell.")], annotator="a", source="t"
        )  # a bulk import after: its ids continue the sequence
        third = create_span(store, 2, 0, 5, 1, annotator="a")
        assert third.id == second.id + 1
        assert [row[0] for row in store.execute('SELECT id FROM "document" ORDER BY id')] == [1, 2]


def test_titles_sort_as_sqlite_sorts_them(postgres_url: str, tmp_path: Path) -> None:
    titles = ["beta", "Alpha", "_under", "Zulu", "émile", "alpha2", "ALPHA"]
    orders = []
    for target in (str(tmp_path / "t.db"), postgres_url):
        with open_store(target) as store:
            import_documents(
                store,
                [IncomingDocument(f"text {i}", title=t) for i, t in enumerate(titles)],
                annotator="a",
                source="t",
            )
            orders.append(document_ids(store, ListQuery(sort="title")))
    assert orders[0] == orders[1]


WRITER = """
import sys
import time
from tagdesk.store import open_store
from tagdesk.store.settings import get_setting, set_setting

with open_store(sys.argv[1]) as store:
    for _ in range(int(sys.argv[2])):
        with store.atomic():  # read, then write what was read plus one
            value = int(get_setting(store, "counter") or 0)
            time.sleep(0.003)  # room for the other process to read the same value
            set_setting(store, "counter", str(value + 1))
"""


def test_two_processes_writing_at_once_lose_nothing(postgres_url: str) -> None:
    """Read-then-write transactions in two processes: each waits for the other's commit."""
    with open_store(postgres_url):
        pass
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"))
    rounds = 200
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, postgres_url, str(rounds)], env=env)
        for _ in range(2)
    ]
    assert [writer.wait(timeout=100) for writer in writers] == [0, 0]
    with open_store(postgres_url) as store:
        from tagdesk.store.settings import get_setting

        assert get_setting(store, "counter") == str(2 * rounds)
