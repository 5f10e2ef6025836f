"""A migration's backup copy never writes over a file already there."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tagdesk.store import open_store
from tagdesk.store.schema import SCHEMA_VERSION


def test_a_backup_never_replaces_a_file_with_its_name(db_path: Path) -> None:
    open_store(db_path).close()
    now = datetime.now(UTC)
    taken = []
    for seconds in range(4):  # this second and the next few: the backup lands in one of them
        stamp = (now + timedelta(seconds=seconds)).strftime("%Y%m%dT%H%M%S")
        path = db_path.with_name(f"{db_path.name}.v{SCHEMA_VERSION}-{stamp}.bak")
        path.write_text("an earlier backup the analyst keeps\n", encoding="utf-8")
        taken.append(path)

    def noop(_store: object) -> None:
        return None

    open_store(
        db_path, migrations={SCHEMA_VERSION: noop}, schema_version=SCHEMA_VERSION + 1
    ).close()
    for path in taken:
        assert path.read_text(encoding="utf-8") == "an earlier backup the analyst keeps\n"
    (made,) = set(db_path.parent.glob(f"{db_path.name}.v{SCHEMA_VERSION}-*.bak")) - set(taken)
    assert made.name.endswith("-2.bak")
    connection = sqlite3.connect(made)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    connection.close()
