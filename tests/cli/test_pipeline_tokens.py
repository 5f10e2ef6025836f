"""Tokens from the pipeline that pre-annotates, made once: by pre-annotation, else by the export.

The pipeline here is a folder whose tokenizer splits "Tikrit" in two, which
spaCy's blank English tokenizer never does, so every check can tell whose
tokens a document holds. Through the real command line and SQLite files.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tagdesk.store.tokens import decode_tokens
from tests.cli.test_cli import tagdesk
from tests.conftest import SEEDS
from tests.helpers import write_seed_corpus

Kept = dict[int, tuple[str, str, list[tuple[int, int, bool]]]]
CONLL = "-DOCSTART- -X- -X- O\n\nTikrit NNP B-NP B-LOC\nfell VBD B-VP O\n. . O O\n"


@pytest.fixture(scope="module")
def splitting_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pipeline whose tokenizer makes "Tik" and "rit" of "Tikrit", and whose ruler finds
    Baghdad."""
    import spacy

    nlp = spacy.blank("en")
    nlp.meta["name"] = "split_test"
    nlp.meta["version"] = "1.0.0"
    nlp.tokenizer.add_special_case("Tikrit", [{"ORTH": "Tik"}, {"ORTH": "rit"}])
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Baghdad"}])
    folder = tmp_path_factory.mktemp("models") / "split_test"
    nlp.to_disk(folder)
    return folder


def choose(db_path: Path, model: Path) -> None:
    """What choosing the pipeline in the window writes."""
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute(
            "INSERT INTO setting (key, value) VALUES ('preannotate.model', ?)", (str(model),)
        )
    connection.close()


def kept(db_path: Path) -> Kept:
    connection = sqlite3.connect(db_path)
    try:
        rows = connection.execute(
            "SELECT document_id, tokenizer, origin, data FROM document_tokens"
        ).fetchall()
    finally:
        connection.close()
    return {row[0]: (row[1], row[2], list(decode_tokens(bytes(row[3])))) for row in rows}


def words(db_path: Path, document_id: int, tokens: list[tuple[int, int, bool]]) -> list[str]:
    connection = sqlite3.connect(db_path)
    try:
        text = connection.execute(
            'SELECT text FROM "document" WHERE id = ?', (document_id,)
        ).fetchone()[0]
    finally:
        connection.close()
    return [text[start:end] for start, end, _ in tokens]


def texts(db_path: Path) -> dict[int, str]:
    connection = sqlite3.connect(db_path)
    try:
        return dict(connection.execute('SELECT id, text FROM "document"').fetchall())
    finally:
        connection.close()


def tikrit_documents(db_path: Path) -> list[int]:
    connection = sqlite3.connect(db_path)
    try:
        rows = connection.execute(
            "SELECT id FROM \"document\" WHERE text LIKE '%Tikrit%' ORDER BY id"
        ).fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows]


