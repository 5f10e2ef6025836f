"""A relation chosen by clicking its arc takes the text's keys: a type's key retypes it,
Delete deletes it, Return and Backspace accept and reject it (each undoable and said in the
status bar), Escape lets it go; a click on the text gives the keys back to the spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tests.gui.conftest import WindowFactory, click_at, stored_spans
from tests.gui.relation_helpers import (
    CTRL,
    CTRL_SHIFT,
    TEXT,
    document_rows,
    drawn,
    five_spans_window,
    make_relation,
    press,
    status,
    stored_relations,
)


@pytest.fixture
def window(store: Store, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    return five_spans_window(store, make_window, tmp_path)


def click_arc(window: MainWindow) -> None:
    """A click on the one arc's name, as the mouse does it."""
    assert drawn(window)
    (shape,) = window.view.arcs.arc_shapes()
    rect = next(part.label_rect for part in shape.parts if part.label_rect is not None)
    point = rect.center().toPoint()
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))


def chosen(window: MainWindow) -> int | None:
    return window.relation_panes.relations.chosen


def test_after_a_click_on_an_arc_the_keys_decide_its_relation(window: MainWindow) -> None:
    store = window.store
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_C)
    window.relation_panes.relations.choose(None)
    click_at(window.view, TEXT.index("al-Abadi") + 1)  # a span selected elsewhere
    assert window.controller.selected is not None
    spans_before = stored_spans(store)
    click_arc(window)
    assert chosen(window) is not None
    assert window.controller.selected is None  # the keys mean the relation, not a span
    assert window.view.hasFocus()
    assert status(window).startswith("“Soleimani” → COMMANDS → “Quds Force”: a type's key")
    # M is MEMBER_OF's key (and a label's outside): the relation is retyped, no span labelled.
    press(window, Qt.Key.Key_M)
    assert stored_relations(store) == [("MEMBER_OF", "Soleimani", "Quds Force", "accepted", "")]
    assert status(window) == "Relation COMMANDS made MEMBER_OF (Ctrl+Z undoes it)"
    assert document_rows(window) == [["MEMBER_OF", "Soleimani → Quds Force", "✓"]]
    press(window, Qt.Key.Key_Backspace)
    assert stored_relations(store)[0][3] == "rejected"
    assert status(window) == "Relation MEMBER_OF rejected (Ctrl+Z undoes it)"
    assert chosen(window) is None  # rejected relations are hidden: it is shown no more
    press(window, Qt.Key.Key_M)
    assert stored_relations(store)[0][0] == "MEMBER_OF"
    press(window, (Qt.Key.Key_Z, CTRL))
    assert stored_relations(store)[0][3] == "accepted"
    assert status(window) == "Undid: Relation MEMBER_OF rejected"
    click_arc(window)
    press(window, Qt.Key.Key_Return)
    assert status(window) == "The relation is accepted already"
    press(window, Qt.Key.Key_Delete)
    assert stored_relations(store) == []
    assert status(window) == "Relation MEMBER_OF deleted (Ctrl+Z undoes it)"
    assert stored_spans(store) == spans_before  # Delete took no span
    press(window, (Qt.Key.Key_Z, CTRL))
    assert stored_relations(store) == [("MEMBER_OF", "Soleimani", "Quds Force", "accepted", "")]
    assert status(window) == "Undid: Delete 1 relation"
    press(window, (Qt.Key.Key_Z, CTRL_SHIFT))
    assert stored_relations(store) == []
    assert status(window) == "Redid: Delete 1 relation"


def test_escape_lets_the_relation_go_and_the_keys_are_the_spans_again(
    window: MainWindow,
) -> None:
    store = window.store
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_C)
    click_arc(window)
    assert chosen(window) is not None
    press(window, Qt.Key.Key_Escape)
    assert chosen(window) is None
    assert window.view.arcs.selected_relation is None
    assert window.view.relation_ends == (None, None)
    # Delete now means nothing to the relation (no span selected: nothing is deleted).
    press(window, Qt.Key.Key_Delete)
    assert len(stored_relations(store)) == 1
    # A click on the arc, then Tab: a span is selected, and Return accepts the span.
    click_arc(window)
    press(window, Qt.Key.Key_Tab)
    assert window.controller.selected is not None
    press(window, Qt.Key.Key_M)  # MISC or MONEY's key if any; no relation is retyped
    assert stored_relations(store)[0][0] == "COMMANDS"


def test_a_click_on_the_text_gives_the_keys_back(window: MainWindow) -> None:
    store = window.store
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_C)
    click_arc(window)
    click_at(window.view, TEXT.index("commands") + 2)  # plain text
    press(window, Qt.Key.Key_Delete)
    assert len(stored_relations(store)) == 1
