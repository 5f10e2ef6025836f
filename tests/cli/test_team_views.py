"""`tagdesk train`, `preannotate --phrases` and `stats` on a team's work, and their
`--annotator` and `--gold`, through the real command (both engines).

The corpus is tests/store/test_team_version.py's: two analysts who disagree
on a shared document, a document given to nobody with a span both made, and
a document with a reviewer's gold version.
"""

from __future__ import annotations

import json
from pathlib import Path

from tagdesk.store import open_store
from tagdesk.store.editing import document_spans
from tests.cli.test_cli import tagdesk
from tests.store.test_team_version import FOURTH, team_corpus


def _corpus(db_path: Path) -> str:
    with open_store(db_path) as store:
        team_corpus(store)
    return str(db_path)


def _suggested(db: str) -> set[tuple[str, str]]:
    with open_store(db) as store:
        names = dict(store.execute("SELECT id, name FROM label").fetchall())
        return {
            (FOURTH[s.start : s.end], names[s.label_id])
            for s in document_spans(store, 4)
            if s.status == "suggested"
        }


def test_stats_count_the_teams_version_gold_or_one_analysts_work(db_path: Path) -> None:
    db = _corpus(db_path)
    team = json.loads(tagdesk("stats", "--json", "--db", db).stdout)
    assert team["spans"] == {
        "total": 5,
        "by_label": {"GPE": 2, "PERSON": 3},
        "by_status": {"suggested": 0, "accepted": 5, "rejected": 0},
    }
    assert team["documents"] == {"total": 4, "todo": 1, "in_progress": 0, "done": 3}
    ben = json.loads(tagdesk("stats", "--json", "--annotator", "ben", "--db", db).stdout)
    assert ben["spans"] == {
        "total": 6,
        "by_label": {"DATE": 1, "ORG": 2, "PERSON": 3},
        "by_status": {"suggested": 0, "accepted": 5, "rejected": 1},
    }
    gold = json.loads(tagdesk("stats", "--json", "--gold", "--db", db).stdout)
    assert (gold["documents"]["total"], gold["spans"]["by_label"]) == (1, {"GPE": 1, "PERSON": 1})
    shown = tagdesk("stats", "--db", db).stdout
    assert "accepted 5, suggested 0, rejected 0" in shown


def test_phrases_are_learnt_from_the_view_given(db_path: Path) -> None:
    db = _corpus(db_path)
    result = tagdesk("preannotate", "--phrases", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "4 accepted texts looked for in 1 of 1 document not done" in result.stdout
    assert _suggested(db) == {("Basra", "GPE")}  # Tikrit and Hadi al-Amiri are disputed
    result = tagdesk("preannotate", "--phrases", "--annotator", "ben", "--db", db)
    assert result.returncode == 0, result.stderr
    assert _suggested(db) == {("Basra", "GPE"), ("Tikrit", "ORG")}  # Basra is taken already


def test_train_learns_from_the_view_given(db_path: Path, tmp_path: Path) -> None:
    db = _corpus(db_path)
    result = tagdesk("train", str(tmp_path / "gold"), "--gold", "--status", "all", "--db", db)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "tagdesk: error: training needs at least 2 documents marked done or with decided spans in "
        "the reviewed version (gold) (one is held out to score on); there is 1"
    )
    result = tagdesk("train", str(tmp_path / "team"), "--max-steps", "1", "--json", "--db", db)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["train_documents"] + figures["dev_documents"] == 3
    assert (figures["misaligned"], figures["overlapping"]) == (0, 0)


def test_the_options_say_what_is_wrong(db_path: Path, tmp_path: Path) -> None:
    db = _corpus(db_path)
    result = tagdesk("stats", "--annotator", "gold", "--db", db)
    assert result.returncode == 2
    assert "'gold' is the reviewed version: use --gold" in result.stderr
    result = tagdesk("train", str(tmp_path / "m"), "--annotator", "cy", "--db", db)
    assert result.returncode == 1
    assert result.stderr.strip() == "tagdesk: error: --annotator: nobody named cy (known: ana, ben)"
    assert not (tmp_path / "m").exists()
    result = tagdesk("preannotate", "--annotator", "ana", "--db", db)
    assert result.returncode == 1
    assert "--annotator goes with --phrases" in result.stderr
    result = tagdesk("stats", "--gold", "--annotator", "ana", "--db", db)
    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr
