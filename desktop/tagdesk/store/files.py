"""The files on disk that make up a database, so no other writer ever replaces one.

SQLite keeps its work beside the file (`-wal`, `-shm`, `-journal`), and a
migration leaves `NAME.vN-TIME.bak` copies. Writing over any of them loses
the analyst's work or, for a journal, makes SQLite roll the file back to
something it never was.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime
from pathlib import Path

COMPANIONS = {
    "": "the database",
    "-wal": "the database's write-ahead log",
    "-shm": "the database's shared-memory file",
    "-journal": "the database's rollback journal",
}
_BACKUP = r"\.v\d+-\d{8}T\d{6}(-\d+)?\.bak"


def backup_path(database: Path, version: int, attempt: int = 1) -> Path:
    """`NAME.vN-TIME.bak`, and `NAME.vN-TIME-K.bak` when that name is already taken."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    counter = "" if attempt == 1 else f"-{attempt}"
    return database.with_name(f"{database.name}.v{version}-{stamp}{counter}.bak")


def database_file_role(database: Path, candidate: Path) -> str | None:
    """What `candidate` is to `database` ("the database", "a backup of the database"), or None.

    Compared by resolved path and by inode, so a symbolic link, a hard link or
    `x/../corpus.db` is recognised too; names are compared whether or not the
    file exists yet (a journal appears and vanishes with each transaction).
    """
    real_database = database.resolve()
    real = candidate.resolve()
    same_folder = real.parent == real_database.parent
    for suffix, role in COMPANIONS.items():
        companion = real_database.with_name(real_database.name + suffix)
        if real == companion or _same_file(candidate, companion):
            return role
    if same_folder and re.fullmatch(re.escape(real_database.name) + _BACKUP, real.name):
        return "a backup of the database"
    return None


def _same_file(candidate: Path, other: Path) -> bool:
    with contextlib.suppress(OSError):
        return candidate.samefile(other)
    return False
