"""A search typed and the window closed before it ran: it never runs.

The window's database is closed (or a server's dropped) right after; a search
left to run then would read a database that is no longer the window's.
"""

from __future__ import annotations

from PySide6.QtTest import QTest

from tagdesk.gui.document_list_pane import SEARCH_DELAY_MS
from tagdesk.gui.main_window import MainWindow


def test_a_search_typed_does_not_run_after_the_window_closed(window: MainWindow, qtbot) -> None:
    shown = window.document_model.rowCount()
    assert shown == 5
    QTest.keyClicks(window.document_list.search, "zzzz")
    window.close()
    qtbot.wait(3 * SEARCH_DELAY_MS)
    assert window.document_model.rowCount() == shown  # the search never ran
