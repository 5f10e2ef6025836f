"""The QUndoStack only follows the plain-Python history: moved either way, the two agree."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.gui.main_window import MainWindow
from tests.gui.conftest import drag_select, stored_spans

CTRL = Qt.KeyboardModifier.ControlModifier


def label_quds_force(window: MainWindow) -> None:
    start = window.controller.document.text.index("Quds Force")
    drag_select(window.view, start, start + len("Quds Force"))
    QTest.keyClick(window.view, Qt.Key.Key_O)


def positions(window: MainWindow) -> tuple[int, int, int, int]:
    c = window.controller
    return c.history.index, len(c.history), c.undo_stack.index(), c.undo_stack.count()


def test_the_stack_moved_by_itself_moves_the_history_and_the_database(window: MainWindow) -> None:
    label_quds_force(window)
    assert positions(window) == (1, 1, 1, 1)
    window.controller.undo_stack.undo()  # as a QUndoView would, not through Ctrl+Z
    assert stored_spans(window.store) == []
    assert positions(window) == (0, 1, 0, 1)
    window.controller.undo_stack.redo()
    assert stored_spans(window.store) == [("ORDINAL", "Quds Force", "accepted")]
    assert positions(window) == (1, 1, 1, 1)
    assert window.action_set.undo.text() == "Undo Add span"


def test_a_refused_undo_moves_neither_and_says_why(
    window: MainWindow, db_path: Path, warnings: list[str]
) -> None:
    label_quds_force(window)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("UPDATE span SET note = 'from another window'")
    other.close()
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert warnings == []  # said in the status bar, with the span shown as stored
    assert (
        window.statusBar()
        .currentMessage()
        .startswith(
            "Not saved: another window or program changed this span since it was shown here"
        )
    )
    assert window.controller.selected.note == "from another window"
    assert positions(window) == (1, 1, 1, 1)
    note = window.store.execute("SELECT note FROM span").fetchall()
    assert note == [("from another window",)]
