"""Opening a database: a SQLite file or a PostgreSQL URL."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import peewee

from tagdesk.core.errors import StoreError
from tagdesk.store import schema
from tagdesk.store.models import MODELS

BUSY_TIMEOUT_MS = 15_000
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "synchronous": "full",  # a commit the window has shown survives a crash
    "cache_size": -64_000,
}


def is_server_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


class Store:
    """An open Tagdesk database. Pass it to the functions in tagdesk.store."""

    def __init__(
        self, db: peewee.Database, location: str, *, created: bool, writable: bool = True
    ) -> None:
        self.db = db
        self.location = location
        self.created = created  # True when this open made a new, empty database
        self.writable = writable  # False for a read-only file: reading works, writing does not

    def require_writable(self) -> None:
        """Commands that write say so in one line before they start, not half-way."""
        if not self.writable:
            raise StoreError(
                f"{self.location}: is read-only, and this needs to write to it; check its "
                "permissions (stats and export only read, and work on it as it is)"
            )

    @property
    def is_sqlite(self) -> bool:
        return isinstance(self.db, peewee.SqliteDatabase)

    @property
    def path(self) -> Path | None:
        return None if not self.is_sqlite else Path(self.location)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction (a savepoint inside another), safe against another writer process.

        SQLite takes the write lock at BEGIN, waiting up to the busy timeout, so
        what the transaction reads cannot change before it writes. A plain BEGIN
        would take the lock only at the first write, and fail at once, without
        waiting, if another process had committed since the transaction's first
        read. A write the database refuses (busy, read-only, disk full) becomes a
        StoreError, one line the window and the command line show as it is.
        """
        nested = self.db.transaction_depth() > 0
        try:
            with self.db.atomic("IMMEDIATE") if self.is_sqlite else self.db.atomic():
                yield
        except (peewee.OperationalError, sqlite3.OperationalError) as error:
            if nested:
                raise
            raise StoreError(write_failure(self.location, error)) from error

    write_transaction = atomic

    def close_thread_connection(self) -> None:
        """A worker thread's own connection, closed when its task ends."""
        self.close()

    @property
    def param(self) -> str:
        """The driver's placeholder for raw SQL: `?` for SQLite, `%s` for PostgreSQL."""
        return str(self.db.param)

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        return self.db.execute_sql(sql, params)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_failure(location: str, error: Exception) -> str:
    """One line on why a write failed, with what to do about it."""
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if "locked" in reason or "busy" in reason:
        advice = "another program kept it busy too long (an import?); try again"
    elif "readonly" in reason or "read-only" in reason:
        advice = "the file is read-only; check its permissions"
    elif "full" in reason:
        advice = "the disk is full; free some space and try again"
    else:
        advice = "nothing was saved"
    return f"{location}: cannot save ({reason}): {advice}"


def open_store(
    target: str | Path,
    *,
    create: bool = True,
    migrations: dict[int, Callable[[Store], None]] | None = None,
    schema_version: int | None = None,
) -> Store:
    """Open (and if needed create or migrate) the database at `target`.

    `migrations` and `schema_version` default to the real schema; tests pass
    their own to exercise the migration path.
    """
    target = str(target)
    if is_server_url(target):
        store = _open_server(target)
    else:
        store = _open_file(Path(target), create=create)
    try:
        schema.ensure(
            store,
            migrations=schema.MIGRATIONS if migrations is None else migrations,
            current=schema.SCHEMA_VERSION if schema_version is None else schema_version,
        )
    except BaseException:
        store.close()
        raise
    return store


def _open_file(path: Path, *, create: bool) -> Store:
    exists = path.exists()
    if not exists and not create:
        raise StoreError(f"{path}: no such database")
    if exists and path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if exists and path.stat().st_size > 0 and not _looks_like_sqlite(path):
        raise StoreError(f"{path}: is not a Tagdesk database (not an SQLite file)")
    if not exists:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"{path}: cannot create its folder: {error.strerror}") from error
    db = peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, autoconnect=True)
    try:
        db.connect()
    except peewee.DatabaseError as error:
        raise StoreError(f"{path}: cannot open the database: {error}") from error
    except peewee.OperationalError as error:
        raise StoreError(f"{path}: cannot open the database: {error}") from error
    db.bind(MODELS, bind_refs=False, bind_backrefs=False)
    created = not exists or path.stat().st_size == 0
    return Store(db, str(path), created=created, writable=os.access(path, os.W_OK))


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError as error:
        raise StoreError(f"{path}: cannot read the database: {error.strerror}") from error


def _open_server(url: str) -> Store:
    try:
        from playhouse.db_url import connect
    except ImportError as error:  # pragma: no cover - playhouse ships with peewee
        raise StoreError(f"cannot open {url}: {error}") from error
    try:
        db = connect(url)
        db.connect()
    except ImportError as error:
        raise StoreError(
            "a PostgreSQL database needs psycopg2: pip install 'tagdesk[team]'"
        ) from error
    except peewee.OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "failed"
        raise StoreError(f"cannot connect to the database server: {first_line}") from error
    db.bind(MODELS, bind_refs=False, bind_backrefs=False)
    fresh = not db.table_exists("document")
    return Store(db, url, created=fresh)
