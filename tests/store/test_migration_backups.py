"""The copy made before a migration: never over another file, and kept when the migration fails."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tagdesk.store.schema import SCHEMA_VERSION
from tests.conftest import tagdesk_command
from tests.helpers import write_jsonl
from tests.reliability.disk import folder_state, one_line_error, tagdesk
from tests.store.test_schema import make_old_file, old_columns, pragma, table_rows

STAMP = "%Y%m%dT%H%M%S"


def old_file(folder: Path, version: int = 1) -> Path:
    source = write_jsonl(
        folder / "in.jsonl",
        [
            {
                "text": "Qasem Soleimani visited Tikrit.",
                "spans": [{"start": 0, "end": 15, "label": "PERSON"}],
            }
        ],
    )
    db = folder / "work.sqlite3"
    make_old_file(db, source, version)
    source.unlink()
    return db


def backups(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.v*.bak"))


def earlier_backup(path: Path, marker: str) -> None:
    """A file the user keeps under a backup's name: an SQLite file, as a backup is."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE kept (note TEXT)")
    connection.execute("INSERT INTO kept VALUES (?)", (marker,))
    connection.commit()
    connection.close()


def test_a_backup_never_replaces_a_file_of_its_name(tmp_path: Path) -> None:
    db = old_file(tmp_path)
    before = table_rows(db)
    now = datetime.now(UTC)
    for second in range(-2, 60):  # every name the backup could take in the next minute
        stamp = (now + timedelta(seconds=second)).strftime(STAMP)
        earlier_backup(db.with_name(f"{db.name}.v1-{stamp}.bak"), stamp)
    theirs = folder_state(tmp_path)

    result = tagdesk("stats", "--json", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["spans"]["by_label"] == {"PERSON": 1}
    assert pragma(db, "user_version") == SCHEMA_VERSION

    after = folder_state(tmp_path)
    assert {name: after[name] for name in theirs if name != db.name} == {
        name: state for name, state in theirs.items() if name != db.name
    }
    (ours,) = set(after) - set(theirs)
    assert ours.startswith(f"{db.name}.v1-")
    assert ours.endswith("-2.bak")
    assert table_rows(db.with_name(ours)) == before


def test_two_migrations_at_once_each_succeed_and_every_backup_is_whole(tmp_path: Path) -> None:
    """A window and an import started together on an old file."""
    db = old_file(tmp_path)
    before = table_rows(db)
    runs = [
        subprocess.Popen(
            [*tagdesk_command(), "stats", "--json", "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for run in runs:
        out, err = run.communicate(timeout=110)
        assert run.returncode == 0, err
        assert json.loads(out)["spans"]["by_label"] == {"PERSON": 1}
    assert pragma(db, "user_version") == SCHEMA_VERSION
    after = table_rows(db)
    assert old_columns(after, before) == before
    made = backups(db)
    assert made  # one, or more if two read the old version at the same moment
    for backup in made:
        assert pragma(backup, "user_version") == 1
        assert table_rows(backup) == before


def test_a_failed_migration_leaves_the_original_and_its_backups_intact(tmp_path: Path) -> None:
    db = old_file(tmp_path, version=3)
    connection = sqlite3.connect(db)  # a span whose document is gone: version 4 refuses it
    connection.execute(
        'INSERT INTO span (document_id, "start", "end", label_id, source, status, note, '
        'annotator, created_at, updated_at) SELECT 999, "start", "end", label_id, source, '
        "status, note, annotator, created_at, updated_at FROM span"
    )
    connection.commit()
    connection.close()
    before = table_rows(db)
    for attempt in (1, 2):  # tried again at once: the second backup is another file
        line = one_line_error(tagdesk("stats", "--db", str(db)))
        assert line == (
            f"tagdesk: error: {db}: cannot be migrated: a row refers to one that does not "
            "exist (PRAGMA foreign_key_check); the file is unchanged"
        )
        assert table_rows(db) == before
        assert pragma(db, "user_version") == 3
        made = backups(db)
        assert len(made) == attempt
        for backup in made:
            assert table_rows(backup) == before
