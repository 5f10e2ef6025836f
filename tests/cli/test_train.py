"""`tagdesk train`: a pipeline fine-tuned on the accepted spans, scored, kept as a version."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import tagdesk
from tests.helpers import Connection, database_fingerprint, write_seed_corpus

STEPS = "3"


def review(tmp_path: Path, db_path: Path, articles: int) -> Path:
    """Seed articles pre-annotated; every suggestion accepted, one in five rejected, and
    all documents done but the last, which stays in progress."""
    corpus = write_seed_corpus(tmp_path / "corpus", articles)
    assert tagdesk("import", str(corpus), "--db", str(db_path)).returncode == 0
    result = tagdesk("preannotate", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    connection = Connection(db_path)
    with connection:
        connection.execute("UPDATE span SET status = 'accepted'")
        connection.execute("UPDATE span SET status = 'rejected' WHERE id % 5 = 0")
        connection.execute("UPDATE document SET status = 'done' WHERE id < ?", (articles,))
        connection.execute("UPDATE document SET status = 'in_progress' WHERE id = ?", (articles,))
    connection.close()
    return db_path


@pytest.fixture
def reviewed(tmp_path: Path, db_path: Path) -> Path:
    return review(tmp_path, db_path, 12)


def dev_texts(
    db_path: Path, status: str = "done"
) -> list[tuple[str, bool, list[tuple[int, int, str]]]]:
    """The dev documents, worked out here from the rule: SHA-256 of the text, first 8 hex
    digits as a fraction of 2**32, below 0.2."""
    connection = Connection(db_path)
    try:
        documents = connection.execute(
            "SELECT id, text, status FROM document ORDER BY id"
        ).fetchall()
        spans = connection.execute(
            'SELECT s.document_id, s."start", s."end", l.name FROM span s '
            "JOIN label l ON l.id = s.label_id WHERE s.status = 'accepted'"
        ).fetchall()
    finally:
        connection.close()
    chosen = []
    for document_id, text, document_status in documents:
        if status == "done" and document_status != "done":
            continue
        position = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 2**32
        if position < 0.2:
            accepted = [(s, e, label) for d, s, e, label in spans if d == document_id]
            chosen.append((text, document_status == "done", accepted))
    return chosen


def spacy_scores(
    model: str, dev: list[tuple[str, bool, list[tuple[int, int, str]]]]
) -> dict[str, Any]:
    """Precision, recall and F by spaCy's own evaluation of the entity recogniser."""
    import spacy
    from spacy.training import Example
    from spacy.util import filter_spans

    nlp = spacy.load(model)
    examples = []
    for text, done, accepted in dev:
        reference = nlp.make_doc(text)
        ents = filter_spans([reference.char_span(s, e, label=label) for s, e, label in accepted])
        reference.set_ents(ents, default="outside" if done else "missing")
        examples.append(Example(nlp.make_doc(text), reference))
    with nlp.select_pipes(enable=["ner"]):
        return nlp.evaluate(examples)


