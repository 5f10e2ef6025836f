"""Labels, tags and notes pasted into the window with control characters are refused.

Text copied from a web page or a terminal can carry ESC, BEL or NUL; pasted
into a label name, a tag or a note, it is said ("Not saved: ..."), and the
database keeps what it had. Tabs and line breaks in a note are text.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tagdesk.gui.label_scheme_dialog import LabelSchemeDialog
from tagdesk.gui.main_window import MainWindow
from tests.gui.conftest import drag_select
from tests.helpers import database_fingerprint

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def paste(widget: QWidget, text: str) -> None:
    """As a person pastes: the clipboard holds `text`, Ctrl+V in the focused field."""
    QApplication.clipboard().setText(text)
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_V, CTRL)


def label_word(window: MainWindow, word: str) -> None:
    text = window.controller.document.text
    start = text.index(word)
    drag_select(window.view, start, start + len(word))
    QTest.keyClick(window.view, Qt.Key.Key_3)


@pytest.mark.parametrize("name", ["GPE\x1b[2J", "GPE\x07", "G\x00PE", "GPE\u202e"])
def test_a_label_name_with_a_control_character_is_refused(
    window: MainWindow, warnings: list[str], name: str
) -> None:
    before = database_fingerprint(window.store.path)
    dialog = LabelSchemeDialog(window.store, window)
    dialog.add_button.click()
    paste(dialog.name, name)
    assert dialog.name.text() == name  # the field holds what was pasted
    dialog.save_button.click()
    assert len(warnings) == 1
    assert "U+" in warnings[0]
    assert database_fingerprint(window.store.path) == before
    dialog.close()


def test_a_pasted_label_name_without_controls_is_saved(
    window: MainWindow, warnings: list[str]
) -> None:
    """The control: the same steps with a plain name save it."""
    dialog = LabelSchemeDialog(window.store, window)
    dialog.add_button.click()
    paste(dialog.name, "MILITIA")
    dialog.save_button.click()
    assert warnings == []
    assert window.store.execute("SELECT 1 FROM label WHERE name = 'MILITIA'").fetchone()
    dialog.close()


@pytest.mark.parametrize("tag", ["war\x1b]52;c;ZWNobw==\x07", "war\x00", "war\x9bcrimes"])
def test_a_span_tag_with_a_control_character_is_refused(
    window: MainWindow, warnings: list[str], tag: str
) -> None:
    label_word(window, "Tikrit")
    before = database_fingerprint(window.store.path)
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL)
    entry = window.inspector.tag_editor.entry
    paste(entry, tag)
    QTest.keyClick(entry, Qt.Key.Key_Return)
    assert len(warnings) == 1
    assert warnings[0].startswith("Not saved: tag")
    assert database_fingerprint(window.store.path) == before
    assert window.inspector.tag_editor.current_tags() == []


def test_a_document_tag_with_a_control_character_is_refused(
    window: MainWindow, warnings: list[str]
) -> None:
    before = database_fingerprint(window.store.path)
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL_SHIFT)
    entry = window.document_panel.tag_editor.entry
    paste(entry, "iran\x1b[31mproxy")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    assert warnings == ["Not saved: tag 'iran\\x1b[31mproxy' holds the control character U+001B"]
    assert database_fingerprint(window.store.path) == before


def test_a_note_with_a_control_character_is_refused_and_one_with_tabs_is_kept(
    window: MainWindow, warnings: list[str], qtbot
) -> None:
    label_word(window, "Baghdad")
    note = window.inspector.note
    paste(note, "seen\x1b[2J here")
    qtbot.waitUntil(lambda: len(warnings) == 1, timeout=3000)
    assert "U+001B" in warnings[0]
    assert window.store.execute("SELECT note FROM span").fetchone()[0] == ""
    note.selectAll()
    paste(note, "line one\n\tline two")
    qtbot.waitUntil(
        lambda: (
            window.store.execute("SELECT note FROM span").fetchone()[0] == "line one\n\tline two"
        ),
        timeout=3000,
    )
    assert len(warnings) == 1
