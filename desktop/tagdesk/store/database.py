"""Opening a database: a SQLite file or a PostgreSQL URL."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import peewee

from tagdesk.core.errors import StoreError
from tagdesk.paths import is_server_url, without_password
from tagdesk.store import schema, sqlite_file
from tagdesk.store.dialect import dialect_for
from tagdesk.store.server_connection import connection_lost
from tagdesk.store.sqlite_file import disk_is_full

BUSY_TIMEOUT_MS = 15_000
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "synchronous": "full",  # a commit the window has shown survives a crash
    "cache_size": -64_000,
}
# A file that cannot be written keeps its journal mode; reading needs no more than this.
READ_ONLY_PRAGMAS = {"foreign_keys": 1, "busy_timeout": BUSY_TIMEOUT_MS, "cache_size": -64_000}


class Store:
    """An open Tagdesk database. Pass it to the functions in tagdesk.store.

    The store owns its connection (`db`): the model classes are bound to no
    database (see store.models), and every query in the store runs on the
    Store it was given, so several can be open in one process.
    """

    def __init__(
        self,
        db: peewee.Database,
        location: str,
        *,
        created: bool,
        read_only_reason: str | None = None,
    ) -> None:
        self.db = db
        self.dialect = dialect_for(db)  # what differs in raw SQL: see store.dialect
        # `target` opens the database again (a worker process, through child_database);
        # `location` is what messages, dialogs and summaries show: a server's password left out.
        self.target = location
        self.location = without_password(location)
        self.created = created  # True when this open made a new, empty database
        self.read_only_reason = read_only_reason  # why writing would fail, for a read-only file
        # What a server's change notices name as this store's writes (store.change_notices).
        self.origin = ""
        self._on_close: list[Callable[[], None]] = []

    @property
    def writable(self) -> bool:
        """False for a read-only file: reading works, writing does not."""
        return self.read_only_reason is None

    def require_writable(self) -> None:
        """Commands that write say so in one line before they start, not half-way."""
        if self.read_only_reason is not None:
            raise StoreError(
                f"{self.location}: is read-only ({self.read_only_reason}), and this needs to "
                "write to it (stats and export only read, and work on it as it is)"
            )

    def on_close(self, callback: Callable[[], None]) -> None:
        self._on_close.append(callback)

    @property
    def is_sqlite(self) -> bool:
        """A database in a file: what only a file has (a path, backups, table rebuilds)."""
        return self.dialect.name == "sqlite"

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
        committing = False
        try:
            with self.db.atomic("IMMEDIATE") if self.is_sqlite else self.db.atomic():
                if not nested:
                    self.dialect.begin_write(self)
                yield
                committing = True
        except (
            peewee.OperationalError,
            peewee.IntegrityError,
            peewee.InternalError,  # a server's refusal: a read-only transaction, say
            peewee.InterfaceError,  # a rollback on a connection the server dropped
            sqlite3.OperationalError,
        ) as error:
            if nested:
                raise
            if not self.is_sqlite and connection_lost(self.db):
                raise StoreError(lost_write(self.location, error, committing)) from error
            if isinstance(error, peewee.InterfaceError):
                raise
            cause = _first_failure(error)
            raise StoreError(write_failure(self.location, cause)) from cause

    write_transaction = atomic

    def close_thread_connection(self) -> None:
        """A worker thread's own connection, closed when its task ends."""
        if not self.db.is_closed():
            self.db.close()

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        """Raw SQL with `?` parameters, on either engine (see store.dialect)."""
        return self.db.execute_sql(self.dialect.prepare(sql), params)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        while self._on_close:
            self._on_close.pop()()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


ROLLBACK_NOISE = ("cannot rollback", "no such savepoint")


def _first_failure(error: BaseException) -> BaseException:
    """The error that made a transaction fail, not the failed rollback that followed it.

    SQLite rolls a transaction back by itself on a full disk; the ROLLBACK
    that peewee then sends fails, and that second error would hide the first.
    """
    while any(noise in str(error) for noise in ROLLBACK_NOISE) and error.__context__ is not None:
        error = error.__context__
    return error


def lost_write(location: str, error: BaseException, committing: bool) -> str:
    """One line on a write whose connection the server dropped, and whether it can have been
    saved: one that failed before its COMMIT was sent was not; one whose COMMIT got no
    answer may have been, so it is not made again without the analyst looking."""
    while error.__context__ is not None and isinstance(error, peewee.InterfaceError):
        error = error.__context__  # the rollback that failed after the connection was lost
    text = str(error).strip()
    reason = text.splitlines()[0] if text else type(error).__name__
    if committing:
        return (
            f"{location}: the connection to the database server was lost while saving "
            f"({reason}): the change may have been saved or not; look before making it again"
        )
    return (
        f"{location}: cannot save: the connection to the database server was lost ({reason}); "
        "nothing was saved, and the next action connects again"
    )


