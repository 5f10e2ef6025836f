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


def database_fingerprint(path: Path) -> str:
    """A digest of every row of every table: equal digests mean an unchanged database.

    The search index counts through its own tables; the virtual table over them is skipped.
    """
    connection = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
            )
        ]
        for table in tables:
            digest.update(table.encode())
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2'):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        connection.close()


def span_texts(path: Path) -> list[tuple[str, str]]:
    """(label, covered text) for every span in the database, in document order."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            'SELECT d.text, s."start", s."end", l.name FROM span s '
            "JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id "
            'ORDER BY d.id, s."start", s."end"'
        ).fetchall()
        return [(label, text[start:end]) for text, start, end, label in rows]
    finally:
        connection.close()


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
