"""Schema 7: a version 5 file gains the span metadata column, keeps every row, leaves a backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tagdesk.store import open_store
from tagdesk.store.schema import SCHEMA_VERSION
from tagdesk.transfer import export_file, import_paths
from tests.helpers import write_jsonl
from tests.store.old_schemas import file_as_schema_12


def make_version_5_file(path: Path, source: Path) -> list[tuple[object, ...]]:
    """A file as Tagdesk 5 left it (spans without `meta`); returns its span rows."""
    with open_store(path) as store:
        import_paths(store, [source], annotator="tester")
    connection = sqlite3.connect(path)
    file_as_schema_12(connection)
    connection.execute('ALTER TABLE "span" DROP COLUMN "meta"')
    connection.execute("PRAGMA user_version = 5")
    connection.commit()
    rows = connection.execute('SELECT * FROM "span" ORDER BY id').fetchall()
    connection.close()
    return rows


def test_a_version_5_file_gets_span_meta_and_keeps_its_spans(db_path: Path, tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "text": "Soleimani in Tikrit",
                "status": "done",
                "spans": [{"start": 0, "end": 9, "label": "PERSON"}],
            }
        ],
    )
    before = make_version_5_file(db_path, source)
    assert SCHEMA_VERSION >= 8
    with open_store(db_path) as store:
        after = store.execute('SELECT * FROM "span" ORDER BY id').fetchall()
        teach = write_jsonl(
            tmp_path / "teach.jsonl",
            [
                {
                    "text": "Soleimani in Tikrit",
                    "_view_id": "ner",
                    "answer": "reject",
                    "spans": [{"start": 13, "end": 19, "label": "GPE", "score": 0.4, "rank": 0}],
                }
            ],
        )
        import_paths(store, [teach], annotator="tester")
        out = tmp_path / "out.jsonl"
        export_file(store, out)
    assert [row[:-1] for row in after] == [tuple(row) for row in before]
    assert [row[-1] for row in after] == ["{}"]
    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    meta = connection.execute("SELECT meta FROM span WHERE status = 'rejected'").fetchone()[0]
    connection.close()
    assert '"score":0.4' in meta
    backups = list(db_path.parent.glob(f"{db_path.name}.v5-*.bak"))
    assert len(backups) == 1
    backup = sqlite3.connect(backups[0])
    assert backup.execute('SELECT * FROM "span"').fetchall() == before
    backup.close()
    assert "GPE" not in out.read_text()  # the rejected span is not training data
