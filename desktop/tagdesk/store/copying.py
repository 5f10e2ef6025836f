"""`tagdesk copy`: a whole database into a new one, on either engine, every id kept.

The target must hold nothing yet, and is written in one transaction: a copy
that fails or is stopped leaves it as it was. A new file is built under a
name of its own beside the target and given the target's name only once it
is complete, without replacing anything that appeared there meanwhile; a
server database is filled in one transaction, the tables included (a
server's DDL is transactional).

The source is read in one snapshot (a read transaction; REPEATABLE READ on a
server), so a colleague writing meanwhile cannot leave a span without its
document in the copy. Every table of the schema is copied row by row, in
foreign-key order, with its ids; the counts are counted again and the search
index built on the target, as a bulk import does. Each id sequence of the
target is moved past the highest id the source ever handed out (its largest
in use, or its own record of a deleted higher one), so no id is reused.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee

from tagdesk.core.errors import StoreError
from tagdesk.core.wording import counted
from tagdesk.formats.renaming import rename_no_replace
from tagdesk.paths import is_server_url, without_password
from tagdesk.store import counts, list_keys, schema, sqlite_file
from tagdesk.store.bulk import insert_triggers_set_aside
from tagdesk.store.database import Store, open_server_connection, open_store
from tagdesk.store.dialect import PostgresDialect
from tagdesk.store.models import MODELS, BaseModel, DocumentCounts, NeverReusedIdField

Progress = Callable[[str, int, int], None]  # table, rows copied, rows in the table
CHUNK = 1000
DERIVED = (DocumentCounts,)  # counted again on the target (store.counts), with document_labels
COPIED: list[type[BaseModel]] = [
    model for model in peewee.sort_models(MODELS) if model not in DERIVED
]
JOURNALS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class CopySummary:
    target: str  # as messages show it: a server's password left out
    rows: dict[str, int]  # table name -> rows copied

    def describe(self) -> str:
        what = [
            counted(self.rows.get(table, 0), noun)
            for table, noun in (("document", "document"), ("span", "span"), ("label", "label"))
        ]
        return f"copied {', '.join(what)} and every other row to {self.target}"


def copy_database(source_location: str, target_location: str, progress: Progress) -> CopySummary:
    """Copy the Tagdesk database at `source_location` into a new one at `target_location`."""
    shown = without_password(target_location)
    if not is_server_url(target_location):
        _refuse_existing_file(target_location)
    source = open_store(source_location, create=False)
    try:
        if is_server_url(target_location):
            rows = _copy_to_server(source, target_location, progress)
        else:
            rows = _copy_to_file(source, target_location, progress)
    finally:
        source.close()
    return CopySummary(shown, rows)


def _refuse_existing_file(location: str) -> None:
    file = sqlite_file.inspect(location)  # refuses folders, devices, broken links
    if file.exists:
        what = "is not a new file"
        if not file.empty:
            opener = sqlite_file.ReadOnlyOpen(file)
            try:
                tables = sqlite_file.read_contents(opener).tables
            finally:
                opener.close()
            if tables.intersection(schema.CORE_TABLES):
                what = "already holds a Tagdesk database"
            elif tables:
                what = "already holds tables"
        raise StoreError(
            f"{location}: {what}; tagdesk copy writes only a new file or an empty server "
            "database, and never overwrites one (nothing was written)"
        )
    if not file.path.parent.is_dir():
        raise StoreError(f"{location}: no such folder: {file.path.parent}")


def _copy_to_file(source: Store, location: str, progress: Progress) -> dict[str, int]:
    """Build the file under a name of its own, then link it to `location`, never replacing."""
    final = Path(location)
    building = _claim_building_name(final)
    try:
        target = open_store(str(building))  # the schema, committed in the file being built
        try:
            target.location = location
            with target.atomic():
                rows = _fill(source, target, progress)
            target.execute("PRAGMA journal_mode = DELETE")  # all of it in the one file
        finally:
            target.close()
        _publish(building, final)
    finally:
        for path in (building, *(building.with_name(building.name + j) for j in JOURNALS)):
            path.unlink(missing_ok=True)  # this copy made them (the name was claimed O_EXCL)
    return rows


def _claim_building_name(final: Path) -> Path:
    for attempt in range(1, 100):
        candidate = final.with_name(f".{final.name}.copying-{os.getpid()}-{attempt}")
        if any(candidate.with_name(candidate.name + j).exists() for j in JOURNALS):
            continue  # a journal left by a copy killed long ago: never read into this one
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            continue
        except OSError as error:
            raise StoreError(f"{final}: cannot create it: {error.strerror}") from error
        return candidate
    raise StoreError(f"{final}: cannot create it: every temporary name beside it is taken")


def _publish(building: Path, final: Path) -> None:
    """Give the finished file its name; a file that appeared there meanwhile stays as it is."""
    try:
        os.link(building, final)
    except FileExistsError:
        raise StoreError(_appeared(final)) from None
    except OSError as error:  # a file system without hard links: a rename that never replaces
        try:
            rename_no_replace(building, final)
        except FileExistsError:
            raise StoreError(_appeared(final)) from None
        except OSError:
            raise StoreError(f"{final}: cannot create it: {error.strerror}") from error


def _appeared(final: Path) -> str:
    return f"{final}: appeared while the copy was made, and is left as it is (nothing was written)"


def _copy_to_server(source: Store, url: str, progress: Progress) -> dict[str, int]:
    target = open_server_connection(url)
    try:
        with target.atomic():
            _refuse_server_tables(target)
            schema.create_schema(target)
            return _fill(source, target, progress)
    finally:
        target.close()


def _refuse_server_tables(target: Store) -> None:
    tables = {
        row[0]
        for row in target.execute(
            "SELECT c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg_toast%'"
        )
    }
    if tables:
        what = (
            "already holds a Tagdesk database"
            if tables.intersection(schema.CORE_TABLES)
            else f"already holds tables ({', '.join(sorted(tables)[:3])})"
        )
        raise StoreError(
            f"{target.location}: {what}; tagdesk copy writes only a new file or an empty "
            "server database, and never overwrites one (nothing was written)"
        )


def _fill(source: Store, target: Store, progress: Progress) -> dict[str, int]:
    """Inside the target's transaction: every row of the source, then counts and ids."""
    target.execute('DELETE FROM "label"')  # the default scheme a new database starts with
    target.execute('DELETE FROM "relation_type"')  # and its default relation types
    rows: dict[str, int] = {}
    with _snapshot(source), insert_triggers_set_aside(target) as new_documents:
        for model in COPIED:
            rows[model._meta.table_name] = _copy_table(source, target, model, progress)
        first, last = target.execute('SELECT MIN(id), MAX(id) FROM "document"').fetchone()
        if first is not None:
            new_documents.extend((first, last))  # indexed for search in one statement
        counts.recount(target)
        list_keys.refresh(target)
        _move_sequences(source, target)
    return rows


