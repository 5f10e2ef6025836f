"""The window on a server database: what only a server shows.

The window's own tests run on the server too, those tests/gui/conftest.py's
BOTH_ENGINES names: the same keys and clicks, the same database contents and
screen afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tagdesk.gui.about_dialog import AboutDialog
from tagdesk.gui.main_window import MainWindow
from tagdesk.paths import without_password
from tagdesk.store import Store, open_store
from tests.gui.conftest import drag_select, stored_spans


@pytest.fixture
def store(postgres_url: str) -> Iterator[Store]:
    with open_store(postgres_url) as opened:
        yield opened


def test_the_store_is_on_the_server(store: Store) -> None:
    assert not store.is_sqlite


def test_about_names_the_server_database_without_its_password(
    window: MainWindow, postgres_url: str
) -> None:
    shown: list[str] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AboutDialog)
        shown.append(dialog.location.text())
        dialog.close()

    QTimer.singleShot(0, read_and_close)
    window.action_set.about.trigger()
    password = postgres_url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]
    assert len(shown) == 1
    assert without_password(postgres_url) in shown[0]
    assert password not in shown[0]
    assert password not in window.windowTitle()
    assert password not in window.statusBar().currentMessage()


def test_a_span_added_with_keys_and_undone_on_the_server(
    window: MainWindow, postgres_url: str
) -> None:
    """Another connection, as a colleague's, sees the span come and go."""
    text = window.controller.document.text
    start = text.index("Tikrit")
    drag_select(window.view, start + 1, start + 4)
    QTest.keyClick(window.view, Qt.Key.Key_3)
    with open_store(postgres_url) as colleague:
        assert stored_spans(colleague) == [("GPE", "Tikrit", "accepted")]
        (count,) = colleague.execute(
            "SELECT accepted FROM document_counts WHERE document_id = ?",
            (window.controller.document.id,),
        ).fetchone()
        assert count == 1
    assert [(s.start, s.end) for s in window.controller.spans] == [(start, start + 6)]
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with open_store(postgres_url) as colleague:
        assert stored_spans(colleague) == []
        (count,) = colleague.execute(
            "SELECT accepted FROM document_counts WHERE document_id = ?",
            (window.controller.document.id,),
        ).fetchone()
        assert count == 0
    assert window.controller.spans == []


def test_the_search_box_finds_on_the_server(window: MainWindow) -> None:
    pane = window.document_list
    for typed, rows in (("amerli", 1), ("SOLEIMANI", None), ("tikr", None), ("zzzz", 0)):
        pane.search.setText(typed)
        pane.apply_filters()
        if rows is None:
            assert window.document_model.rowCount() >= 1
        else:
            assert window.document_model.rowCount() == rows
