"""Schema versions: create, refuse newer files, migrate older ones after a backup.

SQLite files carry their version in `PRAGMA user_version`; a server keeps it
in the `setting` table.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import peewee

from tagdesk.core.errors import StoreError
from tagdesk.core.labels import default_scheme
from tagdesk.store import (
    counts,
    entity_schema,
    list_keys,
    relation_schema,
    search,
    server_schema,
    versions,
)
from tagdesk.store.files import backup_path
from tagdesk.store.models import (
    MODELS,
    Assignment,
    DocumentCounts,
    DocumentTokens,
    Label,
    Preannotation,
    RelationSuggestionLog,
    Span,
    SuggestionLog,
    create_tables,
)

if TYPE_CHECKING:
    from tagdesk.store.database import Store
    from tagdesk.store.sqlite_file import Contents

SCHEMA_VERSION = 13


def _add_token_cache(store: Store) -> None:
    """Version 2 keeps each document's tokens, so exports and the window tokenize once."""
    create_tables(store.db, [DocumentTokens])


def _add_preannotation_tables(store: Store) -> None:
    """Version 3: what pre-annotation proposed, and which documents it has seen."""
    create_tables(store.db, [SuggestionLog, Preannotation])


def _span_ids_never_reused(store: Store) -> None:
    """Version 4: span ids are AUTOINCREMENT, so undo never takes over another span's id."""
    _rebuild_never_reusing_ids(store, "span")


def _label_and_tag_ids_never_reused(store: Store) -> None:
    """Version 6: label and tag ids are AUTOINCREMENT too.

    A deleted label's id handed to a new label would give a span that undo puts
    back the new label; the sequence starts past the largest id in use.
    """
    for table in ("label", "tag"):
        _rebuild_never_reusing_ids(store, table)


def _rebuild_never_reusing_ids(store: Store, table: str) -> None:
    """Make a table's id column AUTOINCREMENT, its rows, ids and indexes kept.

    SQLite cannot change a column in place; the table is rebuilt from its own
    stored definition (not the model's, which later versions may have grown) as
    SQLite's documentation prescribes, with foreign keys off (see _migrate). A
    server's ids come from sequences, which never repeat one anyway.
    """
    if not store.is_sqlite:
        return
    (sql,) = store.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    plain = '"id" INTEGER NOT NULL PRIMARY KEY'
    if "AUTOINCREMENT" in sql.upper() or plain not in sql:
        return
    indexes = [
        row[0]
        for row in store.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        )
    ]
    rebuilt = f"{table}_rebuilt"
    sql = sql.replace(f'CREATE TABLE "{table}"', f'CREATE TABLE "{rebuilt}"', 1)
    store.execute(sql.replace(plain, f"{plain} AUTOINCREMENT", 1))
    columns = ", ".join(f'"{row[1]}"' for row in store.execute(f'PRAGMA table_info("{table}")'))
    store.execute(f'INSERT INTO "{rebuilt}" ({columns}) SELECT {columns} FROM "{table}"')
    store.execute(f'DROP TABLE "{table}"')
    store.execute(f'ALTER TABLE "{rebuilt}" RENAME TO "{table}"')
    for index in indexes:
        store.execute(index)


def _add_list_support(store: Store) -> None:
    """Version 5: what a list of 100,000 documents sorts, filters and searches by, kept ready.

    Span counts per document and per document and label (which replace the
    index on span labels), a title index, and the full-text index.
    """
    create_tables(store.db, [DocumentCounts])
    store.execute('DROP INDEX IF EXISTS "span_label_id"')
    _add_derived(store)
    counts.recount(store)


def _add_token_origin_and_span_groups(store: Store) -> None:
    """Version 8: tokens that came with the data, and the DocBin group each span came in.

    Both are columns with a default, which SQLite and PostgreSQL add without
    rewriting a row: a file of two million spans migrates at once. Tokens
    already kept were the tokenizer's, and no span had a group.
    """
    for model, name in ((DocumentTokens, "origin"), (Span, "span_group")):
        table = model._meta.table_name
        if any(column.name == name for column in store.db.get_columns(table)):
            continue
        context = store.db.get_sql_context()
        ddl, _ = context.sql(model._meta.fields[name].ddl(context)).query()
        store.execute(f'ALTER TABLE "{table}" ADD COLUMN {ddl}')


def _add_team_work(store: Store) -> None:
    """Version 11: who is given which document, and the span an analyst's own one came from.

    The column has no default to write: existing spans came from nothing, and
    both engines add a nullable column without rewriting a row.
    """
    create_tables(store.db, [Assignment])
    if not any(column.name == "derived_from" for column in store.db.get_columns("span")):
        store.execute('ALTER TABLE "span" ADD COLUMN "derived_from" INTEGER')