def write_failure(location: str, error: BaseException) -> str:
    """One line on why a write failed, with what to do about it."""
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if "locked" in reason or "busy" in reason or "lock timeout" in reason:
        advice = "another program kept it busy too long (an import?); try again"
    elif is_server_url(location) and "read-only" in reason:
        advice = (
            "the server takes no writes to it (a read-only database or role); nothing was saved"
        )
    elif "readonly" in reason or "read-only" in reason:
        advice = "the file is read-only; check its permissions"
    elif disk_is_full(location, error):
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
    current = schema.SCHEMA_VERSION if schema_version is None else schema_version
    if is_server_url(target):
        store = _open_server(target)
        if store.created and not create and not store.db.get_tables():
            store.close()
            raise StoreError(
                f"{without_password(target)}: is empty: there is no Tagdesk database in it yet"
            )
    else:
        store = _open_file(target, create=create, current=current)
    try:
        schema.ensure(
            store,
            migrations=schema.MIGRATIONS if migrations is None else migrations,
            current=current,
        )
    except BaseException:
        store.close()
        raise
    return store


def _open_file(location: str, *, create: bool, current: int) -> Store:
    """Read what the file holds without writing; open it for writing only if it is Tagdesk's."""
    file = sqlite_file.inspect(location)
    if file.empty:
        return _open_new(file, create=create)
    opener = sqlite_file.ReadOnlyOpen(file)
    try:
        new = schema.check_contents(location, sqlite_file.read_contents(opener), current)
        if new:  # an SQLite file with nothing in it: as good as an empty one
            return _open_new(file, create=create)
        reason = sqlite_file.read_only_reason(file)
        if reason is None:
            opener.close()
            return _connect(file, file.path, pragmas=SQLITE_PRAGMAS, created=False)
        store = _connect(file, opener.uri, pragmas=READ_ONLY_PRAGMAS, created=False, reason=reason)
    except BaseException:
        opener.close()
        raise
    store.on_close(opener.close)
    return store


def _open_new(file: sqlite_file.DatabaseFile, *, create: bool) -> Store:
    location = file.location
    if not create:
        if file.exists:
            raise StoreError(f"{location}: is empty: there is no Tagdesk database in it yet")
        raise StoreError(f"{location}: no such database")
    if not file.exists:
        try:
            file.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"{location}: cannot create its folder: {error.strerror}") from error
    reason = sqlite_file.read_only_reason(file)
    if reason is not None:
        what = "start a database in it" if file.exists else "create it"
        raise StoreError(f"{location}: cannot {what}: {reason}")
    return _connect(file, file.path, pragmas=SQLITE_PRAGMAS, created=True)


def _connect(
    file: sqlite_file.DatabaseFile,
    target: Path | str,
    *,
    pragmas: Mapping[str, object],
    created: bool,
    reason: str | None = None,
) -> Store:
    uri = isinstance(target, str)
    db = peewee.SqliteDatabase(str(target), pragmas=dict(pragmas), autoconnect=True, uri=uri)
    try:
        db.connect()
    except (peewee.DatabaseError, peewee.OperationalError) as error:
        if disk_is_full(file.location, error):
            raise StoreError(
                f"{file.location}: cannot open the database ({error}): the disk is full; "
                "free some space and try again"
            ) from error
        raise StoreError(f"{file.location}: cannot open the database: {error}") from error
    return Store(db, file.location, created=created, read_only_reason=reason)


def open_server_connection(url: str) -> Store:
    """A server database as it is, its schema neither checked nor created: for tagdesk copy,
    which checks that it is empty and creates the schema in its own transaction."""
    return _open_server(url)


def _open_server(url: str) -> Store:
    from tagdesk.store.change_notices import new_origin, with_origin
    from tagdesk.store.server_connection import connect_to

    origin = new_origin()
    try:
        db = connect_to(url)
        with_origin(db.connect_params, origin)
        db.connect()
    except ImportError as error:
        raise StoreError(
            "a PostgreSQL database needs psycopg2: pip install 'tagdesk[team]'"
        ) from error
    except peewee.OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "failed"
        raise StoreError(f"cannot connect to the database server: {first_line}") from error
    fresh = not db.table_exists("document")
    store = Store(db, url, created=fresh)
    store.origin = origin
    return store