@contextmanager
def _snapshot(source: Store) -> Iterator[None]:
    """One consistent view of the source while it is read; it takes no lock from writers."""
    with source.db.atomic():
        if not source.is_sqlite:
            source.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _copy_table(source: Store, target: Store, model: type[BaseModel], progress: Progress) -> int:
    meta = model._meta
    table = meta.table_name
    columns = [field.column_name for field in meta.sorted_fields]
    keys = [meta.fields[name].column_name for name in _key_names(model)]
    where, params = "", []
    if table == "setting" and not source.is_sqlite:
        where, params = ' WHERE "key" != ?', [PostgresDialect.VERSION_KEY]  # each keeps its own
    total = int(source.execute(f'SELECT COUNT(*) FROM "{table}"{where}', params).fetchone()[0])
    convert = _converter(source, target, model)
    done = 0
    progress(table, 0, total)
    select = f'SELECT {_quoted(columns)} FROM "{table}"{where} ORDER BY {_quoted(keys)}'
    with _reading(source, select, params) as cursor:
        while chunk := cursor.fetchmany(CHUNK):
            batch = [convert(row) for row in chunk] if convert else chunk
            _insert(source, target, table, columns, keys, batch)
            done += len(batch)
            progress(table, done, total)
    return done


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def _key_names(model: type[BaseModel]) -> Sequence[str]:
    key = model._meta.primary_key
    if isinstance(key, peewee.CompositeKey):
        return key.field_names
    return [key.name]


