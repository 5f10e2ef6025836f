"""A database file looked at before SQLite writes to it: what it is, and how to read it as it is.

Opening a file read-write in WAL mode changes it (the journal mode is kept in
the file's header) and leaves `-wal` and `-shm` files beside it. So a file is
first classified from its bytes and read through a read-only connection, and
only a file that holds a Tagdesk database is then opened for writing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tagdesk.core.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
# Less room than this left when SQLite reports an I/O error means the disk is full:
# SQLite says "disk I/O error" when it cannot grow its -shm file, not "full".
NEARLY_FULL_BYTES = 1024 * 1024
WAL_FORMAT = 2  # header byte 18: 1 for a rollback journal, 2 for WAL


@dataclass(frozen=True)
class DatabaseFile:
    """Where a database file is, as SQLite will be given it (a symbolic link followed)."""

    location: str  # as the user named it, for messages
    path: Path
    exists: bool
    empty: bool  # missing, or 0 bytes with nothing in a -wal: a new database
    wal: bool = False

    def sibling(self, suffix: str) -> Path:
        return self.path.with_name(self.path.name + suffix)


def inspect(location: str) -> DatabaseFile:
    """Refuse, from what the file system says, anything SQLite must not be pointed at."""
    path = Path(location)
    if location.endswith(("/", os.sep)) and not path.is_dir():
        raise StoreError(
            f"{location}: ends with {location[-1]}, so names a folder, not a database file"
        )
    try:
        info = path.stat()  # follows a symbolic link
    except FileNotFoundError:
        if path.is_symlink():
            raise StoreError(
                f"{location}: is a symbolic link to {path.readlink()}, which does not exist"
            ) from None
        return DatabaseFile(location, path, exists=False, empty=True)
    except NotADirectoryError:
        raise StoreError(f"{location}: a part of this path is a file, not a folder") from None
    except OSError as error:
        raise StoreError(f"{location}: cannot read it: {error.strerror}") from error
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{location}: is a folder, not a database file")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{location}: is {_kind(info.st_mode)}, not a database file")
    real = Path(os.path.realpath(path))
    header = _header(location, real)
    if not header:
        wal = real.with_name(real.name + "-wal")
        in_wal = wal.is_file() and wal.stat().st_size > 0
        return DatabaseFile(location, real, exists=True, empty=not in_wal, wal=in_wal)
    if not header.startswith(SQLITE_HEADER):
        raise StoreError(f"{location}: is not a Tagdesk database (not an SQLite file)")
    wal_mode = len(header) > 18 and header[18] == WAL_FORMAT
    return DatabaseFile(location, real, exists=True, empty=False, wal=wal_mode)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _header(location: str, path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(100)
    except OSError as error:
        raise StoreError(f"{location}: cannot read the database: {error.strerror}") from error


def disk_is_full(location: str, error: BaseException) -> bool:
    reason = str(error)
    if "full" in reason:
        return True
    if "I/O error" not in reason:
        return False
    try:
        room = os.statvfs(Path(location).resolve().parent)
    except OSError:
        return False
    return room.f_bavail * room.f_frsize < NEARLY_FULL_BYTES


def cannot_read(location: str, error: BaseException) -> StoreError:
    if disk_is_full(location, error):
        return StoreError(
            f"{location}: cannot read the database ({error}): the disk is full; "
            "free some space and try again"
        )
    return StoreError(f"{location}: cannot read the database: {error}")


def read_only_reason(file: DatabaseFile) -> str | None:
    """Why SQLite could not write this file (or the journal beside it); None when it can."""
    folder = file.path.parent
    try:
        read_only_system = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        read_only_system = False
    if read_only_system:
        return "it is on a read-only file system"
    if file.exists and not os.access(file.path, os.W_OK):
        return "the file cannot be written"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "its folder cannot be written, and SQLite keeps its journal there"
    return None


class ReadOnlyOpen:
    """The URI that reads a database without writing to it or beside it.

    A rollback-journal file is read with `mode=ro`, which takes only shared
    locks. A WAL file needs its `-shm` to see what the `-wal` holds: with both
    present, `mode=ro` reads them in place; with no `-wal` everything is in the
    file itself, and `immutable=1` reads it and creates nothing. A `-wal`
    without its `-shm` (a copy, a crash) can only be read where a new `-shm`
    can be made: the two files are copied to a private folder and read there.
    """

    def __init__(self, file: DatabaseFile) -> None:
        self.file = file
        self._copy: Path | None = None
        wal, shm = file.sibling("-wal"), file.sibling("-shm")
        source = file.path
        if not file.wal or (wal.exists() and shm.exists()):
            query = "mode=ro"
        elif not wal.exists() or wal.stat().st_size == 0:
            query = "mode=ro&immutable=1"
        else:
            source = self._copy_with_wal(wal)
            query = "mode=ro"
        self.uri = f"{source.as_uri()}?{query}"

    def _copy_with_wal(self, wal: Path) -> Path:
        self._copy = Path(tempfile.mkdtemp(prefix="tagdesk-read-"))
        target = self._copy / "copy.sqlite3"
        try:
            shutil.copyfile(self.file.path, target)
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
        except OSError as error:
            self.close()
            raise StoreError(
                f"{self.file.location}: cannot read its -wal file without a -shm beside it, "
                f"and a copy to read failed: {error.strerror}"
            ) from error
        return target

    def connect(self) -> sqlite3.Connection:
        try:
            return sqlite3.connect(self.uri, uri=True)
        except sqlite3.Error as error:
            raise cannot_read(self.file.location, error) from error

    def close(self) -> None:
        """Remove the private copy, which this object made, if there is one."""
        if self._copy is not None:
            shutil.rmtree(self._copy, ignore_errors=True)
            self._copy = None


@dataclass(frozen=True)
class Contents:
    version: int
    tables: frozenset[str]


def read_contents(opener: ReadOnlyOpen) -> Contents:
    """The schema version and table names, read without writing."""
    connection = opener.connect()
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        tables = frozenset(
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
    except sqlite3.OperationalError as error:
        raise cannot_read(opener.file.location, error) from error
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{opener.file.location}: is not a Tagdesk database ({error})") from error
    finally:
        connection.close()
    return Contents(version, tables)
