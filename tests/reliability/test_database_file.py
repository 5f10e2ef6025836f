"""`--db` pointed at the wrong file: another program's database, an empty file, a folder, a
FIFO, a device. One line, and the file and its folder exactly as they were."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tagdesk.store.schema import SCHEMA_VERSION
from tests.conftest import SEEDS
from tests.reliability.disk import folder_state, need_root, one_line_error, tagdesk


def browser_history(path: Path, *, wal: bool = False, user_version: int = 0) -> Path:
    """A web browser's `places.sqlite`: its own tables, and rows in them."""
    connection = sqlite3.connect(path)
    if wal:
        connection.execute("PRAGMA journal_mode = wal")
    connection.executescript(
        """
        CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT);
        CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, fk INTEGER, title TEXT);
        INSERT INTO moz_places (url, title) VALUES ('https://example.org/iraq', 'Iraq');
        INSERT INTO moz_bookmarks (fk, title) VALUES (1, 'News');
        """
    )
    connection.execute(f"PRAGMA user_version = {user_version}")
    connection.commit()
    connection.close()
    return path


def every_command(db: Path, out: Path) -> list[list[str]]:
    """Each way in: reading, importing, exporting, and the window."""
    return [
        ["stats", "--db", str(db)],
        ["import", str(SEEDS), "--db", str(db)],
        ["export", str(out / "out.jsonl"), "--db", str(db)],
        ["--screenshot", str(out / "shot.png"), "--db", str(db)],
    ]


@pytest.mark.parametrize(
    "make",
    [
        lambda p: browser_history(p),
        lambda p: browser_history(p, wal=True),
        lambda p: browser_history(p, user_version=SCHEMA_VERSION + 70),  # a version of its own
    ],
    ids=["rollback-journal", "wal", "own-user-version"],
)
def test_another_programs_database_is_left_byte_for_byte_untouched(tmp_path: Path, make) -> None:
    folder = tmp_path / "profile"
    folder.mkdir()
    places = make(folder / "places.sqlite")
    out = tmp_path / "out"
    out.mkdir()
    before = folder_state(folder)
    for command in every_command(places, out):
        line = one_line_error(tagdesk(*command))
        assert line == f"tagdesk: error: {places}: is not a Tagdesk database (unknown tables)"
        assert folder_state(folder) == before  # no -wal, -shm or -journal beside it either
    assert list(out.iterdir()) == []


def test_a_foreign_database_keeps_its_journal_mode(tmp_path: Path) -> None:
    places = browser_history(tmp_path / "places.sqlite")
    one_line_error(tagdesk("stats", "--db", str(places)))
    connection = sqlite3.connect(places)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        connection.close()


def tagdesk_file(path: Path) -> Path:
    result = tagdesk("import", str(SEEDS), "--db", str(path))
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("table", ["span", "document_counts", "label"])
def test_a_tagdesk_looking_file_missing_a_table_is_refused_untouched(
    tmp_path: Path, table: str
) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    path = tagdesk_file(folder / "damaged.sqlite3")
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = OFF")
    for (trigger,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    ).fetchall():
        connection.execute(f'DROP TRIGGER "{trigger}"')
    connection.execute(f'DROP TABLE "{table}"')
    connection.commit()
    connection.close()
    out = tmp_path / "out"
    out.mkdir()
    before = folder_state(folder)
    for command in every_command(path, out):
        line = one_line_error(tagdesk(*command))
        assert line == f"tagdesk: error: {path}: is not a Tagdesk database (no {table} table)"
    assert folder_state(folder) == before
    assert list(out.iterdir()) == []


def test_a_file_from_a_newer_tagdesk_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    path = tagdesk_file(folder / "newer.sqlite3")
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    out = tmp_path / "out"
    out.mkdir()
    before = folder_state(folder)
    for command in every_command(path, out):
        line = one_line_error(tagdesk(*command))
        assert f"{path}: was written by a newer Tagdesk (schema {SCHEMA_VERSION + 1};" in line
    assert folder_state(folder) == before
    assert list(out.iterdir()) == []


def test_an_empty_file_is_a_new_database_that_only_writing_commands_start(
    tmp_path: Path,
) -> None:
    """`touch new.db` then `tagdesk import ... --db new.db`: the user made a place for one."""
    folder = tmp_path / "db"
    folder.mkdir()
    path = folder / "new.db"
    path.touch()
    before = folder_state(folder)
    out = tmp_path / "out.jsonl"
    for command in (["stats"], ["export", str(out)]):
        line = one_line_error(tagdesk(*command, "--db", str(path)))
        assert line == f"tagdesk: error: {path}: is empty: there is no Tagdesk database in it yet"
    assert folder_state(folder) == before
    assert not out.exists()

    assert tagdesk_file(path).stat().st_size > 0
    figures = json.loads(tagdesk("stats", "--json", "--db", str(path)).stdout)
    assert figures["documents"]["total"] == 5