@contextmanager
def _reading(source: Store, sql: str, params: list[Any]) -> Iterator[Any]:
    """A cursor over the rows; on a server one that fetches them a chunk at a time."""
    if source.is_sqlite:
        yield source.execute(sql, params)
        return
    # peewee's connection is in autocommit mode, sending BEGIN itself: psycopg2 takes a
    # named cursor there only WITH HOLD, which is closed here before the snapshot ends.
    cursor = source.db.connection().cursor(name="tagdesk_copy", withhold=True)
    cursor.itersize = CHUNK
    try:
        cursor.execute(source.dialect.prepare(sql), params)
        yield cursor
    finally:
        cursor.close()


def _converter(
    source: Store, target: Store, model: type[BaseModel]
) -> Callable[[Sequence[Any]], tuple[Any, ...]] | None:
    """What turns a server's values into a file's (timestamps as text, bytes); None if nothing."""
    if source.is_sqlite or not target.is_sqlite:
        return None  # a file's text timestamps and bytes go into a server as they are
    kinds = (peewee.DateTimeField, peewee.BlobField)
    positions = [
        index for index, field in enumerate(model._meta.sorted_fields) if isinstance(field, kinds)
    ]
    if not positions:
        return None
    timestamp = target.dialect.timestamp

    def convert(row: Sequence[Any]) -> tuple[Any, ...]:
        values = list(row)
        for index in positions:
            value = values[index]
            if isinstance(value, memoryview):
                values[index] = bytes(value)
            elif value is not None and not isinstance(value, (str, bytes)):
                values[index] = timestamp(value)
        return tuple(values)

    return convert


def _write_errors(target: Store) -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (peewee.PeeweeException, sqlite3.Error, ValueError)
    if not target.is_sqlite:
        import psycopg2

        errors += (psycopg2.Error,)
    return errors


def _insert(
    source: Store,
    target: Store,
    table: str,
    columns: list[str],
    keys: list[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """A chunk of rows, in a savepoint; a refused row is named by its key in one line."""
    errors = _write_errors(target)
    try:
        with target.db.atomic():
            target.dialect.insert_rows(target, table, columns, rows)
    except errors as error:
        failed, reason = rows[0], error
        for row in rows:  # which row it was: each alone, in a savepoint of its own
            try:
                with target.db.atomic():
                    target.dialect.insert_rows(target, table, columns, [row])
            except errors as row_error:
                failed, reason = row, row_error
                break
        key = ", ".join(f"{name} {failed[columns.index(name)]!r}" for name in keys)
        first_line = (str(reason).strip().splitlines() or [type(reason).__name__])[0]
        raise StoreError(
            f"{source.location}: {table} row with {key}: cannot be copied to "
            f"{target.location} ({first_line}); nothing was written to it"
        ) from error


def _move_sequences(source: Store, target: Store) -> None:
    """Each table's next id on the target: past every id the source ever handed out."""
    for model in COPIED:
        field = model._meta.primary_key
        if not isinstance(field, peewee.AutoField):
            continue
        table = model._meta.table_name
        in_use = source.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
        highest = max(int(in_use), _recorded_highest(source, table))
        if not target.is_sqlite:
            sequence = _server_sequence(target, table)
            if highest > 0:
                target.execute(f"SELECT setval('{sequence}', ?)", (highest,))
            else:
                target.execute(f"SELECT setval('{sequence}', 1, false)")
        elif isinstance(field, NeverReusedIdField):  # AUTOINCREMENT: sqlite_sequence keeps it
            moved = target.execute(
                "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (highest, table)
            ).rowcount
            if not moved and highest > 0:
                target.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, highest)
                )


def _recorded_highest(source: Store, table: str) -> int:
    """The highest id the source's own record says it handed out, deleted or not."""
    if source.is_sqlite:
        row = None
        with suppress(peewee.OperationalError):  # no sqlite_sequence: no AUTOINCREMENT row yet
            row = source.execute(
                "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)
            ).fetchone()
        return int(row[0]) if row else 0
    last, called = source.execute(
        f"SELECT last_value, is_called FROM {_server_sequence(source, table)}"
    ).fetchone()
    return int(last) if called else 0


def _server_sequence(store: Store, table: str) -> str:
    return str(
        store.execute("SELECT pg_get_serial_sequence(?, 'id')", (f'"{table}"',)).fetchone()[0]
    )