def _add_derived(store: Store) -> None:
    """What version 5 keeps beside the tables: counts, triggers, title and search indexes."""
    counts.create_tables(store)
    counts.create_triggers(store)
    store.execute(
        'CREATE INDEX IF NOT EXISTS "document_title_nocase" '
        f'ON "document" ({store.dialect.nocase("title")})'
    )
    search.create_index(store)
    if not store.is_sqlite:
        server_schema.create_change_notices(store)


def _add_span_meta(store: Store) -> None:
    """Version 7: a span keeps what its file said of it that has no column of its own.

    Prodigy's `score`, `rank`, `priority` and the task a binary answer judged
    ride along, so an export writes them back.
    """
    columns = {column.name for column in store.db.get_columns("span")}
    if "meta" not in columns:
        store.execute("""ALTER TABLE "span" ADD COLUMN "meta" TEXT NOT NULL DEFAULT '{}'""")


def _add_row_versions(store: Store) -> None:
    """Version 9: spans, documents and labels carry a version every write bumps (store.versions),
    so a write made on a row as it was shown is refused once someone else changed it."""
    versions.add_columns(store)


def _add_list_keys_and_relation_log(store: Store) -> None:
    """Version 13: the Sure and Tags orders' keys kept per document (store.list_keys), and the
    log of the relations rules proposed, with those a database holds already (they came from
    rules: their source says so)."""
    list_keys.add_columns(store)
    create_tables(store.db, [RelationSuggestionLog])
    from tagdesk.store.suggested_relations import log_rule_relations

    log_rule_relations(store)


# MIGRATIONS[n] turns a version-n database into version n+1.
MIGRATIONS: dict[int, Callable[[Store], None]] = {
    1: _add_token_cache,
    2: _add_preannotation_tables,
    3: _span_ids_never_reused,
    4: _add_list_support,
    5: _label_and_tag_ids_never_reused,
    6: _add_span_meta,
    7: _add_token_origin_and_span_groups,
    8: _add_row_versions,
    9: entity_schema.add_entities,
    10: _add_team_work,
    11: relation_schema.add_relations,
    12: _add_list_keys_and_relation_log,
}
# Steps that rebuild a table run with foreign keys off, so no cascade fires.
REBUILDS_TABLES = {3, 5}
# The tables each version added; a file of version n has all those up to n.
TABLES_ADDED = {
    1: ("document", "label", "span", "tag", "span_tag", "document_tag", "setting"),
    2: ("document_tokens",),
    3: ("suggestion_log", "preannotation"),
    5: ("document_counts", "document_labels"),  # the search index is optional (FTS5)
    9: (),  # row versions: columns and triggers only
    10: entity_schema.TABLES,
    11: ("assignment",),
    12: relation_schema.TABLES,
    13: ("relation_suggestion_log",),
}
# What every Tagdesk file has, including one from a newer Tagdesk.
CORE_TABLES = ("document", "label", "span")


def check_contents(location: str, contents: Contents, current: int) -> bool:
    """Refuse a file that is not a Tagdesk database, or is newer; True for an empty one.

    Other programs use `user_version` too, so the tables are checked before
    the version is believed.
    """
    version, tables = contents.version, contents.tables
    if version == 0 and not tables:
        return True
    if version == 0 or not tables.intersection(CORE_TABLES):
        raise StoreError(f"{location}: is not a Tagdesk database (unknown tables)")
    expected = CORE_TABLES if version > current else _tables_up_to(version)
    missing = [name for name in expected if name not in tables]
    if missing:
        raise StoreError(f"{location}: is not a Tagdesk database (no {missing[0]} table)")
    if version > current:
        raise StoreError(
            f"{location}: was written by a newer Tagdesk (schema {version}; "
            f"this version reads up to {current}). Update Tagdesk to open it."
        )
    return False


def _tables_up_to(version: int) -> list[str]:
    return [name for step, names in TABLES_ADDED.items() if step <= version for name in names]


def read_version(store: Store) -> int:
    return store.dialect.read_version(store)


def write_version(store: Store, version: int) -> None:
    store.dialect.write_version(store, version)


