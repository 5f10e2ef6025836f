"""Small helpers shared by tests: building input files and reading the database back."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def write_jsonl(path: Path, records: list[Any]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    return path


def is_server(target: Path | str) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


class Connection:
    """A connection of the test's own, not Tagdesk's: sqlite3 for a file, psycopg2 for a
    server URL, both spoken with `?` parameters as sqlite3 is spoken
    (`connection.execute(...).fetchall()`, `with connection:` to commit)."""

    def __init__(self, target: Path | str) -> None:
        self.server = is_server(target)
        if self.server:
            import psycopg2

            self.raw: Any = psycopg2.connect(str(target))
        else:
            self.raw = sqlite3.connect(target)

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        cursor = self.raw.cursor()
        if self.server:
            sql = sql.replace("%", "%%").replace("?", "%s")
        cursor.execute(sql, tuple(params))
        return cursor

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        """Commit, or roll back after an error, as sqlite3's `with connection:` does."""
        if kind is None:
            self.raw.commit()
        else:
            self.raw.rollback()


@contextlib.contextmanager
def connected(target: Path | str) -> Iterator[Connection]:
    """A Connection, committed and closed after."""
    connection = Connection(target)
    try:
        yield connection
        connection.raw.commit()
    finally:
        connection.raw.close()


def query(target: Path | str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The rows of `sql` (with `?` parameters) read from either engine; bytes as bytes."""
    with connected(target) as connection:
        cursor = connection.execute(sql, params)
        rows = cursor.fetchall() if cursor.description is not None else []
        return [_plain(row) for row in rows]


def _plain(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """psycopg2 hands a bytea over as a memoryview, whose repr is its address."""
    return tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)


def _tables(connection: Connection) -> list[str]:
    """Every table with rows of its own (SQLite's search index reads the document table's)."""
    if connection.server:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
    else:
        sql = (
            "SELECT name FROM sqlite_master WHERE type='table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    return [name for (name,) in connection.execute(sql)]


def database_fingerprint(target: Path | str) -> str:
    """A digest of every row of every table: equal digests mean an unchanged database.

    On SQLite the search index counts through its own tables; the virtual
    table over them is skipped. On a server every table of the database's
    schema counts, its search words too; a sequence does not (a refused write
    moves it on, so that no id is ever handed out twice).
    """
    digest = hashlib.sha256()
    with connected(target) as connection:
        for table in _tables(connection):
            digest.update(table.encode())
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2'):
                digest.update(repr(_plain(row)).encode())
    return digest.hexdigest()


def span_texts(target: Path | str) -> list[tuple[str, str]]:
    """(label, covered text) for every span in the database, in document order."""
    rows = query(
        target,
        'SELECT d.text, s."start", s."end", l.name FROM span s '
        "JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id "
        'ORDER BY d.id, s."start", s."end"',
    )
    return [(label, text[start:end]) for text, start, end, label in rows]


def set_schema_version(target: Path | str, version: int) -> None:
    """Write a schema version as a Tagdesk of that version would have: SQLite's
    user_version, a server's `setting` row."""
    if is_server(target):
        query(target, "UPDATE setting SET value = ? WHERE key = 'schema_version'", (str(version),))
    else:
        query(target, f"PRAGMA user_version = {int(version)}")


def database_exists(target: Path | str) -> bool:
    """Whether anything was made there: the file, or a table in the server database."""
    if not is_server(target):
        return Path(target).exists()
    with connected(target) as connection:
        return bool(_tables(connection))


def write_seed_corpus(folder: Path, articles: int) -> Path:
    """`articles` .txt files: the bundled seeds over and over, each copy numbered so none
    is a duplicate (an import would merge identical texts)."""
    from tests.conftest import SEEDS

    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(articles):
        text = seeds[number % len(seeds)] + f"\nCopy {number // len(seeds) + 1}.\n"
        (folder / f"{number:05d}.txt").write_text(text, encoding="utf-8")
    return folder


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """The file cannot be written: its mode for a user, the immutable flag for root."""
    if os.geteuid() == 0:
        flag = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        assert flag.returncode == 0, f"chattr +i is needed to test as root: {flag.stderr!r}"
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
