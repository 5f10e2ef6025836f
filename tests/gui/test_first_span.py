"""The first label key after start is as quick as any: no spaCy, no tokenizing in the window.

The window reads tokens the background has kept (`tagdesk tokenize` in a
process of its own); until they are there, a selection snaps to word
boundaries found in plain Python.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtTest import QTest

from tagdesk.core.tokens import Tokens
from tagdesk.gui.main_window import MainWindow
from tagdesk.gui.token_job import TokenJob
from tagdesk.store import Store
from tagdesk.store.prepared_tokens import stored_tokens
from tagdesk.store.tokens import encode_tokens
from tagdesk.transfer import import_paths
from tests.conftest import REPO, SEEDS
from tests.gui.conftest import WindowFactory, drag_select, stored_spans


def run_window_driver(db: Path, out: Path, spans: int) -> dict:
    """`tests.window_driver`: the real `tagdesk` window in a fresh process, labelling words."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "desktop"), str(REPO), *filter(None, [env.get("PYTHONPATH")])]
    )
    done = subprocess.run(
        [sys.executable, "-m", "tests.window_driver", str(db), str(out), "--spans", str(spans)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_window_labels_at_once_and_never_imports_spacy(store: Store, tmp_path: Path) -> None:
    import_paths(store, [SEEDS], annotator="tester")
    store.close()
    db = Path(store.location)
    result = run_window_driver(db, tmp_path / "out.json", spans=4)
    # The first key came before the background had kept any tokens ...
    assert result["tokens_kept_before_first"] is False
    # ... and the spans hold the whole words the mouse touched part of.
    connection = sqlite3.connect(db)
    try:
        text = connection.execute("SELECT text FROM document WHERE id = 1").fetchone()[0]
        spans = connection.execute(
            'SELECT "start", "end" FROM span WHERE source <> \'phrases\' ORDER BY id'
        ).fetchall()
        kept = {row[0] for row in connection.execute("SELECT document_id FROM document_tokens")}
    finally:
        connection.close()
    assert [text[start:end] for start, end in spans] == result["words"]
    assert len(result["words"]) == 4
    # The open document and the ones after it in the list got their tokens in the background.
    assert kept == {1, 2, 3, 4, 5}
    # spaCy never came into the window's process: not for snapping, not for anything else.
    assert result["spacy_imported_by"] == []
    assert result["spacy_in_window_process"] is False


def window_reading_kept_tokens(store: Store, make_window: WindowFactory) -> MainWindow:
    """The window as `tagdesk` builds it: it reads kept tokens and computes none."""
    import_paths(store, [SEEDS], annotator="tester")
    window = make_window(store)
    window.controller.tokenizer = lambda document_id, _text: stored_tokens(store, document_id)
    return window


def test_before_tokens_are_kept_a_partial_selection_snaps_to_its_word(
    store: Store, make_window: WindowFactory
) -> None:
    window = window_reading_kept_tokens(store, make_window)
    text = window.controller.document.text
    start = text.index("Tikrit")
    drag_select(window.view, start + 1, start + 4)  # "ikr"
    QTest.keyClick(window.view, "3")
    assert stored_spans(store) == [("GPE", "Tikrit", "accepted")]
    assert store.execute("SELECT count(*) FROM document_tokens").fetchone() == (0,)


def test_kept_tokens_are_used_from_the_next_key_once_they_arrive(
    store: Store, make_window: WindowFactory
) -> None:
    window = window_reading_kept_tokens(store, make_window)
    document = window.controller.document
    text = document.text
    first = text.index("Tikrit")
    drag_select(window.view, first + 1, first + 3)
    QTest.keyClick(window.view, "3")
    # Tokens arrive that cut "Soleimani" after "Solei" (as a document's own tokens from an
    # import may): the next selection inside it snaps to them, not to the plain words.
    name = text.index("Soleimani")
    tokens = Tokens.of([(0, name, False), (name, name + 5, False), (name + 5, len(text), False)])
    store.execute(
        "INSERT INTO document_tokens (document_id, tokenizer, data) VALUES (?, ?, ?)",
        (document.id, "imported", encode_tokens(tokens)),
    )
    drag_select(window.view, name + 1, name + 3)
    QTest.keyClick(window.view, "1")
    assert stored_spans(store) == [("PERSON", "Solei", "accepted"), ("GPE", "Tikrit", "accepted")]


def test_a_token_job_keeps_the_open_documents_tokens_and_the_next_ones(qtbot, store: Store) -> None:
    import_paths(store, [SEEDS], annotator="tester")
    job = TokenJob(store)
    with qtbot.waitSignal(job.ready, timeout=60_000) as ready:
        job.prepare(4, [5, 4, 3, 2, 1])
    assert ready.args == [[4, 3, 2, 1]]
    qtbot.waitUntil(lambda: not job.is_running(), timeout=30_000)
    kept = {row[0] for row in store.execute("SELECT document_id FROM document_tokens")}
    assert kept == {1, 2, 3, 4}
    job.prepare(2, [5, 4, 3, 2, 1])  # all kept: nothing runs
    assert not job.is_running()
    job.prepare(5, [5, 4, 3, 2, 1])
    assert job.is_running()
    job.shutdown()
