"""Prodigy db-out files, in the shapes ner.teach, ner.correct, spans.manual and textcat write,
through the real `tagdesk import`, `stats` and `export` commands."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import tagdesk_command
from tests.helpers import database_exists, database_fingerprint, query, write_jsonl

FIXTURES = Path(__file__).parent / "fixtures" / "prodigy"
TEACH = FIXTURES / "ner_teach.jsonl"
CORRECT = FIXTURES / "ner_correct.jsonl"


def tagdesk(*args: str, annotator: str = "dana") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TAGDESK_ANNOTATOR": annotator}
    return subprocess.run(
        [*tagdesk_command(), *args], capture_output=True, text=True, timeout=120, env=env
    )


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def spans_in_db(db: Path | str) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    """(covered text, label, status, annotator, meta) of every span."""
    rows = query(
        db,
        'SELECT d.text, s."start", s."end", l.name, s.status, s.annotator, s.meta '
        "FROM span s JOIN document d ON d.id = s.document_id "
        'JOIN label l ON l.id = s.label_id ORDER BY d.id, s."start"',
    )
    return [
        (text[start:end], label, status, annotator, json.loads(meta))
        for text, start, end, label, status, annotator, meta in rows
    ]


def imported(
    db: Path, *paths: Path, extra: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    result = tagdesk("import", *map(str, paths), "--db", str(db), *extra)
    assert result.returncode == 0, result.stderr
    return result


def test_ner_teach_answers_become_statuses_and_stats_count_the_rejected(db_path: Path) -> None:
    result = imported(db_path, TEACH)
    by_text = {span[0]: span for span in spans_in_db(db_path)}
    assert {text: span[2] for text, span in by_text.items()} == {
        "Qasem Soleimani": "accepted",
        "Baghdad International Airport": "rejected",
        "Friday": "rejected",
        "Quds Force": "suggested",
        "Ali Khamenei": "accepted",
    }
    assert f'{TEACH}: 1 task answered "ignore": their 1 span came in as suggestions' in (
        result.stderr
    )
    figures = json.loads(tagdesk("stats", "--json", "--db", str(db_path)).stdout)
    assert figures["spans"]["by_status"] == {"suggested": 1, "accepted": 2, "rejected": 2}
    assert figures["documents"]["total"] == 2  # five questions about two texts


def test_ner_teach_span_fields_are_kept_and_the_annotator_is_prodigys(db_path: Path) -> None:
    imported(db_path, TEACH)
    _, _, _, annotator, meta = spans_in_db(db_path)[0]
    assert annotator == "news_ner-alice"
    assert {key: meta[key] for key in ("rank", "score", "priority", "input_hash")} == {
        "rank": 0,
        "score": 0.83,
        "priority": 0.83,
        "input_hash": -1180381582,
    }
    assert meta["_task"]["_task_hash"] == 1497392563
    assert meta["_task"]["_timestamp"] == 1578038400


def test_manual_reject_and_ignore_come_in_as_suggestions_with_warnings(db_path: Path) -> None:
    result = imported(db_path, CORRECT)
    statuses = {text: status for text, _, status, _, _ in spans_in_db(db_path)}
    assert statuses["Reply"] == "suggested"  # reject: the task was wrong, not said which span
    assert statuses["Haider al-Abadi"] == statuses["Amerli"] == "suggested"  # ignore
    assert statuses["Tikrit"] == statuses["March 2015"] == "accepted"
    assert '1 manual task answered "reject": their 1 span came in as suggestions' in result.stderr
    assert '1 task answered "ignore": their 2 spans came in as suggestions' in result.stderr


def test_a_mixed_db_out_file_exports_no_rejected_or_unjudged_span(
    db_path: Path, tmp_path: Path
) -> None:
    mixed = write_jsonl(tmp_path / "db-out.jsonl", [*lines(TEACH), *lines(CORRECT)])
    imported(db_path, mixed)
    out = tmp_path / "out.jsonl"
    assert tagdesk("export", str(out), "--status", "all", "--db", str(db_path)).returncode == 0
    written = {
        record["text"][span["start"] : span["end"]]
        for record in lines(out)
        for span in record["spans"]
    }
    assert written == {
        "Qasem Soleimani",
        "Ali Khamenei",
        "Iraqi",
        "Tikrit",
        "the Islamic State",
        "March 2015",
        "Kurdish",
        "Peshmerga",
        "Jalawla",
    }
    everything = tmp_path / "all.jsonl"
    tagdesk("export", str(everything), "--status", "all", "--spans", "all", "--db", str(db_path))
    statuses = {span["status"] for record in lines(everything) for span in record["spans"]}
    assert statuses == {"accepted", "suggested"}  # rejected spans are never written


@pytest.mark.parametrize("name", ["ner_teach.jsonl", "ner_correct.jsonl", "spans_manual.jsonl"])
def test_prodigys_hashes_and_fields_survive_a_round_trip(
    db_path: Path, tmp_path: Path, name: str
) -> None:
    source = FIXTURES / name
    imported(db_path, source)
    out = tmp_path / "out.jsonl"
    assert tagdesk("export", str(out), "--status", "all", "--db", str(db_path)).returncode == 0
    exported = {record["text"]: record for record in lines(out)}
    for task in lines(source):
        if task["answer"] != "accept":
            continue
        record = exported[task["text"]]
        for key in ("_input_hash", "_task_hash", "_view_id", "_session_id", "_timestamp"):
            assert record[key] == task[key], key
        if len(task["spans"]) == 1 or task["_view_id"] != "ner":
            written = {(s["start"], s["end"], s["label"]) for s in record["spans"]}
            assert {(s["start"], s["end"], s["label"]) for s in task["spans"]} <= written
        for span in task["spans"]:
            match = next(
                s for s in record["spans"] if (s["start"], s["end"]) == (span["start"], span["end"])
            )
            for key in ("rank", "score", "priority", "input_hash"):
                assert match.get(key) == span.get(key), key


def test_a_rejected_text_category_is_exported_rejected(db_path: Path, tmp_path: Path) -> None:
    imported(db_path, FIXTURES / "textcat.jsonl")
    out = tmp_path / "out.jsonl"
    tagdesk("export", str(out), "--status", "all", "--db", str(db_path))
    answers = {record["text"]: (record["answer"], record.get("label")) for record in lines(out)}
    assert answers["Oil prices rose two percent."] == ("reject", "CONFLICT")
    assert answers["Iran vows revenge after the strike in Baghdad."] == ("accept", "CONFLICT")
    choice = next(r for r in lines(out) if r["text"].startswith("Markets"))
    assert choice["accept"] == ["ECONOMY"]
    assert choice["options"][1] == {"id": "ECONOMY", "text": "Economy"}


def test_the_annotator_comes_from_the_file_then_the_option_then_the_analyst(
    db_path: Path, tmp_path: Path
) -> None:
    imported(db_path, CORRECT, extra=("--annotator", "erin"))
    who = {text: annotator for text, _, _, annotator, _ in spans_in_db(db_path)}
    assert who["Tikrit"] == "news_ner-bob"  # _annotator_id
    assert who["Kurdish"] == "erin"  # a "news_ner-default" session names no one
    plain = write_jsonl(
        tmp_path / "plain.jsonl",
        [
            {"text": "Mosul fell in 2014.", "spans": [{"start": 0, "end": 5, "label": "GPE"}]},
            {
                "text": "Kirkuk was retaken.",
                "_session_id": "news_ner-frank",
                "spans": [{"start": 0, "end": 6, "label": "GPE"}],
            },
        ],
    )
    imported(db_path, plain)
    who = {text: annotator for text, _, _, annotator, _ in spans_in_db(db_path)}
    assert who["Mosul"] == "dana"  # TAGDESK_ANNOTATOR, the analyst
    assert who["Kirkuk"] == "news_ner-frank"  # _session_id when there is no _annotator_id
    out = tmp_path / "out.jsonl"
    tagdesk("export", str(out), "--status", "all", "--db", str(db_path))
    written = {
        record["text"][s["start"] : s["end"]]: s["annotator"]
        for record in lines(out)
        for s in record["spans"]
    }
    assert written["Tikrit"] == "news_ner-bob"
    assert written["Kurdish"] == "erin"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.update(spnas=t.pop("spans")), 'unknown field "spnas"'),
        (lambda t: t["spans"][0].update(lable=t["spans"][0].pop("label")), 'a span has no "label"'),
        (lambda t: t["spans"][0].update(lable="ORG"), 'unknown span field "lable"'),
        (
            lambda t: t.update(answer="accpet"),
            "\"answer\" must be accept, reject or ignore, got 'accpet'",
        ),
    ],
)
def test_a_misspelt_field_stops_the_import_naming_the_line(
    db_path: Path, tmp_path: Path, change: Any, message: str
) -> None:
    imported(db_path, FIXTURES / "spans_manual.jsonl")
    before = database_fingerprint(db_path)
    tasks = lines(TEACH)
    change(tasks[2])
    bad = write_jsonl(tmp_path / "bad.jsonl", tasks)
    result = tagdesk("import", str(bad), "--db", str(db_path))
    assert result.returncode == 1
    (said,) = result.stderr.strip().splitlines()
    assert said.startswith(f"tagdesk: error: {bad}:3: ")
    assert message in said
    assert "Traceback" not in result.stderr
    assert database_fingerprint(db_path) == before


def test_an_empty_annotator_name_is_refused(db_path: Path) -> None:
    result = tagdesk("import", str(TEACH), "--db", str(db_path), "--annotator", " ")
    assert result.returncode == 2
    assert "annotator" in result.stderr
    assert not database_exists(db_path)
