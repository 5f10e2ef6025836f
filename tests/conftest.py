from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user folders; nothing touches the real ones."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("TAGDESK_DB", raising=False)
    monkeypatch.setenv("TAGDESK_ANNOTATOR", "tester")
    return home


@pytest.fixture(autouse=True)
def isolated_runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A runtime folder of its own for the window's one-per-database socket (a short path)."""
    runtime = Path(tempfile.mkdtemp(prefix="td-"))
    runtime.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    yield runtime
    shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine the test's database is on: SQLite unless its folder runs it on both
    (tests/engines.py)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def db_path(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path | str]:
    """Where the test's database goes, not made yet: a file's path on SQLite, the URL of a
    fresh, empty database on the test server for a test run on both engines.

    A test that also takes `store` gets the server database as the store's opening
    makes it, copied from a database Tagdesk made once for the session (a template,
    a tenth of a second quicker than making the schema each time).
    """
    if engine == "sqlite":
        yield tmp_path / "test.sqlite3"
        return
    if "store" not in request.fixturenames:
        yield str(request.getfixturevalue("postgres_url"))
        return
    server = request.getfixturevalue("postgres_server")
    name = server.create_database(template=request.getfixturevalue("postgres_schema_template"))
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture
def store(db_path: Path) -> Iterator[object]:
    from tagdesk.store import open_store

    with open_store(db_path) as opened:
        yield opened


def tagdesk_command() -> list[str]:
    return [sys.executable, "-m", "tagdesk"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """A PostgreSQL server on loopback for the whole session (tests/postgres_server.py).

    Without the server binaries or psycopg2 the tests that need it are skipped,
    and fail under CI, where .ci/run installs them.
    """
    from tests.postgres_server import PostgresServer, find_bindir

    bindir = find_bindir()
    problem = None
    if bindir is None:
        problem = "no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql"
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        problem = "no psycopg2: pip install -e '.[dev]'"
    if problem is not None or bindir is None:
        if os.environ.get("CI"):
            pytest.fail(f"a test needs a PostgreSQL server: {problem}")
        pytest.skip(f"a test needs a PostgreSQL server: {problem}")
    with PostgresServer(bindir) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_schema_template(postgres_server: Any) -> str:
    """A server database with Tagdesk's schema as a new store makes it, for copies."""
    from tagdesk.store import open_store

    name = postgres_server.create_database()
    open_store(postgres_server.url(name)).close()
    return str(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new database goes, once on each engine, for a test that runs on both wherever
    its folder stands (several processes, a file and a server): a file, then a server's."""
    if request.param == "sqlite":
        return str(tmp_path / "test.sqlite3")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def postgres_url(postgres_server: Any) -> Iterator[str]:
    """The URL of a new, empty database on the test server, dropped after the test."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)
