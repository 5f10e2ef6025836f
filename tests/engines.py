"""Which tests run on both engines: a SQLite file, and a database on the test server.

A folder's conftest calls `parametrize_engines` from its `pytest_generate_tests`;
every test there whose fixtures reach `engine` (through `db_path` or `store`,
see tests/conftest.py) then runs once on each engine, and `db_path` is a
file's path on SQLite and a fresh database's URL on the server. A test about
a SQLite file as such (backups, its locks, WAL, PRAGMAs, a second sqlite3
connection as another writer) is named in the folder's SQLITE_ONLY with the
reason, by `module::name` or `module::*`, and runs on SQLite alone. A folder
that runs only some tests on the server names them in `both` instead.
"""

from __future__ import annotations

from collections.abc import Collection

import pytest

ENGINES = ("sqlite", "postgresql")


def _names(metafunc: pytest.Metafunc) -> set[str]:
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    return {f"{module}::{metafunc.function.__name__}", f"{module}::*"}


def parametrize_engines(
    metafunc: pytest.Metafunc,
    *,
    sqlite_only: Collection[str] = (),
    both: Collection[str] | None = None,
) -> None:
    """Run the test on both engines unless `sqlite_only` names it (or `both` does not)."""
    if "engine" not in metafunc.fixturenames:
        return
    names = _names(metafunc)
    on_server = bool(names & set(both)) if both is not None else not names & set(sqlite_only)
    engines = list(ENGINES) if on_server else ["sqlite"]
    metafunc.parametrize("engine", engines, indirect=True)