def test_train_writes_a_loadable_pipeline_whose_figures_are_spacys(
    reviewed: Path, tmp_path: Path
) -> None:
    import spacy

    out = tmp_path / "models" / "first"
    out.mkdir(parents=True)  # an empty folder is taken
    result = tagdesk("train", str(out), "--max-steps", STEPS, "--json", "--db", str(reviewed))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["model"] == str(out)
    assert report["version"] == 1
    assert report["steps"] == 3

    dev = dev_texts(reviewed)
    assert report["dev_documents"] == len(dev) > 0
    assert report["train_documents"] == 11 - len(dev)

    nlp = spacy.load(out)
    assert "ner" in nlp.pipe_names
    assert report["source"] == f"{nlp.meta['lang']}_{nlp.meta['name']}@{nlp.meta['version']}"
    assert "_tagdesk1@" in report["source"]

    trained = spacy_scores(str(out), dev)
    base = spacy_scores(report["base_model"], dev)
    for figures, expected in ((report["trained"], trained), (report["base"], base)):
        assert figures["ents_f"] == pytest.approx(expected["ents_f"])
        assert figures["ents_p"] == pytest.approx(expected["ents_p"])
        assert set(figures["by_label"]) == set(expected["ents_per_type"])
        for label, prf in expected["ents_per_type"].items():
            assert figures["by_label"][label] == pytest.approx(prf), label
    assert report["base"]["ents_f"] > 0.5  # the base model's own suggestions, mostly accepted

    connection = Connection(reviewed)
    record = json.loads(
        connection.execute("SELECT value FROM setting WHERE key = 'training.version.1'").fetchone()[
            0
        ]
    )
    connection.close()
    assert record["path"] == str(out)
    assert record["base"] == report["base_model"]
    assert record["created_at"]
    assert record["trained_scores"] == report["trained"]
    assert record["base_scores"] == report["base"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["first"]  # nothing left beside it


def test_suggestions_of_a_trained_version_name_it(reviewed: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    second = tmp_path / "second"
    for folder in (first, second):
        result = tagdesk("train", str(folder), "--max-steps", "1", "--json", "--db", str(reviewed))
        assert result.returncode == 0, result.stderr
    source = json.loads(result.stdout)["source"]
    assert "_tagdesk2@" in source
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "new.txt").write_text("Qasem Soleimani was seen in Tikrit and Baghdad.\n", "utf-8")
    assert tagdesk("import", str(fresh), "--db", str(reviewed)).returncode == 0
    run = tagdesk("preannotate", "--model", str(second), "--documents", "13", "--db", str(reviewed))
    assert run.returncode == 0, run.stderr
    assert source in run.stdout
    connection = Connection(reviewed)
    sources = {
        row[0] for row in connection.execute("SELECT source FROM span WHERE document_id = 13")
    }
    versions = connection.execute(
        "SELECT key FROM setting WHERE key LIKE 'training.version.%' ORDER BY key"
    ).fetchall()
    connection.close()
    assert sources == {source}
    assert versions == [("training.version.1",), ("training.version.2",)]


def test_status_all_learns_from_the_decided_spans_of_documents_not_done(
    reviewed: Path, tmp_path: Path
) -> None:
    done = tagdesk(
        "train", str(tmp_path / "a"), "--max-steps", "1", "--json", "--db", str(reviewed)
    )
    every = tagdesk(
        "train",
        str(tmp_path / "b"),
        "--max-steps",
        "1",
        "--status",
        "all",
        "--json",
        "--db",
        str(reviewed),
    )
    assert done.returncode == 0, done.stderr
    assert every.returncode == 0, every.stderr
    counted = [json.loads(r.stdout) for r in (done, every)]
    assert [c["train_documents"] + c["dev_documents"] for c in counted] == [11, 12]


@pytest.mark.parametrize("kind", ["folder with a file", "file", "symlink"])
def test_train_never_writes_into_what_is_there(reviewed: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    if kind == "folder with a file":
        out.mkdir()
        (out / "notes.txt").write_text("mine", encoding="utf-8")
    elif kind == "file":
        out.write_text("mine", encoding="utf-8")
    else:
        (tmp_path / "elsewhere").mkdir()
        out.symlink_to(tmp_path / "elsewhere")
    before = database_fingerprint(reviewed)
    listing = sorted(p.name for p in tmp_path.iterdir())
    result = tagdesk("train", str(out), "--max-steps", "1", "--db", str(reviewed))
    assert result.returncode == 1
    assert result.stderr.startswith(f"tagdesk: error: {out}: "), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert database_fingerprint(reviewed) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    if kind == "folder with a file":
        assert [p.name for p in out.iterdir()] == ["notes.txt"]
    elif kind == "file":
        assert out.read_text(encoding="utf-8") == "mine"
    else:
        assert list((tmp_path / "elsewhere").iterdir()) == []


def test_too_few_documents_is_one_line_and_changes_nothing(tmp_path: Path, db_path: Path) -> None:
    corpus = write_seed_corpus(tmp_path / "corpus", 3)
    assert tagdesk("import", str(corpus), "--db", str(db_path)).returncode == 0
    before = database_fingerprint(db_path)
    result = tagdesk("train", str(tmp_path / "out"), "--db", str(db_path))
    assert result.returncode == 1
    assert result.stderr == (
        "tagdesk: error: training needs at least 2 documents marked done (one is held out to "
        "score on); there are 0 (--status all adds those with accepted or rejected spans)\n"
    )
    assert database_fingerprint(db_path) == before
    assert not (tmp_path / "out").exists()


def test_a_stopped_training_leaves_no_folder_and_no_version(tmp_path: Path, db_path: Path) -> None:
    """Stopped part-way (the window's Stop sends SIGTERM), nothing is written anywhere."""
    import signal
    import subprocess
    import time

    from tests.conftest import tagdesk_command

    reviewed = review(tmp_path, db_path, 60)
    out = tmp_path / "models" / "stopped"
    out.parent.mkdir()
    before = database_fingerprint(reviewed)
    process = subprocess.Popen(
        [*tagdesk_command(), "train", str(out), "--db", str(reviewed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(4)  # spaCy loaded, the updates under way: 60 steps take far longer
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "tagdesk: interrupted"
    assert list(out.parent.iterdir()) == []
    assert database_fingerprint(reviewed) == before


def test_a_base_without_an_entity_recogniser_is_refused(reviewed: Path, tmp_path: Path) -> None:
    import spacy

    ruler_only = tmp_path / "ruler"
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Tikrit"}])
    nlp.to_disk(ruler_only)
    before = database_fingerprint(reviewed)
    result = tagdesk(
        "train", str(tmp_path / "out"), "--base", str(ruler_only), "--db", str(reviewed)
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"tagdesk: error: {ruler_only}: the pipeline has no entity recogniser (ner) to train\n"
    )
    assert database_fingerprint(reviewed) == before
    assert not (tmp_path / "out").exists()
