"""A colleague changes a span or the document behind the window; the analyst's key press made
on what the window showed is refused, the colleague's change is kept, the status bar says
so in one sentence and the window shows what is stored. On a file and on a server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, open_store
from tagdesk.store.editing import (
    apply_document_state,
    apply_span_states,
    document_spans,
    document_state,
)
from tests.gui.conftest import click_at, drag_select, stored_spans

KEY = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
REFUSED = "Not saved: another window or program changed this {} since it was shown here"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Store]:
    target = str(db_path) if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with open_store(target) as opened:
        yield opened


@pytest.fixture
def colleague(window: MainWindow) -> Iterator[Store]:
    """Another analyst's connection to the same database."""
    with open_store(window.store.target) as other:
        yield other


def make_span(window: MainWindow, word: str, key: Qt.Key) -> int:
    """Select `word` with the mouse and press a label's key; returns where it starts."""
    start = window.controller.document.text.index(word)
    drag_select(window.view, start, start + len(word))
    QTest.keyClick(window.view, key)
    window.view.clear_selection()
    click_at(window.view, start + 1)
    assert window.controller.selected is not None
    return start


def note_behind_the_window(colleague: Store, document_id: int, note: str) -> None:
    (theirs,) = document_spans(colleague, document_id)
    apply_span_states(
        colleague, [(theirs.id, replace(theirs, note=note))], replacing=[(theirs.id, theirs)]
    )


def test_a_relabel_of_a_span_a_colleague_noted_since_is_refused_and_shown(
    window: MainWindow, colleague: Store, warnings: list[str]
) -> None:
    make_span(window, "Tikrit", KEY.Key_3)  # GPE
    document_id = window.controller.document.id
    note_behind_the_window(colleague, document_id, "checked against the wire copy")
    QTest.keyClick(window.view, KEY.Key_4)  # LOC, on the span as the window showed it
    assert stored_spans(window.store) == [("GPE", "Tikrit", "accepted")]
    (stored,) = document_spans(window.store, document_id)
    assert stored.note == "checked against the wire copy"
    assert window.statusBar().currentMessage().startswith(REFUSED.format("span"))
    assert warnings == []  # a sentence in the status bar, not a box to click away
    assert window.inspector.note.toPlainText() == "checked against the wire copy"
    assert window.controller.selected == stored
    QTest.keyClick(window.view, KEY.Key_4)  # made on what is shown now, it is saved
    assert stored_spans(window.store) == [("LOC", "Tikrit", "accepted")]
    assert document_spans(window.store, document_id)[0].note == "checked against the wire copy"


def test_an_undo_over_a_colleague_s_change_is_refused_and_the_stack_stays(
    window: MainWindow, colleague: Store
) -> None:
    make_span(window, "Tikrit", KEY.Key_3)
    QTest.keyClick(window.view, KEY.Key_4)  # relabel as LOC
    document_id = window.controller.document.id
    note_behind_the_window(colleague, document_id, "theirs")
    QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    assert stored_spans(window.store) == [("LOC", "Tikrit", "accepted")]
    assert document_spans(window.store, document_id)[0].note == "theirs"
    assert window.statusBar().currentMessage().startswith(REFUSED.format("span"))
    assert window.controller.undo_stack.index() == 2  # Ctrl+Z can be tried again
    assert window.inspector.note.toPlainText() == "theirs"


def test_a_status_or_tag_change_on_a_document_changed_since_is_refused_and_shown(
    window: MainWindow, colleague: Store, qtbot
) -> None:
    document_id = window.controller.document.id
    theirs = document_state(colleague, document_id)
    apply_document_state(colleague, replace(theirs, tags=("wire",)), replacing=theirs)
    entry = window.document_panel.tag_editor.entry
    entry.setFocus()
    QTest.keyClicks(entry, "mine")
    QTest.keyClick(entry, KEY.Key_Return)
    assert document_state(window.store, document_id).tags == ("wire",)
    assert window.statusBar().currentMessage().startswith(REFUSED.format("document"))
    assert window.document_panel.tag_editor.current_tags() == ["wire"]

    theirs = document_state(colleague, document_id)
    apply_document_state(colleague, replace(theirs, status="in_progress"), replacing=theirs)
    window.view.setFocus()
    QTest.keyClick(window.view, KEY.Key_Return, CTRL)  # mark done and open the next
    assert document_state(window.store, document_id).status == "in_progress"
    assert window.controller.document.id == document_id  # it stays, showing what is stored
    assert window.document_panel.status.currentData() == "in_progress"
    assert window.statusBar().currentMessage().startswith(REFUSED.format("document"))
    QTest.keyClick(window.view, KEY.Key_Return, CTRL)  # on what is shown now: saved
    assert document_state(window.store, document_id).status == "done"
    assert window.controller.document.id != document_id
