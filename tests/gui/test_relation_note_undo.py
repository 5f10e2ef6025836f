"""Ctrl+Z in a relation's note field: the field's own undo while a note is being typed (the
typing goes, nothing stored changes), the window's undo once the note is written (the
stored note goes back, one step, said in the status bar)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tests.gui.conftest import WindowFactory
from tests.gui.relation_helpers import (
    CTRL,
    CTRL_SHIFT,
    five_spans_window,
    make_relation,
    press,
    status,
    stored_relations,
)


@pytest.fixture
def window(store: Store, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    return five_spans_window(store, make_window, tmp_path)


def notes(window: MainWindow) -> list[str]:
    return [row[4] for row in stored_relations(window.store)]


def test_ctrl_z_undoes_typing_then_the_written_note(window: MainWindow, qtbot) -> None:
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_C)
    press(window, (Qt.Key.Key_R, CTRL))  # the Relations tab, its row chosen
    note = window.relation_panes.document_list.note
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    steps = len(window.controller.history)
    # Typing, not written yet: Ctrl+Z is the field's.
    QTest.keyClicks(note, "since")
    QTest.keyClick(note, Qt.Key.Key_Z, CTRL)
    assert note.text() == ""
    assert notes(window) == [""]
    assert len(window.controller.history) == steps
    assert stored_relations(window.store)[0][0] == "COMMANDS"  # the relation itself untouched
    # Written with Return: Ctrl+Z in the field now undoes the note's step, the window's.
    QTest.keyClicks(note, "since 1998")
    QTest.keyClick(note, Qt.Key.Key_Return)
    assert notes(window) == ["since 1998"]
    assert status(window) == "Note on relation COMMANDS (Ctrl+Z undoes it)"
    assert note.hasFocus()
    QTest.keyClick(note, Qt.Key.Key_Z, CTRL)
    assert notes(window) == [""]
    assert note.text() == ""
    assert status(window) == "Undid: Note on relation COMMANDS"
    QTest.keyClick(note, Qt.Key.Key_Z, CTRL_SHIFT)
    assert notes(window) == ["since 1998"]
    assert note.text() == "since 1998"
    assert status(window) == "Redid: Note on relation COMMANDS"
    # A second Ctrl+Z after redo goes on undoing steps of the window, not of the field.
    QTest.keyClick(note, Qt.Key.Key_Z, CTRL)
    QTest.keyClick(note, Qt.Key.Key_Z, CTRL)
    assert stored_relations(window.store) == []  # the relation's own step undone too
