"""SIGKILL at random moments: in an import, in a pre-annotation batch, in a burst of edits.

Each test kills the real program and reopens the database: it passes SQLite's
integrity check, every edit the window had shown is there, an import is
whole or absent, and pre-annotation kept whole batches. The seeds make each
run repeatable; the longer loops are marked slow and run in CI's own step.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tagdesk.nlp.tokens import spacy_tokenizer
from tagdesk.paths import is_server_url
from tagdesk.store import open_store
from tagdesk.store.copying import copy_database
from tagdesk.store.tokens import document_tokens
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS
from tests.helpers import write_jsonl, write_seed_corpus
from tests.reliability.fingerprint import integrity
from tests.reliability.processes import (
    count,
    driver,
    run,
    run_and_kill,
    start,
    stored_state,
    tagdesk,
)

EDITS = 40
WINDOW_SEEDS_SLOW = range(2, 14)


def prepare_window_database(path: Path, folder: Path) -> None:
    """The seed articles; the first one with suggestions and its tokens already cached."""
    with open_store(path) as store:
        import_paths(store, [SEEDS], annotator="tester")
        text = store.execute("SELECT text FROM document WHERE id = 1").fetchone()[0]
        spans = [
            {"start": text.index(w), "end": text.index(w) + len(w), "label": label, **extra}
            for w, label, extra in (
                ("Soleimani", "PERSON", {"status": "suggested"}),
                ("Tikrit", "GPE", {"status": "suggested"}),
                ("Iraq", "GPE", {}),
            )
        ]
        source = write_jsonl(folder / "suggested.jsonl", [{"text": text, "spans": spans}])
        import_paths(store, [source], annotator="tester")
        document_tokens(store, 1, spacy_tokenizer())


class WindowReference:
    """A database to start from, and what each seed's burst shows when run to the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.initial = folder / "initial.sqlite3"
        prepare_window_database(self.initial, folder)
        self._shown: dict[int, list[dict[str, Any]]] = {}

    def shown(self, seed: int) -> list[dict[str, Any]]:
        if seed not in self._shown:
            copy = self.folder / f"reference-{seed}.sqlite3"
            shutil.copy(self.initial, copy)
            lines = run(driver(copy, 1, seed, EDITS))
            assert [line["edit"] for line in lines] == list(range(EDITS + 1))
            assert stored_state(copy, 1) == strip(lines[-1])
            self._shown[seed] = [strip(line) for line in lines]
        return self._shown[seed]


@pytest.fixture(scope="module")
def window_reference(tmp_path_factory: pytest.TempPathFactory) -> WindowReference:
    return WindowReference(tmp_path_factory.mktemp("window"))


def strip(line: dict[str, Any]) -> dict[str, Any]:
    return {key: line[key] for key in ("spans", "status", "tags")}


