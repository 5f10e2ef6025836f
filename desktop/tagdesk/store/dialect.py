"""What the SQL of SQLite and PostgreSQL does differently, in one place.

The SQL style of tagdesk.store:

- peewee queries where a model reads or writes a few rows;
- raw SQL where speed matters (the document list, exports, imports,
  pre-annotation), written once for both engines:
  - `?` marks every parameter, on both engines: `Store.execute` and the
    helpers here hand psycopg2 `%s`, and double a literal `%` (so a `?`
    never appears inside a string literal in our SQL; values are parameters
    anyway);
  - identifiers that are keywords are double-quoted (`"document"`, `"start"`,
    `"end"`);
  - upserts are `INSERT ... ON CONFLICT (...) DO UPDATE/NOTHING`, which both
    engines speak (never `INSERT OR REPLACE`, never peewee's `replace`);
  - a condition counted is `CASE WHEN ... THEN 1 ELSE 0 END` (`count_if`),
    never a boolean summed;
- what differs comes from the store's `Dialect` (`store.dialect`): the
  case-insensitive order of titles, string aggregation, substring search,
  a number read from a JSON column,
  many-row inserts at the driver's speed, timestamps as the driver wants
  them, the schema version, and how a write transaction keeps other writers
  out;
- DDL only one engine has (SQLite's FTS5 and triggers, PostgreSQL's PL/pgSQL
  functions and GIN index) sits in store.counts, store.search and
  store.server_schema, chosen once by `dialect.name`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from tagdesk.store.database import Store

WRITE_LOCK_KEY = 0x74616764657368  # "tagdesh": the advisory lock all Tagdesk writers share
LOCK_TIMEOUT = "15s"  # as long as SQLite's busy timeout


def count_if(condition: str) -> str:
    """How many rows meet `condition`, 0 for none: the same SQL on both engines."""
    return f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"


def marks(count: int) -> str:
    """`?, ?, ?`: the parameters of an IN list or a row."""
    return ", ".join(["?"] * count)


class Dialect:
    name: ClassVar[str]

    def prepare(self, sql: str) -> str:
        """The statement as the driver takes it."""
        return sql

    def nocase(self, expression: str) -> str:
        """`expression` ordered and compared ignoring ASCII case, as an index can yield it."""
        raise NotImplementedError

    def string_agg(self, expression: str, separator: str) -> str:
        """The values of `expression` joined by `separator` (a literal without quotes),
        in the order of the subquery they come from."""
        raise NotImplementedError

    def contains(self, haystack: str, needle: str) -> str:
        """A condition: `needle` (an expression or `?`) occurs in `haystack`."""
        raise NotImplementedError

    def json_number(self, column: str, key: str) -> str:
        """The number under `key` (a literal name) in the JSON object of `column`, else NULL.

        NULL, too, for a value of another kind (a file's `"score": "high"`).
        """
        raise NotImplementedError

    def timestamp(self, moment: datetime) -> object:
        """A timestamp as the driver stores it beside peewee's own writes."""
        return moment

    def day(self, column: str) -> str:
        """The date of a timestamp column as text, `YYYY-MM-DD` (the statistics count by it)."""
        raise NotImplementedError

    def insert_rows(
        self,
        store: Store,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        suffix: str = "",
    ) -> None:
        """INSERT many rows at the driver's speed; `suffix` is an ON CONFLICT clause."""
        raise NotImplementedError

    def execute_many(self, store: Store, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """One statement (an UPDATE, say) for each of many parameter rows."""
        raise NotImplementedError

    def begin_write(self, store: Store) -> None:
        """First statement of an outermost write transaction: keep other writers out."""

    def read_version(self, store: Store) -> int:
        raise NotImplementedError

    def write_version(self, store: Store, version: int) -> None:
        raise NotImplementedError


def _quoted_columns(columns: Sequence[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


class SqliteDialect(Dialect):
    name = "sqlite"

    def nocase(self, expression: str) -> str:
        return f"{expression} COLLATE NOCASE"

    def string_agg(self, expression: str, separator: str) -> str:
        return f"group_concat({expression}, '{separator}')"

    def contains(self, haystack: str, needle: str) -> str:
        return f"instr({haystack}, {needle}) > 0"

    def json_number(self, column: str, key: str) -> str:
        path = f"'$.{key}'"
        return (
            f"CASE WHEN json_type({column}, {path}) IN ('integer', 'real') "
            f"THEN json_extract({column}, {path}) END"
        )

    def timestamp(self, moment: datetime) -> object:
        return str(moment)  # peewee's text form

    def day(self, column: str) -> str:
        return f"substr({column}, 1, 10)"  # peewee's text form starts with the date

    def insert_rows(
        self,
        store: Store,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        suffix: str = "",
    ) -> None:
        if rows:
            sql = (
                f'INSERT INTO "{table}" ({_quoted_columns(columns)}) '
                f"VALUES ({marks(len(columns))}) {suffix}"
            )
            store.db.cursor().executemany(sql, rows)

    def execute_many(self, store: Store, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        store.db.cursor().executemany(sql, rows)

    def read_version(self, store: Store) -> int:
        return int(store.execute("PRAGMA user_version").fetchone()[0])

    def write_version(self, store: Store, version: int) -> None:
        store.execute(f"PRAGMA user_version = {int(version)}")


@lru_cache(maxsize=512)
def _pyformat(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresDialect(Dialect):
    """psycopg2: `%s` parameters; many rows in one `VALUES` list (execute_values)."""

    name = "postgresql"
    VERSION_KEY = "schema_version"

    def prepare(self, sql: str) -> str:
        return _pyformat(sql)

    def nocase(self, expression: str) -> str:
        # lower() under the "C" collation folds ASCII only and orders by code point:
        # SQLite's NOCASE, whatever the server's locale. The title index is on this.
        return f'lower({expression} COLLATE "C")'

    def string_agg(self, expression: str, separator: str) -> str:
        return f"string_agg({expression}, '{separator}')"

    def contains(self, haystack: str, needle: str) -> str:
        return f"strpos({haystack}, {needle}) > 0"

    def day(self, column: str) -> str:
        return f"to_char({column}, 'YYYY-MM-DD')"

    def json_number(self, column: str, key: str) -> str:
        value = f"CAST({column} AS json) -> '{key}'"
        return (
            f"CASE WHEN json_typeof({value}) = 'number' "
            f"THEN CAST(CAST({column} AS json) ->> '{key}' AS double precision) END"
        )

    def insert_rows(
        self,
        store: Store,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        suffix: str = "",
    ) -> None:
        if not rows:
            return
        from psycopg2.extras import execute_values

        sql = f'INSERT INTO "{table}" ({_quoted_columns(columns)}) VALUES %s {_pyformat(suffix)}'
        execute_values(store.db.cursor(), sql, rows, page_size=1000)

    def execute_many(self, store: Store, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        from psycopg2.extras import execute_batch

        execute_batch(store.db.cursor(), _pyformat(sql), list(rows), page_size=500)

    def begin_write(self, store: Store) -> None:
        """Writers take turns, as under SQLite's BEGIN IMMEDIATE; readers never wait.

        A transaction-level advisory lock, released at commit or rollback,
        waited for up to LOCK_TIMEOUT like SQLite's busy timeout.
        """
        store.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        store.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK_KEY,))

    def read_version(self, store: Store) -> int:
        if not store.db.table_exists("setting"):
            return 0
        row = store.execute(
            'SELECT value FROM "setting" WHERE "key" = ?', (self.VERSION_KEY,)
        ).fetchone()
        return int(row[0]) if row else 0

    def write_version(self, store: Store, version: int) -> None:
        store.execute(
            'INSERT INTO "setting" ("key", value) VALUES (?, ?) '
            'ON CONFLICT ("key") DO UPDATE SET value = excluded.value',
            (self.VERSION_KEY, str(version)),
        )


def dialect_for(db: object) -> Dialect:
    import peewee

    return SqliteDialect() if isinstance(db, peewee.SqliteDatabase) else PostgresDialect()
