from __future__ import annotations

import itertools
import sqlite3
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from tagdesk.gui.preannotate_job import PreannotateJob, start_sample_preannotation
from tagdesk.paths import Paths
from tagdesk.store import Store
from tagdesk.store.settings import SAMPLES_PENDING_KEY, get_setting
from tagdesk.transfer import import_paths
from tagdesk.workspace import open_workspace
from tests.conftest import SEEDS
from tests.helpers import Connection, write_seed_corpus


class Ticker:
    """A 10 ms timer on the GUI thread: it only ticks while the event loop runs."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))
        self.timer.start()

    def ticks_between(self, start: float, end: float) -> int:
        return sum(start <= t <= end for t in self.times)

    def longest_gap(self) -> float:
        return max((b - a for a, b in itertools.pairwise(self.times)), default=0.0)


def suggestion_texts(path: Path, document_id: int) -> set[tuple[str, str]]:
    connection = Connection(path)
    try:
        text = connection.execute(
            "SELECT text FROM document WHERE id = ?", (document_id,)
        ).fetchone()[0]
        rows = connection.execute(
            'SELECT s."start", s."end", l.name FROM span s JOIN label l ON l.id = s.label_id '
            "WHERE s.document_id = ? AND s.status = 'suggested'",
            (document_id,),
        ).fetchall()
    finally:
        connection.close()
    return {(text[start:end], label) for start, end, label in rows}


def test_the_job_runs_beside_a_responsive_event_loop(qtbot, store: Store, db_path: Path) -> None:
    import_paths(store, [SEEDS], annotator="tester")
    job = PreannotateJob(store.target, batch_size=1)
    progress: list[tuple[int, int, float]] = []
    job.progress.connect(lambda done, total: progress.append((done, total, time.perf_counter())))
    ticker = Ticker()

    started = time.perf_counter()
    with qtbot.waitSignal(job.finished, timeout=60000) as finished:
        job.start()
        assert job.is_running()
        assert suggestion_texts(db_path, 1) == set()  # start() returned before any work
    ended = time.perf_counter()
    ticker.timer.stop()

    summary = finished.args[0]
    assert summary["documents"] == 5
    assert summary["suggestions_added"] > 100
    assert summary["source"].startswith("en_core_web_sm")
    assert [(done, total) for done, total, _ in progress] == [(n, 5) for n in range(6)]
    # The event loop kept running the whole time, also while spaCy worked.
    first_progress, last_progress = progress[0][2], progress[-1][2]
    assert ticker.ticks_between(started, first_progress) >= 5
    assert ticker.ticks_between(first_progress, last_progress) >= 1
    assert ticker.ticks_between(started, ended) >= 10
    print(f"longest event-loop gap: {ticker.longest_gap() * 1000:.0f} ms")

    found = suggestion_texts(db_path, 1)
    assert any(label == "PERSON" and "Qasem Soleimani" in text for text, label in found)
    assert ("Tikrit", "GPE") in found
    assert not job.is_running()


def test_a_cancelled_job_keeps_its_finished_batches(
    qtbot, store: Store, db_path: Path, tmp_path: Path
) -> None:
    corpus = write_seed_corpus(tmp_path / "corpus", 40)
    import_paths(store, [corpus], annotator="tester")
    job = PreannotateJob(store.target, batch_size=1)
    finished: list[object] = []
    job.finished.connect(finished.append)
    with qtbot.waitSignal(
        job.progress, timeout=60000, check_params_cb=lambda done, total: done >= 2
    ):
        job.start()
    with qtbot.waitSignal(job.cancelled, timeout=1000):
        job.cancel()
    job.shutdown()
    qtbot.wait(100)
    assert finished == []
    assert not job.is_running()
    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    done = {row[0] for row in connection.execute("SELECT document_id FROM preannotation")}
    with_spans = {row[0] for row in connection.execute("SELECT DISTINCT document_id FROM span")}
    connection.close()
    assert 2 <= len(done) < 40
    assert with_spans <= done


def test_a_missing_pipeline_fails_in_one_line(qtbot, store: Store) -> None:
    import_paths(store, [SEEDS], annotator="tester")
    job = PreannotateJob(store.target, model="no_such_pipeline")
    with qtbot.waitSignal(job.failed, timeout=30000) as failed:
        job.start()
    assert failed.args[0].startswith("no_such_pipeline: no such spaCy pipeline installed")


def test_a_fresh_database_pre_annotates_its_samples_once(qtbot, isolated_home: Path) -> None:
    paths = Paths(data_dir=isolated_home / "data", config_dir=isolated_home / "config")
    with open_workspace(None, paths) as store:
        assert get_setting(store, SAMPLES_PENDING_KEY) == "1"
        job = start_sample_preannotation(store)
        assert job is not None
        with qtbot.waitSignal(job.finished, timeout=60000):
            pass
        assert get_setting(store, SAMPLES_PENDING_KEY) is None
        assert start_sample_preannotation(store) is None
    assert ("Tikrit", "GPE") in suggestion_texts(paths.default_db, 1)


def test_an_existing_database_is_left_alone(store: Store) -> None:
    import_paths(store, [SEEDS], annotator="tester")
    assert start_sample_preannotation(store) is None


def test_the_window_shows_when_the_samples_have_suggestions(
    qtbot, isolated_home: Path, make_window
) -> None:
    from tagdesk.app import start_background_preannotation

    paths = Paths(data_dir=isolated_home / "data", config_dir=isolated_home / "config")
    with open_workspace(None, paths) as store:
        window = make_window(store)
        start_background_preannotation(window, store)
        assert window.statusBar().currentMessage().startswith("Suggesting entities")
        qtbot.waitUntil(
            lambda: "suggestions added in 5 documents" in window.statusBar().currentMessage(),
            timeout=60000,
        )
        # the open document shows the suggestions without being reopened
        statuses = {span.status for span in window.controller.index}
        assert statuses == {"suggested"}
        assert int(window.document_model.index(0, 3).data()) > 0
        assert window.background.model_label.text().startswith("Model: en_core_web_sm")
