"""Exporting thousands of documents from the window: a thread writes, the window draws."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tagdesk.gui.export_dialog import ExportDialog
from tagdesk.store import Store
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory
from tests.gui.test_preannotate_job import Ticker
from tests.helpers import write_seed_corpus

ARTICLES = 3000


def test_the_window_keeps_ticking_while_an_export_writes_thousands_of_documents(
    qtbot, store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    import_paths(store, [write_seed_corpus(tmp_path / "corpus", ARTICLES)], annotator="tester")
    window = make_window(store)
    dialog = ExportDialog(window.store, window)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("doccano"))
    dialog.all_documents.setChecked(True)
    out = tmp_path / "out.jsonl"
    dialog.path.setText(str(out))
    ticker = Ticker()
    began = time.perf_counter()
    with qtbot.waitSignal(dialog.runner.finished, timeout=120_000):
        dialog.export_button.click()
        assert dialog.runner.is_running()  # the click returned at once; the work goes on
    ended = time.perf_counter()
    ticker.timer.stop()
    assert ticker.ticks_between(began, ended) >= 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == ARTICLES
    assert json.loads(lines[0])["text"].startswith("Iranian Gen Qasem Soleimani")