def kill_window_burst(reference: WindowReference, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    db = tmp_path / f"killed-{seed}.sqlite3"
    shutil.copy(reference.initial, db)
    kill_at = rng.randrange(1, EDITS)
    lines, killed = run_and_kill(
        driver(db, 1, seed, EDITS), lambda line: line.get("edit") == kill_at, rng
    )
    assert killed
    last = lines[-1]["edit"]
    assert last >= kill_at
    assert integrity(db) == "ok"
    expected = reference.shown(seed)
    stored = stored_state(db, 1)
    # Every edit shown is stored; the one in flight when the kill came is whole or absent.
    assert stored in expected[last : last + 2], f"seed {seed}: killed after edit {last}"
    with open_store(db) as store:  # and Tagdesk opens it again
        assert store.execute("SELECT COUNT(*) FROM document").fetchone()[0] == 5


def test_a_killed_window_keeps_every_edit_it_showed(
    window_reference: WindowReference, tmp_path: Path
) -> None:
    kill_window_burst(window_reference, tmp_path, 1)


@pytest.mark.slow
def test_a_killed_window_keeps_every_edit_it_showed_many_times(
    window_reference: WindowReference, tmp_path: Path
) -> None:
    for seed in WINDOW_SEEDS_SLOW:
        kill_window_burst(window_reference, tmp_path, seed)


# -- import ------------------------------------------------------------------------------

IMPORT_DOCUMENTS = 3000


@pytest.fixture(scope="module")
def big_import(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("import")
    records = [
        {
            "text": f"Report {n}: Qasem Soleimani was seen near Tikrit on day {n}.",
            "tags": ["batch"],
            "spans": [{"start": 10 + len(str(n)), "end": 25 + len(str(n)), "label": "PERSON"}],
        }
        for n in range(IMPORT_DOCUMENTS)
    ]
    return write_jsonl(folder / "big.jsonl", records)


def kill_import(source: Path, db: Path | str, seed: int) -> None:
    """`tagdesk import` killed mid-way on a file or a server (`db` a URL): whole or absent."""
    rng = random.Random(seed)
    with open_store(db) as store:
        import_paths(store, [SEEDS], annotator="tester")
    kill_at = rng.choice([1, rng.randrange(1, IMPORT_DOCUMENTS), IMPORT_DOCUMENTS])
    lines, _ = run_and_kill(
        tagdesk("import", str(source), "--db", str(db), "--progress", "json"),
        lambda line: line.get("done") == kill_at,
        rng,
    )
    read = max(line.get("done", 0) for line in lines)
    finished = lines[-1]["event"] == "finished"
    if not is_server_url(str(db)):
        assert integrity(db) == "ok"
    documents = count(db, "document")
    assert documents in (5, 5 + IMPORT_DOCUMENTS), f"seed {seed}: half an import"
    if read < IMPORT_DOCUMENTS:  # killed while reading: nothing was committed yet
        assert documents == 5
    if finished:  # it said it was done, so it is
        assert documents == 5 + IMPORT_DOCUMENTS
    assert count(db, "span") == documents - 5
    assert count(db, "document_tag") == documents - 5
    again = run(tagdesk("import", str(source), "--db", str(db), "--progress", "json"))
    assert again[-1]["event"] == "finished"
    assert count(db, "document") == 5 + IMPORT_DOCUMENTS
    assert count(db, "span") == IMPORT_DOCUMENTS


def test_a_killed_import_is_whole_or_absent(big_import: Path, engine_target: str) -> None:
    kill_import(big_import, engine_target, 1)


@pytest.mark.slow
def test_a_killed_import_is_whole_or_absent_many_times(big_import: Path, tmp_path: Path) -> None:
    for seed in range(2, 8):
        kill_import(big_import, tmp_path / f"import-{seed}.sqlite3", seed)


# -- pre-annotation ----------------------------------------------------------------------

ARTICLES = 24
BATCH = 2


@pytest.fixture(scope="module")
def preannotated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A corpus to pre-annotate, and every suggestion a full run gives it."""
    folder = tmp_path_factory.mktemp("preannotate")
    corpus = write_seed_corpus(folder / "corpus", ARTICLES)
    initial = folder / "initial.sqlite3"
    with open_store(initial) as store:
        import_paths(store, [corpus], annotator="tester")
    full = folder / "full.sqlite3"
    shutil.copy(initial, full)
    run(tagdesk("preannotate", "--db", str(full), "--batch-size", str(BATCH), "--progress", "json"))
    return {"initial": initial, "suggestions": suggestions(full)}


def suggestions(path: Path | str) -> dict[int, list[tuple[Any, ...]]]:
    """The spans of a file or a server's database (a URL), by document."""
    with open_store(str(path), create=False) as store:
        found: dict[int, list[tuple[Any, ...]]] = {}
        for row in store.execute(
            'SELECT document_id, "start", "end", label_id, status, source FROM span '
            "ORDER BY 1, 2, 3, 4"
        ):
            found.setdefault(row[0], []).append(tuple(row[1:]))
        return found


def kill_preannotation(reference: dict[str, Any], db: Path | str, seed: int) -> None:
    """`tagdesk preannotate` killed mid-batch on a file or a server (`db` a URL)."""
    rng = random.Random(seed)
    if is_server_url(str(db)):
        copy_database(str(reference["initial"]), str(db), lambda *_progress: None)
    else:
        shutil.copy(reference["initial"], db)
    kill_at = rng.randrange(1, ARTICLES // BATCH) * BATCH
    command = tagdesk(
        "preannotate", "--db", str(db), "--batch-size", str(BATCH), "--progress", "json"
    )
    lines, killed = run_and_kill(command, lambda line: line.get("done") == kill_at, rng)
    assert killed
    reported = max(line.get("done", 0) for line in lines)
    if not is_server_url(str(db)):
        assert integrity(db) == "ok"
    with open_store(str(db), create=False) as store:
        done = sorted(row[0] for row in store.execute("SELECT document_id FROM preannotation"))
    # Whole batches, in order: every batch reported, and at most the one being written.
    assert done == list(range(1, len(done) + 1))
    assert len(done) in (reported, reported + BATCH)
    assert len(done) % BATCH == 0
    stored = suggestions(db)
    assert set(stored) <= set(done)
    for document_id in done:
        assert stored.get(document_id, []) == reference["suggestions"].get(document_id, [])
    resumed = run(tagdesk("preannotate", "--db", str(db), "--progress", "json"))
    assert resumed[-1]["documents"] == ARTICLES - len(done)
    assert suggestions(db) == reference["suggestions"]


def test_a_killed_preannotation_keeps_whole_batches(
    preannotated: dict[str, Any], engine_target: str
) -> None:
    kill_preannotation(preannotated, engine_target, 1)


@pytest.mark.slow
def test_a_killed_preannotation_keeps_whole_batches_many_times(
    preannotated: dict[str, Any], tmp_path: Path
) -> None:
    for seed in range(2, 6):
        kill_preannotation(preannotated, tmp_path / f"pre-{seed}.sqlite3", seed)


def test_the_window_database_helper_builds_suggestions(tmp_path: Path) -> None:
    db = tmp_path / "w.sqlite3"
    prepare_window_database(db, tmp_path)
    state = stored_state(db, 1)
    assert [span[4] for span in state["spans"]].count("suggested") == 2


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_a_window_told_to_stop_saves_the_note_being_typed(
    window_reference: WindowReference, tmp_path: Path, stop: signal.Signals
) -> None:
    db = tmp_path / "note.sqlite3"
    shutil.copy(window_reference.initial, db)
    note = "typed just before the logout"
    child = start(driver(db, 1, 7, 3, "--type-note", note))
    assert child.stdout is not None
    for raw in child.stdout:
        line = json.loads(raw)
        if "typed" in line:
            child.send_signal(stop)
            break
    _, errors = child.communicate(timeout=60)
    assert child.returncode == 0, errors
    connection = sqlite3.connect(db)
    stored = connection.execute("SELECT note FROM span WHERE id = ?", (line["typed"],)).fetchone()
    connection.close()
    assert stored == (note,)
