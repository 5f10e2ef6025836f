"""Swap head and child (Ctrl+Shift+X, Span menu, the relation's context menu): one undoable
step through a store operation, refused where the type's labels refuse the swapped pair, and
not offered for a symmetric type."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tagdesk.store.relations import document_relations
from tests.gui.conftest import WindowFactory
from tests.gui.relation_helpers import (
    CTRL,
    CTRL_SHIFT,
    TEXT,
    document_rows,
    drawn,
    five_spans_window,
    make_relation,
    press,
    select,
    span_rows,
    status,
    stored_relations,
)


@pytest.fixture
def window(store: Store, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    return five_spans_window(store, make_window, tmp_path)


def arrow_word(window: MainWindow) -> str:
    """The word the one arc's arrowhead points at, read from what the arcs draw."""
    assert drawn(window)
    (shape,) = window.view.arcs.arc_shapes()
    assert shape.arrow is not None
    tip = shape.arrow[0]
    view = window.view
    offset = view.offset_at(QPoint(int(tip.x()), int(tip.y()) + view.fontMetrics().height()))
    for word in ("Soleimani", "Quds Force", "al-Abadi", "Baghdad"):
        start = TEXT.index(word)
        if start - 1 <= offset <= start + len(word) + 1:
            return word
    return TEXT[offset : offset + 10]


def arc_ends(window: MainWindow) -> tuple[str, str]:
    """(head, child) of the one relation the arcs hold, as words."""
    (relation,) = window.view.arcs.relations()
    index = window.controller.index
    head, child = index.get(relation.head), index.get(relation.child)
    assert head is not None
    assert child is not None
    return TEXT[head.start : head.end], TEXT[child.start : child.end]


def test_ctrl_shift_x_swaps_head_and_child_as_one_undoable_step(window: MainWindow) -> None:
    store = window.store
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_A)  # ATTACKED
    assert stored_relations(store) == [("ATTACKED", "Soleimani", "Quds Force", "accepted", "")]
    assert window.action_set.swap_relation.isEnabled()
    assert arc_ends(window) == ("Soleimani", "Quds Force")
    assert arrow_word(window) == "Quds Force"
    (before,) = document_relations(store, window.controller.document.id)  # type: ignore[union-attr]
    press(window, (Qt.Key.Key_X, CTRL_SHIFT))
    assert stored_relations(store) == [("ATTACKED", "Quds Force", "Soleimani", "accepted", "")]
    (after,) = document_relations(store, before.document_id)
    assert after.id == before.id
    assert after.version > before.version
    assert status(window) == "Swap relation ATTACKED (Ctrl+Z undoes it)"
    assert document_rows(window) == [["ATTACKED", "Quds Force → Soleimani", "✓"]]
    select(window, "Soleimani")
    assert span_rows(window) == [["ATTACKED", "← Quds Force", "✓"]]
    assert arc_ends(window) == ("Quds Force", "Soleimani")
    assert arrow_word(window) == "Soleimani"
    assert window.action_set.undo.text() == "Undo Swap relation ATTACKED"
    press(window, (Qt.Key.Key_Z, CTRL))
    assert stored_relations(store) == [("ATTACKED", "Soleimani", "Quds Force", "accepted", "")]
    assert status(window) == "Undid: Swap relation ATTACKED"
    assert document_rows(window) == [["ATTACKED", "Soleimani → Quds Force", "✓"]]
    assert arc_ends(window) == ("Soleimani", "Quds Force")
    press(window, (Qt.Key.Key_Z, CTRL_SHIFT))
    assert stored_relations(store) == [("ATTACKED", "Quds Force", "Soleimani", "accepted", "")]
    assert status(window) == "Redid: Swap relation ATTACKED"
    assert document_rows(window) == [["ATTACKED", "Quds Force → Soleimani", "✓"]]
    assert arc_ends(window) == ("Quds Force", "Soleimani")


def test_a_swap_the_types_labels_refuse_is_said_and_writes_nothing(window: MainWindow) -> None:
    store = window.store
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_C)  # COMMANDS: PERSON -> ORG
    steps = len(window.controller.history)
    press(window, (Qt.Key.Key_X, CTRL_SHIFT))
    assert status(window) == (
        "Not swapped: COMMANDS needs a child labelled ORG or NORP, not PERSON"
    )
    assert stored_relations(store) == [("COMMANDS", "Soleimani", "Quds Force", "accepted", "")]
    assert len(window.controller.history) == steps
    assert arc_ends(window) == ("Soleimani", "Quds Force")


def test_a_symmetric_relation_cannot_be_swapped(window: MainWindow) -> None:
    make_relation(window, "al-Abadi", "Baghdad", Qt.Key.Key_T)  # MET, symmetric
    assert stored_relations(window.store)[0][0] == "MET"
    assert not window.action_set.swap_relation.isEnabled()
    steps = len(window.controller.history)
    press(window, (Qt.Key.Key_X, CTRL_SHIFT))
    assert len(window.controller.history) == steps
    assert stored_relations(window.store)[0][1:3] == ("al-Abadi", "Baghdad")


def test_a_swap_of_a_relation_changed_elsewhere_is_refused(
    window: MainWindow, db_path: Path
) -> None:
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_A)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("UPDATE relation SET note = 'from elsewhere', version = version + 1")
    other.close()
    press(window, (Qt.Key.Key_X, CTRL_SHIFT))
    assert status(window).startswith("Not swapped: another window or program changed")
    assert stored_relations(window.store) == [
        ("ATTACKED", "Soleimani", "Quds Force", "accepted", "from elsewhere")
    ]


def test_the_lists_context_menu_swaps(window: MainWindow, qtbot) -> None:
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_A)
    press(window, (Qt.Key.Key_R, CTRL))
    table = window.relation_panes.document_list.table
    qtbot.waitUntil(table.hasFocus)
    seen: list[list[str]] = []

    def choose_swap() -> None:
        menu = window.relation_panes.menu
        assert isinstance(menu, QMenu)
        seen.append([a.text() for a in menu.actions() if a.text()])
        (swap,) = [a for a in menu.actions() if a.text() == "Swap head and child"]
        menu.setActiveAction(swap)
        QTest.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(100, choose_swap)
    rect = table.visualRect(table.model().index(0, 1))
    table.customContextMenuRequested.emit(rect.center())
    QApplication.processEvents()
    assert seen == [
        ["Accept relation\tReturn", "Reject relation\tBackspace", "Swap head and child",
         "Delete relation\tDel"]
    ]  # fmt: skip
    assert stored_relations(window.store) == [
        ("ATTACKED", "Quds Force", "Soleimani", "accepted", "")
    ]