def test_a_read_only_command_creates_no_database_and_no_folder(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    for command in (["stats"], ["stats", "--json"], ["export", str(out)]):
        for missing in (tmp_path / "typo.db", tmp_path / "no" / "such" / "folder" / "x.db"):
            line = one_line_error(tagdesk(*command, "--db", str(missing)))
            assert line == f"tagdesk: error: {missing}: no such database"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def test_import_creates_a_missing_folder_and_its_database(tmp_path: Path) -> None:
    """The control: a writing command does make the file it was told to."""
    path = tmp_path / "new" / "folder" / "work.sqlite3"
    tagdesk_file(path)
    assert json.loads(tagdesk("stats", "--json", "--db", str(path)).stdout)["documents"] == {
        "total": 5,
        "todo": 5,
        "in_progress": 0,
        "done": 0,
    }


def special_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each thing that is not a database file, and the words that say what it is."""
    fifo = folder / "pipe.db"
    os.mkfifo(fifo)
    (folder / "folder.db").mkdir()
    places = browser_history(folder / "places.sqlite")
    (folder / "link.db").symlink_to(places.name)
    (folder / "dangling.db").symlink_to("moved-away.sqlite3")
    (folder / "truncated.db").write_bytes(b"SQLite format 3\x00x")  # cut short in a copy
    cases = {
        "truncated": (
            folder / "truncated.db",
            "is not a Tagdesk database (file is not a database)",
        ),
        "folder": (folder / "folder.db", "is a folder, not a database file"),
        "fifo": (fifo, "is a named pipe (FIFO), not a database file"),
        "symlink-to-foreign": (folder / "link.db", "is not a Tagdesk database (unknown tables)"),
        "dangling-symlink": (
            folder / "dangling.db",
            "is a symbolic link to moved-away.sqlite3, which does not exist",
        ),
    }
    if os.geteuid() == 0:  # a device node of our own, so nothing can appear in /dev
        subprocess.run(["mknod", str(folder / "null.db"), "c", "1", "3"], check=True)
        cases["device"] = (folder / "null.db", "is a device, not a database file")
    return cases


@pytest.mark.parametrize(
    "case", ["truncated", "folder", "fifo", "symlink-to-foreign", "dangling-symlink", "device"]
)
def test_a_database_location_that_is_not_a_file_is_one_line_and_nothing_changes(
    tmp_path: Path, case: str
) -> None:
    folder = tmp_path / "where"
    folder.mkdir()
    cases = special_files(folder)
    if case not in cases:
        need_root("making a device node")
    path, message = cases[case]
    out = tmp_path / "out"
    out.mkdir()
    before = folder_state(folder)
    for command in every_command(path, out):
        line = one_line_error(tagdesk(*command, timeout=30))
        assert line == f"tagdesk: error: {path}: {message}"
    assert folder_state(folder) == before
    assert list(out.iterdir()) == []


def test_dev_null_is_not_a_database() -> None:
    before = sorted(Path("/dev").iterdir())
    for command in (["stats"], ["import", str(SEEDS)]):
        line = one_line_error(tagdesk(*command, "--db", "/dev/null"))
        assert line == "tagdesk: error: /dev/null: is a device, not a database file"
    assert sorted(Path("/dev").iterdir()) == before


def test_a_database_whose_folder_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Tikrit notes\n", encoding="utf-8")
    under_a_file = tmp_path / "notes.txt" / "sub" / "work.sqlite3"
    before = folder_state(tmp_path)
    line = one_line_error(tagdesk("import", str(SEEDS), "--db", str(under_a_file)))
    assert line == f"tagdesk: error: {under_a_file}: a part of this path is a file, not a folder"
    folder_name = f"{tmp_path}/new-folder/"
    line = one_line_error(tagdesk("import", str(SEEDS), "--db", folder_name))
    assert (
        line
        == f"tagdesk: error: {folder_name}: ends with /, so names a folder, not a database file"
    )
    in_proc = Path("/proc/tagdesk-test/work.sqlite3")
    line = one_line_error(tagdesk("import", str(SEEDS), "--db", str(in_proc)))
    assert line.startswith(f"tagdesk: error: {in_proc}: cannot create its folder: ")
    assert folder_state(tmp_path) == before
