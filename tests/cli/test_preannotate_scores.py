"""`tagdesk preannotate` keeps each suggestion's score; the export carries it as Prodigy does."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import tagdesk
from tests.conftest import SEEDS
from tests.helpers import Connection


def suggestions(path: Path) -> list[tuple[int, int, int, str, str]]:
    connection = Connection(path)
    try:
        return connection.execute(
            'SELECT s.document_id, s."start", s."end", l.name, s.meta FROM span s '
            "JOIN label l ON l.id = s.label_id ORDER BY 1, 2, 3, 4"
        ).fetchall()
    finally:
        connection.close()


def test_scores_are_kept_by_default_and_the_suggestions_are_the_same_without(
    db_path: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.sqlite3"  # the same documents in a file of their own
    for target in (db_path, plain):
        assert tagdesk("import", str(SEEDS), "--db", str(target)).returncode == 0

    scored = tagdesk("preannotate", "--db", str(db_path), "--processes", "2")
    assert scored.returncode == 0, scored.stderr
    unscored = tagdesk("preannotate", "--db", str(plain), "--no-scores")
    assert unscored.returncode == 0, unscored.stderr

    with_scores, without = suggestions(db_path), suggestions(plain)
    assert [row[:4] for row in with_scores] == [row[:4] for row in without]
    assert len(with_scores) > 300
    assert {row[4] for row in without} == {"{}"}
    scores = [json.loads(row[4])["score"] for row in with_scores]
    assert all(isinstance(score, float) and 0.0 <= score <= 1.0 for score in scores)
    assert min(scores) < 0.5 < max(scores)

    out = tmp_path / "out.jsonl"
    exported = tagdesk(
        "export", "--db", str(db_path), "--status", "all", "--spans", "all", str(out)
    )
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    spans = [span for record in records for span in record["spans"]]
    assert len(spans) == len(with_scores)
    assert sorted(span["score"] for span in spans) == sorted(scores)
