"""Window shortcuts from a text field: the search box keeps its own edits and typing,
and Ctrl+E and Ctrl+I still export and import (the X11 key bindings are covered under
Xvfb in tests/x11/test_real_keyboard.py: there the line edit claims Ctrl+E)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from tagdesk.gui.export_dialog import ExportDialog
from tagdesk.gui.main_window import MainWindow
from tests.gui.conftest import stored_spans

CTRL = Qt.KeyboardModifier.ControlModifier


def in_search_box(window: MainWindow, qtbot) -> None:
    search = window.document_list.search
    qtbot.mouseClick(search, Qt.MouseButton.LeftButton)
    search.setFocus()
    assert QApplication.focusWidget() is search


def test_ctrl_e_from_the_search_box_opens_the_export(window: MainWindow, qtbot) -> None:
    in_search_box(window, qtbot)
    QTest.keyClicks(window.document_list.search, "Iran")
    seen: list[object] = []

    def close_export() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(100, close_export)
    QTest.keyClick(window.document_list.search, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: bool(seen))
    assert isinstance(seen[0], ExportDialog)
    assert window.document_list.search.text() == "Iran"


def test_ctrl_i_from_the_search_box_imports(window: MainWindow, qtbot, tmp_path: Path) -> None:
    article = tmp_path / "new article.txt"
    article.write_text("Dana wrote from Oslo.\n", encoding="utf-8")
    in_search_box(window, qtbot)

    def choose_file() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, choose_file)  # not open yet
            return
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        QTest.keyClicks(name, str(article))
        QTest.keyClick(name, Qt.Key.Key_Return)
        if dialog.isVisible():
            dialog.reject()  # the test fails below rather than waiting here

    QTimer.singleShot(50, choose_file)
    with qtbot.waitSignal(window.background.import_job.finished, timeout=10000):
        QTest.keyClick(window.document_list.search, Qt.Key.Key_I, CTRL)
    count = window.store.execute("SELECT count(*) FROM document").fetchone()[0]
    assert count == 6


def test_the_search_box_keeps_typing_and_its_own_undo(window: MainWindow, qtbot) -> None:
    in_search_box(window, qtbot)
    search = window.document_list.search
    QTest.keyClicks(search, "Tikrit 3")  # "3" is GPE's key in the text, a digit here
    assert search.text() == "Tikrit 3"
    assert stored_spans(window.store) == []
    QTest.keyClick(search, Qt.Key.Key_A, CTRL)
    QTest.keyClick(search, Qt.Key.Key_Delete)
    assert search.text() == ""
    QTest.keyClick(search, Qt.Key.Key_Z, CTRL)  # the field's undo, not the window's
    assert search.text() == "Tikrit 3"
