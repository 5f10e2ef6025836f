"""View > Show rejected spans and relations: one checkable entry that shows or hides rejected
spans in the text and rejected relations in the arcs and in both lists, with the Relations
tab counting what its list shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tests.gui.conftest import WindowFactory
from tests.gui.relation_helpers import (
    document_rows,
    drawn,
    five_spans_window,
    make_relation,
    press,
    select,
    span_rows,
    stored_relations,
    tab_text,
)


@pytest.fixture
def window(store: Store, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    return five_spans_window(store, make_window, tmp_path)


def view_entry(window: MainWindow, text: str) -> QAction:
    (view_menu,) = [
        action.menu() for action in window.menuBar().actions() if action.text() == "View"
    ]
    (entry,) = [action for action in view_menu.actions() if action.text() == text]
    return entry


def test_the_view_entry_shows_and_hides_rejected_relations_in_arcs_lists_and_count(
    window: MainWindow,
) -> None:
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_C)
    make_relation(window, "al-Abadi", "Baghdad", Qt.Key.Key_T)
    assert tab_text(window) == "Relations (2)"
    assert len(drawn(window)) == 2
    # Backspace on the chosen row of the Relations list rejects it.
    press(window, (Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier))
    table = window.relation_panes.document_list.table
    assert table.hasFocus()
    window.relation_panes.document_list.choose(window.relation_panes.document_list.relation_at(0))
    from PySide6.QtTest import QTest

    QTest.keyClick(table, Qt.Key.Key_Backspace)
    assert [r[3] for r in stored_relations(window.store)] == ["rejected", "accepted"]
    # Hidden: not drawn, not listed, not counted.
    assert document_rows(window) == [["MET", "al-Abadi — Baghdad", "✓"]]
    assert tab_text(window) == "Relations (1)"
    assert len(drawn(window)) == 1
    window.view.setFocus()
    select(window, "Soleimani")
    assert span_rows(window) == []

    entry = view_entry(window, "Show rejected spans and relations")
    assert entry.isCheckable()
    assert not entry.isChecked()
    entry.trigger()
    assert entry.isChecked()
    assert document_rows(window) == [
        ["COMMANDS", "Soleimani → Quds Force", "✗"],
        ["MET", "al-Abadi — Baghdad", "✓"],
    ]
    assert tab_text(window) == "Relations (2)"
    assert len(drawn(window)) == 2
    assert span_rows(window) == [["COMMANDS", "→ Quds Force", "✗"]]
    entry.trigger()
    assert document_rows(window) == [["MET", "al-Abadi — Baghdad", "✓"]]
    assert tab_text(window) == "Relations (1)"
    assert span_rows(window) == []


def test_a_rejected_span_hides_its_relations_until_the_entry_is_ticked(
    window: MainWindow,
) -> None:
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_C)
    assert tab_text(window) == "Relations (1)"
    select(window, "Quds Force")
    press(window, Qt.Key.Key_Backspace)  # the span is rejected; its relation is kept
    assert [r[3] for r in stored_relations(window.store)] == ["accepted"]
    assert document_rows(window) == []
    assert tab_text(window) == "Relations"
    assert drawn(window) == set()
    view_entry(window, "Show rejected spans and relations").trigger()
    assert document_rows(window) == [["COMMANDS", "Soleimani → Quds Force", "✓"]]
    assert tab_text(window) == "Relations (1)"
    assert len(drawn(window)) == 1
