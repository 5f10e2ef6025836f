"""Label all occurrences across a large corpus: the search runs off the GUI thread."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tagdesk.gui.occurrences_dialog import OccurrencesDialog
from tagdesk.store import Store
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, drag_select, stored_spans
from tests.gui.test_preannotate_job import Ticker
from tests.helpers import write_seed_corpus

CTRL = Qt.KeyboardModifier.ControlModifier
ARTICLES = 3000


def open_dialog_on(window, word: str, act) -> None:  # type: ignore[no-untyped-def]
    """Select `word`, press Ctrl+L, and run `act(dialog)` while the dialog is open."""
    text = window.controller.document.text
    start = text.index(word)
    drag_select(window.view, start, start + len(word))

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, OccurrencesDialog)
        act(dialog)

    QTimer.singleShot(50, in_dialog)
    QTest.keyClick(window.view, Qt.Key.Key_L, CTRL)


def test_the_window_keeps_ticking_while_thousands_of_documents_are_searched(
    qtbot, store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    import_paths(store, [write_seed_corpus(tmp_path / "corpus", ARTICLES)], annotator="tester")
    window = make_window(store)
    seen: dict[str, object] = {}

    def act(dialog: OccurrencesDialog) -> None:
        dialog.label_box.setCurrentIndex(dialog.label_box.findText("PERSON"))
        qtbot.waitUntil(lambda: not dialog.searching(), timeout=30_000)
        ticker = Ticker()
        began = time.perf_counter()
        with qtbot.waitSignal(dialog.results_shown, timeout=60_000):
            dialog.scope.setCurrentIndex(dialog.scope.findData("corpus"))
            assert dialog.searching()  # the scope changed and the call returned at once
        ended = time.perf_counter()
        ticker.timer.stop()
        seen["ticks"] = ticker.ticks_between(began, ended)
        seen["summary"] = dialog.summary.text()
        seen["listed"] = dialog.list.count()
        dialog.reject()

    open_dialog_on(window, "Copy", act)  # each article ends "Copy N.": every one is read
    assert seen["ticks"] >= 3  # the 10 ms timer ran during the search: the event loop did
    expected = sum(
        path.read_text(encoding="utf-8").count("Copy")
        for path in (tmp_path / "corpus").glob("*.txt")
    )
    assert seen["listed"] == min(5000, expected)
    assert seen["listed"] >= ARTICLES
    assert str(seen["summary"]).startswith(f"{seen['listed']} unlabelled occurrences in ")
    assert stored_spans(store) == []


def test_stop_ends_a_search_and_labels_nothing(
    qtbot, store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    import_paths(store, [write_seed_corpus(tmp_path / "corpus", ARTICLES)], annotator="tester")
    window = make_window(store)
    seen: dict[str, object] = {}

    def act(dialog: OccurrencesDialog) -> None:
        qtbot.waitUntil(lambda: not dialog.searching(), timeout=30_000)
        dialog.scope.setCurrentIndex(dialog.scope.findData("corpus"))
        assert dialog.stop_button.isVisible()
        dialog.stop_button.click()
        seen["searching"] = dialog.searching()
        seen["summary"] = dialog.summary.text()
        seen["ok"] = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        QTest.qWait(200)  # anything the stopped search still reports is dropped
        seen["listed"] = dialog.list.count()
        dialog.accept()  # even confirmed, an empty list labels nothing

    open_dialog_on(window, "Soleimani", act)
    assert seen["searching"] is False
    assert str(seen["summary"]).startswith("Search stopped")
    assert seen["ok"] is False
    assert seen["listed"] == 0
    assert stored_spans(store) == []
