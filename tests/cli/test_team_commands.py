"""`tagdesk assign` and `tagdesk agreement`, run as the real command on small databases.

Two analysts' work comes in through `tagdesk import --annotator`, each kept
as their own; the figures `tagdesk agreement` prints were worked out by hand
(below, next to each case).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tagdesk.store import open_store
from tagdesk.store.assignments import set_assignment_status
from tests.conftest import tagdesk_command
from tests.helpers import database_fingerprint, write_jsonl

FIRST = "Ana Lopez met Omar in Basra on Monday."  # 9 word tokens, the full stop one of them
SECOND = "Hadi spoke."  # 3 word tokens


def tagdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*tagdesk_command(), *args], capture_output=True, text=True, timeout=120)


def span(text: str, word: str, label: str) -> dict[str, object]:
    start = text.index(word)
    return {"start": start, "end": start + len(word), "label": label}


def two_analysts(db: str, tmp_path: Path) -> None:
    """ana and ben annotated both texts; both marked the first done, only ana the second."""
    ana = [
        {
            "text": FIRST,
            "spans": [
                span(FIRST, "Ana Lopez", "PERSON"),
                span(FIRST, "Omar", "PERSON"),
                span(FIRST, "Basra", "GPE"),
            ],
        },
        {"text": SECOND, "spans": [span(SECOND, "Hadi", "PERSON")]},
    ]
    ben = [
        {
            "text": FIRST,
            "spans": [
                span(FIRST, "Ana", "PERSON"),
                span(FIRST, "Omar", "PERSON"),
                span(FIRST, "Basra", "ORG"),
            ],
        },
        {"text": SECOND, "spans": [span(SECOND, "Hadi", "PERSON")]},
    ]
    for name, records in (("ana", ana), ("ben", ben)):
        path = write_jsonl(tmp_path / f"{name}.jsonl", records)
        result = tagdesk("import", str(path), "--db", db, "--annotator", name)
        assert result.returncode == 0, result.stderr
    result = tagdesk("assign", "--db", db, "--annotators", "ana,ben", "--overlap", "2")
    assert result.returncode == 0, result.stderr
    with open_store(db) as store:
        set_assignment_status(store, 1, "ana", "done")
        set_assignment_status(store, 1, "ben", "done")
        set_assignment_status(store, 2, "ana", "done")


def test_agreement_over_documents_both_finished_is_what_was_worked_out_by_hand(
    engine_target: str, tmp_path: Path
) -> None:
    two_analysts(engine_target, tmp_path)
    result = tagdesk("agreement", "--db", engine_target, "--json")
    assert result.returncode == 0, result.stderr
    (pair,) = json.loads(result.stdout)["pairs"]
    # Exact: one of three spans each matches, 2*1/6. Overlap: two of three each way.
    # Tokens (Ana Lopez met Omar in Basra on Monday .): ana P P O P O G O O O, ben
    # P O O P O ORG O O O; 7 of 9 agree, chance (3*2 + 5*6)/81 = 4/9: kappa (7/9-4/9)/(5/9).
    assert pair == {
        "annotators": ["ana", "ben"],
        "documents": 1,
        "span_f1": 0.3333,
        "overlap_f1": 0.6667,
        "token_kappa": 0.6,
        "by_label": {
            # PERSON: 2*1/4; both of each overlap; 8 of 9 agree, chance 48/81: 24/33.
            "GPE": {"span_f1": 0.0, "overlap_f1": 0.0, "token_kappa": 0.0},
            "ORG": {"span_f1": 0.0, "overlap_f1": 0.0, "token_kappa": 0.0},
            "PERSON": {"span_f1": 0.5, "overlap_f1": 1.0, "token_kappa": 0.7273},
        },
        "relations": {
            "relation_f1": 1.0,
            "overlap_f1": 1.0,
            "first": 0,
            "second": 0,
            "by_type": {},
        },
    }


def test_agreement_over_all_shared_documents_and_one_label(tmp_path: Path) -> None:
    db = str(tmp_path / "team.sqlite3")
    two_analysts(db, tmp_path)
    result = tagdesk("agreement", "--db", db, "--all", "--json")
    (pair,) = json.loads(result.stdout)["pairs"]
    # Both texts: exact 2*2/8; overlap 3 of 4 each way; 12 tokens, 10 agree, chance
    # (4*3 + 7*8)/144 = 68/144: kappa (120-68)/(144-68) = 52/76.
    assert (pair["documents"], pair["span_f1"], pair["overlap_f1"], pair["token_kappa"]) == (
        2,
        0.5,
        0.75,
        0.6842,
    )
    only = json.loads(tagdesk("agreement", "--db", db, "--all", "--json", "--labels", "GPE").stdout)
    # Only ana marked a GPE: nothing matches, and her one GPE token is all the kappa sees.
    assert only["pairs"][0]["by_label"] == {
        "GPE": {"span_f1": 0.0, "overlap_f1": 0.0, "token_kappa": 0.0}
    }
    table = tagdesk("agreement", "--db", db)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["documents", "span", "F1", "overlap", "F1", "token", "kappa"]
    assert lines[1].split() == ["ana", "/", "ben", "1", "0.333", "0.667", "0.600"]
    assert lines[4].split() == ["PERSON", "0.500", "1.000", "0.727"]


def relate(db: str, annotator: str, head: str, child: str, type_name: str) -> None:
    """An accepted relation of `annotator` between two of their spans in the first text."""
    with open_store(db) as store:
        ids = {}
        for word in (head, child):
            start = FIRST.index(word)
            ids[word] = store.execute(
                'SELECT id FROM span WHERE document_id = 1 AND annotator = ? AND "start" = ?',
                (annotator, start),
            ).fetchone()[0]
        (type_id,) = store.execute(
            "SELECT id FROM relation_type WHERE name = ?", (type_name,)
        ).fetchone()
        store.execute(
            "INSERT INTO relation (document_id, type_id, head_span_id, child_span_id, status, "
            "source, note, annotator, created_at, updated_at) "
            "VALUES (1, ?, ?, ?, 'accepted', 'manual', '', ?, ?, ?)",
            (type_id, ids[head], ids[child], annotator, "2026-01-01", "2026-01-01"),
        )


def test_relation_agreement_is_what_was_worked_out_by_hand(
    engine_target: str, tmp_path: Path
) -> None:
    two_analysts(engine_target, tmp_path)
    # ana: Ana Lopez MET Omar, Ana Lopez LOCATED_IN Basra (GPE). ben: Omar MET Ana (drawn the
    # other way: MET has no direction), Ana LOCATED_IN Basra (ORG).
    relate(engine_target, "ana", "Ana Lopez", "Omar", "MET")
    relate(engine_target, "ana", "Ana Lopez", "Basra", "LOCATED_IN")
    relate(engine_target, "ben", "Omar", "Ana", "MET")
    relate(engine_target, "ben", "Ana", "Basra", "LOCATED_IN")
    result = tagdesk("agreement", "--db", engine_target, "--json")
    assert result.returncode == 0, result.stderr
    (pair,) = json.loads(result.stdout)["pairs"]
    # Exact: ben's "Ana" is not "Ana Lopez", so nothing matches: 0. Overlap: MET matches
    # (Ana shares characters with Ana Lopez); LOCATED_IN does not (Basra's labels differ):
    # precision 1/2, recall 1/2.
    assert pair["relations"] == {
        "relation_f1": 0.0,
        "overlap_f1": 0.5,
        "first": 2,
        "second": 2,
        "by_type": {
            "LOCATED_IN": {"relation_f1": 0.0, "overlap_f1": 0.0, "first": 1, "second": 1},
            "MET": {"relation_f1": 0.0, "overlap_f1": 1.0, "first": 1, "second": 1},
        },
    }
    only = json.loads(
        tagdesk("agreement", "--db", engine_target, "--json", "--labels", "PERSON").stdout
    )
    assert only["pairs"][0]["relations"]["by_type"] == {
        "MET": {"relation_f1": 0.0, "overlap_f1": 1.0, "first": 1, "second": 1}
    }
    lines = tagdesk("agreement", "--db", engine_target).stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("relations")))
    assert [line.split() for line in lines[start:]] == [
        ["relations", "drawn", "rel.", "F1", "overlap", "F1"],
        ["ana", "/", "ben", "2", "/", "2", "0.000", "0.500"],
        ["LOCATED_IN", "1", "/", "1", "0.000", "0.000"],
        ["MET", "1", "/", "1", "0.000", "1.000"],
    ]


def test_agreement_without_two_finished_annotators_says_so(tmp_path: Path) -> None:
    db = str(tmp_path / "alone.sqlite3")
    source = write_jsonl(
        tmp_path / "a.jsonl", [{"text": FIRST, "spans": [span(FIRST, "Omar", "PERSON")]}]
    )
    assert tagdesk("import", str(source), "--db", db).returncode == 0
    assert tagdesk("assign", "--db", db, "--annotators", "tester").returncode == 0
    result = tagdesk("agreement", "--db", db)
    assert (result.returncode, result.stdout) == (
        0,
        "no two annotators have both marked one document done "
        "(--all: every document both have spans in)\n",
    )
    assert json.loads(tagdesk("agreement", "--db", db, "--json").stdout) == {"pairs": []}
    wrong = tagdesk("agreement", "--db", db, "--labels", "PERSN")
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("tagdesk: error: --labels: no label named PERSN (known: ")
    assert wrong.stderr.count("\n") == 1


def _assignments(db: str) -> dict[int, list[str]]:
    with open_store(db) as store:
        rows = store.execute("SELECT document_id, annotator FROM assignment").fetchall()
    found: dict[int, list[str]] = {}
    for document_id, annotator in rows:
        found.setdefault(document_id, []).append(annotator)
    return {document_id: sorted(names) for document_id, names in sorted(found.items())}


def test_assign_balances_load_keeps_what_was_given_and_runs_again_as_a_no_op(
    engine_target: str, tmp_path: Path
) -> None:
    texts = [{"text": f"Article {number} about Mosul."} for number in range(1, 6)]
    tagdesk("import", str(write_jsonl(tmp_path / "five.jsonl", texts)), "--db", engine_target)
    result = tagdesk(
        "assign", "--db", engine_target, "--annotators", "cy,ana,ben", "--overlap", "2"
    )
    assert result.returncode == 0, result.stderr
    # In id order, each to the two holding fewest, ties by name: 1 ana ben (1 1 0),
    # 2 cy ana (2 1 1), 3 ben cy (2 2 2), 4 ana ben (3 3 2), 5 cy ana (4 3 3).
    given = {1: ["ana", "ben"], 2: ["ana", "cy"], 3: ["ben", "cy"], 4: ["ana", "ben"]}
    assert _assignments(engine_target) == {**given, 5: ["ana", "cy"]}
    assert [line.split()[:2] for line in result.stdout.splitlines()[:3]] == [
        ["cy", "3"],
        ["ana", "4"],
        ["ben", "3"],
    ]
    again = tagdesk("assign", "--db", engine_target, "--annotators", "ana,ben,cy", "--overlap", "2")
    assert again.returncode == 0
    assert "(0 new;" in again.stdout
    assert _assignments(engine_target) == {**given, 5: ["ana", "cy"]}
    more = tagdesk(
        "assign", "--db", engine_target, "--annotators", "ana,ben,cy,dee", "--overlap", "3",
        "--documents", "1", "2",
    )  # fmt: skip
    assert more.returncode == 0, more.stderr
    # Each lacks one: dee holds nothing, so both go to dee; nobody loses a document.
    assert _assignments(engine_target) == {
        1: ["ana", "ben", "dee"],
        2: ["ana", "cy", "dee"],
        3: ["ben", "cy"],
        4: ["ana", "ben"],
        5: ["ana", "cy"],
    }


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--annotators", "a,b", "--overlap", "3"], "--overlap 3 is more than the 2 annotators"),
        (["--annotators", "ana,gold"], "'gold' is the name of the reviewed version (gold)"),
        (["--annotators", "ana,ana"], "'ana' is named twice"),
        (["--annotators", "ana", "--documents", "1", "99"], "--documents: no document 99 in "),
    ],
)
def test_assign_refuses_in_one_line_and_changes_nothing(
    arguments: list[str], message: str, tmp_path: Path
) -> None:
    db = str(tmp_path / "team.sqlite3")
    tagdesk("import", str(write_jsonl(tmp_path / "t.jsonl", [{"text": FIRST}])), "--db", db)
    tagdesk("assign", "--db", db, "--annotators", "cy")
    before = database_fingerprint(Path(db))
    result = tagdesk("assign", "--db", db, *arguments)
    assert result.returncode == 1
    assert result.stderr.startswith("tagdesk: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert database_fingerprint(Path(db)) == before


def test_import_refuses_gold_as_an_annotator(tmp_path: Path) -> None:
    db = tmp_path / "team.sqlite3"
    source = write_jsonl(tmp_path / "t.jsonl", [{"text": FIRST}])
    result = tagdesk("import", str(source), "--db", str(db), "--annotator", "Gold")
    assert result.returncode == 2  # argparse's refusal of an option's value
    assert "is the name of the reviewed version (gold), not of a person" in result.stderr
    assert not db.exists()
