from __future__ import annotations

import importlib.metadata
import platform
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QTextCursor, QTextTable
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTextBrowser

from tagdesk import __version__
from tagdesk.gui.about_dialog import AboutDialog
from tagdesk.gui.main_window import MainWindow
from tagdesk.nlp.models import default_model


def shown_rows(browser: QTextBrowser) -> dict[str, tuple[str, str]]:
    """Component name -> (version, licence), as the dialog's table shows them."""
    table = next(
        frame
        for frame in browser.document().rootFrame().childFrames()
        if isinstance(frame, QTextTable)
    )

    def cell(row: int, column: int) -> str:
        found = table.cellAt(row, column)
        cursor = found.firstCursorPosition()
        cursor.setPosition(found.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    return {cell(r, 0): (cell(r, 1), cell(r, 2)) for r in range(1, table.rows())}


def test_about_names_version_licences_and_the_data_folder(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    data_dir = tmp_path / "data"
    dialog = AboutDialog(data_dir, str(tmp_path / "team.sqlite3"), window)
    qtbot.addWidget(dialog)
    dialog.show()

    assert f"Tagdesk {__version__}" in dialog.heading.text()
    rows = shown_rows(dialog.components)
    assert rows["spaCy"] == (importlib.metadata.version("spacy"), "MIT")
    assert rows["Qt for Python"][1] == "LGPL-3.0"
    assert rows["Qt"][1] == "LGPL-3.0"
    assert rows["NumPy"][1] == "BSD-3-Clause"
    assert rows["Python"] == (platform.python_version(), "PSF-2.0")
    model = default_model()
    assert model is not None, "the tests run with the [model] extra"
    assert rows[f"English pipeline {model}"] == (importlib.metadata.version(model), "MIT")
    assert rows[f"{model} training data: OntoNotes 5"][1].startswith("commercial")
    assert str(data_dir) in dialog.location.text()
    assert str(tmp_path / "team.sqlite3") in dialog.location.text()

    QTest.mouseClick(dialog.open_folder, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(data_dir))]
    assert data_dir.is_dir()


def test_help_menu_opens_the_about_dialog(window: MainWindow) -> None:
    shown: list[object] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        shown.append(dialog)
        assert dialog is not None
        dialog.close()

    QTimer.singleShot(0, close_dialog)
    window.action_set.about.trigger()
    assert len(shown) == 1
    assert isinstance(shown[0], AboutDialog)
