"""The team's server restarts under an open window: the analyst's next steps just work.

After the restart the analyst sorts the list and labels a word with its key,
as before it: the window reads and writes on a new connection, the span is
stored once, the earlier one is still there, and no box or error appears.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, open_store
from tests.gui.conftest import drag_select, stored_spans
from tests.gui.test_live_updates import highlighted


@pytest.fixture
def store(postgres_url: str) -> Iterator[Store]:
    with open_store(postgres_url) as opened:
        yield opened


def label_word(window: MainWindow, word: str, key: Qt.Key) -> int:
    assert window.controller.document is not None
    start = window.controller.document.text.index(word)
    drag_select(window.view, start, start + len(word))
    QTest.keyClick(window.view, key)
    return start


def test_after_a_restart_the_window_sorts_and_labels_as_before(
    window: MainWindow, postgres_server: Any, warnings: list[str], qtbot
) -> None:
    first = label_word(window, "Tikrit", Qt.Key.Key_3)
    assert stored_spans(window.store) == [("GPE", "Tikrit", "accepted")]
    ids = list(window.document_model.ids)
    postgres_server.restart()
    window.document_list.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert sorted(window.document_model.ids) == sorted(ids)
    assert window.document_model.ids != ids
    window.view.setFocus()
    second = label_word(window, "Soleimani", Qt.Key.Key_1)
    assert sorted(stored_spans(window.store)) == [
        ("GPE", "Tikrit", "accepted"),
        ("PERSON", "Soleimani", "accepted"),
    ]
    assert highlighted(window, first)
    assert highlighted(window, second)
    assert warnings == []
    assert window.statusBar().currentMessage() == ""
    qtbot.waitUntil(lambda: window.outside.listening, timeout=10000)
