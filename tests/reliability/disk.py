"""Real file systems for the database-file tests: a small tmpfs, read-only or full, and
what a folder holds, byte for byte."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import tagdesk_command


def tagdesk(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real command line; a short timeout, so a command that hangs (on a FIFO) fails."""
    return subprocess.run(
        [*tagdesk_command(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ,
        stdin=subprocess.DEVNULL,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tagdesk: error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def folder_state(folder: Path) -> dict[str, tuple[str, int] | str]:
    """Every entry of `folder`: a file's sha256 and mtime, or what kind of thing it is."""
    state: dict[str, tuple[str, int] | str] = {}
    for entry in sorted(folder.iterdir()):
        info = entry.lstat()
        if stat.S_ISREG(info.st_mode):
            state[entry.name] = (hashlib.sha256(entry.read_bytes()).hexdigest(), info.st_mtime_ns)
        elif stat.S_ISLNK(info.st_mode):
            state[entry.name] = f"link to {entry.readlink()}"
        else:
            state[entry.name] = stat.filemode(info.st_mode)[0]
    return state


def need_root(why: str) -> None:
    if os.geteuid() != 0:
        pytest.skip(f"{why} needs root")


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "16m") -> Iterator[Path]:
    """A small file system of its own at `path`, unmounted afterwards."""
    need_root("mounting a file system")
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def remount_read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)


def fill(folder: Path) -> Path:
    """Write a file in `folder` until its file system has no space left."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        for size in (1 << 20, 65536, 4096, 512, 1):
            try:
                while True:
                    os.write(handle, b"\0" * size)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
    finally:
        os.close(handle)
    return filler


def integrity(path: Path) -> str:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()