def ensure(store: Store, *, migrations: dict[int, Callable[[Store], None]], current: int) -> None:
    try:
        version = read_version(store)
    except peewee.DatabaseError as error:
        raise StoreError(f"{store.location}: is not a Tagdesk database ({error})") from error
    if version == 0:
        if store.db.get_tables():
            raise StoreError(f"{store.location}: is not a Tagdesk database (unknown tables)")
        _create(store, current)
        return
    if version > current:
        raise StoreError(
            f"{store.location}: was written by a newer Tagdesk (schema {version}; "
            f"this version reads up to {current}). Update Tagdesk to open it."
        )
    if version < current or search.lacks_server_index(store):
        if not store.writable:
            raise StoreError(
                f"{store.location}: was written by an older Tagdesk (schema {version}) and is "
                "read-only, so it cannot be upgraded; make it writable and open it again"
            )
        _migrate(store, version, current, migrations)
    if not store.is_sqlite:
        server_schema.ensure_change_notices(store)  # a server made before them gets them


def create_schema(store: Store) -> None:
    """The tables of a new database and the default labels, inside the caller's transaction
    (tagdesk copy fills a server database in one)."""
    _create(store, SCHEMA_VERSION)


def _create(store: Store, version: int) -> None:
    try:
        with store.write_transaction():
            create_tables(store.db, MODELS)
            _add_derived(store)
            list_keys.add_columns(store)
            versions.create_triggers(store)
            entity_schema.create_rules(store)
            relation_schema.create_rules(store)
            relation_schema.add_default_types(store)
            Label.insert_many(
                [
                    {
                        "name": spec.name,
                        "colour": spec.colour,
                        "hotkey": spec.hotkey,
                        "description": spec.description,
                        "position": position,
                    }
                    for position, spec in enumerate(default_scheme())
                ]
            ).execute(store.db)
            write_version(store, version)
    except peewee.OperationalError as error:
        raise StoreError(f"{store.location}: cannot write the database: {error}") from error


def _migrate(
    store: Store, version: int, current: int, migrations: dict[int, Callable[[Store], None]]
) -> None:
    missing = [step for step in range(version, current) if step not in migrations]
    if missing:
        raise StoreError(
            f"{store.location}: no migration from schema {missing[0]}; "
            "open it with the Tagdesk version that wrote it and export it"
        )
    rebuilds = store.is_sqlite and any(step in REBUILDS_TABLES for step in range(version, current))
    if rebuilds:
        store.execute("PRAGMA foreign_keys = OFF")  # has no effect inside a transaction
    try:
        with store.write_transaction():
            # Under the write lock: another process may have migrated the file meanwhile.
            version = read_version(store)
            if version >= current and not search.lacks_server_index(store):
                return
            if store.is_sqlite:
                backup_sqlite(store, version)
            for step in range(version, current):
                with _migration_step(store, f"from schema {step} to {step + 1}", version):
                    migrations[step](store)
            if search.lacks_server_index(store):
                with _migration_step(store, "adding the table of search words", version):
                    server_schema.replace_text_index(store)
            if rebuilds and store.execute("PRAGMA foreign_key_check").fetchall():
                raise StoreError(
                    f"{store.location}: cannot be migrated: a row refers to one that does not "
                    "exist (PRAGMA foreign_key_check); the file is unchanged"
                )
            write_version(store, current)
    finally:
        if rebuilds:
            store.execute("PRAGMA foreign_keys = ON")


@contextmanager
def _migration_step(store: Store, step: str, version: int) -> Iterator[None]:
    """A step the driver refuses (a missing table, a bad statement) is one line naming the step
    and the database; the transaction around every step is still rolled back whole."""
    try:
        yield
    except (peewee.DatabaseError, sqlite3.Error) as error:
        cause = getattr(error, "orig", None) or error  # the driver's own: DuplicateColumn, say
        reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        raise StoreError(
            f"{store.location}: cannot be migrated {step} ({type(cause).__name__}: {reason}); "
            f"nothing was changed, it is still at schema {version}"
        ) from error


def backup_sqlite(store: Store, version: int) -> Path:
    """Copy the file, as last committed, to a new `NAME.vN-TIMESTAMP.bak`.

    Called under the write lock, so nothing can commit between the copy and
    the migration. The copy is read through a second connection (SQLite's
    backup cannot read through the connection holding the lock), and written
    to a name reserved with O_EXCL: a file already there is never replaced.
    """
    source = Path(store.location)
    target = _claim_backup_name(source, version)
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            with sqlite3.connect(str(target)) as copy:
                reader.backup(copy)
            copy.close()
        finally:
            reader.close()
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)  # the empty file claimed above: this call made it
        raise StoreError(f"{source}: cannot write a backup before migrating: {error}") from error
    return target


def _claim_backup_name(source: Path, version: int) -> Path:
    for attempt in range(1, 100):
        target = backup_path(source, version, attempt)
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            continue
        except OSError as error:
            raise StoreError(
                f"{source}: cannot write a backup before migrating: {error.strerror}"
            ) from error
        return target
    raise StoreError(f"{source}: cannot write a backup before migrating: every name is taken")