def test_preannotation_keeps_the_pipelines_tokens_and_the_export_that_follows_uses_them(
    db_path: Path, tmp_path: Path, splitting_model: Path
) -> None:
    assert tagdesk("import", str(SEEDS), "--db", str(db_path)).returncode == 0
    choose(db_path, splitting_model)
    done = tagdesk("preannotate", "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    after_preannotation = kept(db_path)
    assert sorted(after_preannotation) == [1, 2, 3, 4, 5]
    names = {name for name, _, _ in after_preannotation.values()}
    assert len(names) == 1
    assert next(iter(names)).startswith("en_split_test@1.0.0|spacy-")
    with_tikrit = tikrit_documents(db_path)
    assert with_tikrit
    for document_id in with_tikrit:
        said = words(db_path, document_id, after_preannotation[document_id][2])
        assert "Tik" in said
        assert "rit" in said
        assert "Tikrit" not in said

    out = tmp_path / "out.conll"
    exported = tagdesk("export", str(out), "--db", str(db_path), "--status", "all")
    assert exported.returncode == 0, exported.stderr
    assert kept(db_path) == after_preannotation  # nothing tokenized again
    lines = {line.split(" ")[0] for line in out.read_text(encoding="utf-8").splitlines()}
    assert {"Tik", "rit"} <= lines
    assert "Tikrit" not in lines


def test_documents_never_preannotated_get_the_pipelines_tokens_from_worker_processes(
    db_path: Path, tmp_path: Path, splitting_model: Path
) -> None:
    corpus = write_seed_corpus(tmp_path / "corpus", 450)
    assert tagdesk("import", str(corpus), "--db", str(db_path)).returncode == 0
    choose(db_path, splitting_model)
    assert tagdesk("tokenize", "--db", str(db_path), "--documents", "1", "2").returncode == 0
    early = kept(db_path)
    assert sorted(early) == [1, 2]  # the window's few, made here

    done = tagdesk("tokenize", "--db", str(db_path), "--processes", "2", "--progress", "json")
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    progress = [event for event in events if event["event"] == "progress"]
    assert progress[-1]["done"] == progress[-1]["total"] == 448
    reported = [document_id for event in progress for document_id in event["documents"]]
    assert sorted(reported) == list(range(3, 451))  # every one once, none of the two kept
    assert events[-1] == {"event": "finished", "documents": 448}
    every = kept(db_path)
    assert sorted(every) == list(range(1, 451))
    assert {name for name, _, _ in every.values()} == {early[1][0]}
    assert every[1] == early[1]
    import spacy

    tokenizer = spacy.load(splitting_model).tokenizer
    for document_id, text in texts(db_path).items():  # the workers' tokens are the pipeline's
        doc = tokenizer(text)
        expected = [(t.idx, t.idx + len(t.text), bool(t.whitespace_)) for t in doc]
        assert every[document_id][2] == expected
    for document_id in tikrit_documents(db_path):
        assert "rit" in words(db_path, document_id, every[document_id][2])


def test_the_first_export_tokenizes_what_preannotation_did_not_and_replaces_stale_tokens(
    db_path: Path, tmp_path: Path, splitting_model: Path
) -> None:
    assert tagdesk("import", str(SEEDS), "--db", str(db_path)).returncode == 0
    assert tagdesk("tokenize", "--db", str(db_path)).returncode == 0  # the default pipeline's
    connection = sqlite3.connect(db_path)
    with connection:  # and one as an older Tagdesk kept them: spaCy's blank English, by name
        connection.execute(
            "UPDATE document_tokens SET tokenizer = 'spacy-3.7.2/en' WHERE document_id = 1"
        )
    connection.close()
    stale = kept(db_path)
    assert sorted(stale) == [1, 2, 3, 4, 5]
    assert not any("split_test" in name for name, _, _ in stale.values())
    choose(db_path, splitting_model)
    out = tmp_path / "out.conll"
    exported = tagdesk("export", str(out), "--db", str(db_path), "--status", "all")
    assert exported.returncode == 0, exported.stderr
    fresh = kept(db_path)
    assert sorted(fresh) == [1, 2, 3, 4, 5]
    assert all(name.startswith("en_split_test@1.0.0|") for name, _, _ in fresh.values())
    assert "rit" in {line.split(" ")[0] for line in out.read_text(encoding="utf-8").splitlines()}
    again = tagdesk(
        "export", str(tmp_path / "again.conll"), "--db", str(db_path), "--status", "all"
    )
    assert again.returncode == 0
    assert kept(db_path) == fresh
    assert (tmp_path / "again.conll").read_bytes() == out.read_bytes()


def test_tokens_an_imported_file_brought_stay_the_documents_through_preannotation_and_export(
    db_path: Path, tmp_path: Path, splitting_model: Path
) -> None:
    source = tmp_path / "in.conll"
    source.write_text(CONLL, encoding="utf-8")
    assert tagdesk("import", str(source), "--db", str(db_path)).returncode == 0
    brought = kept(db_path)
    assert [origin for _, origin, _ in brought.values()] == ["data"]
    choose(db_path, splitting_model)
    assert tagdesk("preannotate", "--db", str(db_path), "--all").returncode == 0
    out = tmp_path / "out.conll"
    assert tagdesk("export", str(out), "--db", str(db_path), "--status", "all").returncode == 0
    assert tagdesk("tokenize", "--db", str(db_path)).returncode == 0
    assert kept(db_path) == brought
    assert "Tikrit" in {line.split(" ")[0] for line in out.read_text(encoding="utf-8").splitlines()}
