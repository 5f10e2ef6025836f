"""The store tests run on both engines: a SQLite file, and a database on the test server.

A test that reads SQLite's own insides (its file through a second sqlite3
connection, PRAGMAs, AUTOINCREMENT) is listed in SQLITE_ONLY, by module and
name (or `module::*` for a whole module), and runs on SQLite alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

SQLITE_ONLY = {
    "test_editing::test_a_lock_held_too_long_is_a_clear_error_and_changes_nothing",
    "test_editing::test_span_table_ids_are_autoincrement",
    "test_editing::test_undo_never_takes_over_a_span_another_writer_added",
    "test_span_ids::test_sqlite_advances_the_sequence_for_ids_the_import_chose",
    "test_span_ids::test_undo_of_a_delete_whose_label_was_deleted_since_is_refused",
    "test_span_ids::test_undo_refuses_to_put_a_span_back_over_another_one",
    "test_span_ids::test_writers_interleaved_never_share_an_id",
    "test_transactions::test_a_transaction_holds_the_write_lock_from_its_first_read",
    "test_transactions::test_a_write_refused_for_too_long_is_one_line",
    # Compares the file's rows before and after through a second sqlite3 connection,
    # which is also the other writer; the server's turn-taking is in tests/postgres.
    "test_change_sets::*",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        module = metafunc.module.__name__.rsplit(".", 1)[-1]
        only_sqlite = bool(
            {f"{module}::{metafunc.function.__name__}", f"{module}::*"} & SQLITE_ONLY
        )
        engines = ["sqlite"] if only_sqlite else ["sqlite", "postgresql"]
        metafunc.parametrize("engine", engines, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def store(engine: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[object]:
    from tagdesk.store import open_store

    target = str(db_path) if engine == "sqlite" else request.getfixturevalue("postgres_url")
    with open_store(target) as opened:
        yield opened
