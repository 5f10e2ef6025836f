"""A database that cannot be written (the file, its folder, its file system) is read by
`stats` and `export`, with what its -wal holds; commands that write refuse in one line."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import read_only, write_jsonl
from tests.reliability.disk import (
    folder_state,
    one_line_error,
    remount_read_only,
    tagdesk,
    tmpfs,
)

WAL_STATES = ["checkpointed", "wal-and-shm", "wal-without-shm"]
PLACES = ["file", "folder", "file-system"]


def build(work: Path) -> Path:
    """Four documents with two places each, imported through the command line."""
    records = []
    for number in range(4):
        text = f"Report {number}: fighting near Tikrit and Mosul."
        spans = [
            {"start": text.index(word), "end": text.index(word) + len(word), "label": "GPE"}
            for word in ("Tikrit", "Mosul")
        ]
        records.append({"text": text, "spans": spans})
    source = write_jsonl(work / "in.jsonl", records)
    db = work / "tagdesk.sqlite3"
    result = tagdesk("import", str(source), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


def write_later_edits(db: Path, target: Path, state: str) -> None:
    """Three documents marked done and one's spans rejected, then the files copied to
    `target` as `state` says: the edits checkpointed into the file, or still in its -wal."""
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("UPDATE document SET status = 'done' WHERE id <= 3")
    connection.execute("UPDATE span SET status = 'rejected' WHERE document_id = 4")
    if state == "checkpointed":
        connection.close()
        shutil.copy2(db, target)
        return
    assert db.with_name(db.name + "-wal").stat().st_size > 0
    suffixes = ["", "-wal", "-shm"] if state == "wal-and-shm" else ["", "-wal"]
    for suffix in suffixes:  # copied while the connection is open, as after a crash
        shutil.copy2(db.with_name(db.name + suffix), target.with_name(target.name + suffix))
    connection.close()


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """Files can be read in it, and none made: its mode for a user, immutable for root."""
    if os.geteuid() == 0:
        with read_only(folder):
            yield
        return
    folder.chmod(0o555)
    try:
        yield
    finally:
        folder.chmod(0o755)


@contextlib.contextmanager
def cannot_be_written(place: str, tmp_path: Path, state: str) -> Iterator[Path]:
    work = tmp_path / "work"
    work.mkdir(parents=True)
    db = build(work)
    if place == "file-system":
        with tmpfs(tmp_path / "mounted") as folder:
            write_later_edits(db, folder / db.name, state)
            remount_read_only(folder)
            yield folder / db.name
        return
    folder = tmp_path / "data"
    folder.mkdir()
    write_later_edits(db, folder / db.name, state)
    if place == "file":
        with read_only(folder / db.name):
            yield folder / db.name
        return
    with read_only_folder(folder):  # no journal, -wal or -shm can be made in it
        yield folder / db.name


def files_as_they_are(folder: Path) -> dict[str, object]:
    """The folder's files, byte for byte and by mtime; the -shm only by name.

    The -shm is the shared memory of the connections reading a WAL database:
    every reader writes its read marks there when it can, as SQLite means it to.
    """
    return {
        name: "present" if name.endswith("-shm") else state
        for name, state in folder_state(folder).items()
    }


@pytest.mark.parametrize("state", WAL_STATES)
@pytest.mark.parametrize("place", PLACES)
def test_stats_and_export_read_it_as_it_is_and_writing_commands_refuse(
    tmp_path: Path, place: str, state: str
) -> None:
    new = write_jsonl(tmp_path / "new.jsonl", [{"text": "A new article on Kirkuk"}])
    out = tmp_path / "out.jsonl"
    with cannot_be_written(place, tmp_path, state) as db:
        before = files_as_they_are(db.parent)
        stats = tagdesk("stats", "--json", "--db", str(db))
        assert stats.returncode == 0, stats.stderr
        figures = json.loads(stats.stdout)
        assert figures["documents"] == {"total": 4, "todo": 1, "in_progress": 0, "done": 3}
        assert figures["spans"]["by_status"] == {"accepted": 6, "suggested": 0, "rejected": 2}

        exported = tagdesk("export", str(out), "--db", str(db))
        assert exported.returncode == 0, exported.stderr
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [len(record["spans"]) for record in records] == [2, 2, 2]

        for command in (["import", str(new)], ["preannotate"], ["--screenshot", "x.png"]):
            line = one_line_error(tagdesk(*command, "--db", str(db)))
            assert line.startswith(f"tagdesk: error: {db}: is read-only (")
            assert "and this needs to write to it" in line
        assert files_as_they_are(db.parent) == before
    assert not Path("x.png").exists()


def test_the_reason_named_is_the_real_one(tmp_path: Path) -> None:
    new = write_jsonl(tmp_path / "new.jsonl", [{"text": "Kirkuk"}])
    reasons = {
        "file": "the file cannot be written",
        "folder": "its folder cannot be written, and SQLite keeps its journal there",
        "file-system": "it is on a read-only file system",
    }
    for number, (place, reason) in enumerate(reasons.items()):
        with cannot_be_written(place, tmp_path / str(number), "checkpointed") as db:
            line = one_line_error(tagdesk("import", str(new), "--db", str(db)))
        assert line == (
            f"tagdesk: error: {db}: is read-only ({reason}), and this needs to write to it "
            "(stats and export only read, and work on it as it is)"
        )


def test_a_new_database_in_a_read_only_place_is_one_line_and_nothing_is_made(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "empty.sqlite3").touch()
    with read_only_folder(folder):
        for name in ("new.sqlite3", "empty.sqlite3"):
            result = tagdesk("import", str(tmp_path / "home"), "--db", str(folder / name))
            line = one_line_error(result)
            assert "its folder cannot be written" in line
        assert [p.name for p in folder.iterdir()] == ["empty.sqlite3"]
    assert (folder / "empty.sqlite3").stat().st_size == 0


def test_only_a_wal_without_its_shm_is_read_from_a_copy_removed_at_close(
    tmp_path: Path,
) -> None:
    """With nothing in a -wal, nothing is copied; with a -wal and no -shm, the copy goes."""
    code = (
        "import sys, os, tempfile; from tagdesk.store import open_store; "
        "s = open_store(sys.argv[1], create=False); "
        "print(s.execute('SELECT count(*) FROM document').fetchone()[0], s.writable, "
        "len([n for n in os.listdir(tempfile.gettempdir()) if n.startswith('tagdesk-read-')])); "
        "s.close()"
    )
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    for number, (state, copies) in enumerate([("checkpointed", "0"), ("wal-without-shm", "1")]):
        with cannot_be_written("file-system", tmp_path / str(number), state) as db:
            result = subprocess.run(
                [sys.executable, "-c", code, str(db)],
                capture_output=True,
                text=True,
                check=False,
                env=env,
            )
        assert result.stdout.split() == ["4", "False", copies], result.stderr
    assert list(temp.iterdir()) == []  # the copy is removed when the database is closed
