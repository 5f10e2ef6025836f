"""A selection with no word in it makes no span, whichever way it was made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, stored_spans
from tests.helpers import write_jsonl
from tests.reliability.fingerprint import content

KEY = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
REFUSED = "The selection holds no words"
BLANKS = {
    "spaces and a tab": "  \t ",
    "no-break spaces": "\u00a0\u00a0",
    "em and ideographic spaces": "\u2003\u3000",
    "narrow no-break, ogham and medium spaces": "\u202f\u1680\u205f",
    "next line and line separator": "\u0085\u2028",
    "zero-width space and joiner": "\u200b\u200d",
}
TEXT = "Tikrit\n\n\nMosul" + "".join(f" {blank} Baghdad" for blank in BLANKS.values()) + "\n \n"


@pytest.fixture
def window(store: Store, tmp_path: Path, make_window: WindowFactory) -> MainWindow:
    import_paths(store, [write_jsonl(tmp_path / "blank.jsonl", [{"text": TEXT}])], annotator="t")
    made = make_window(store)
    assert made.controller.document is not None
    assert made.controller.document.text == TEXT
    return made


def put_cursor(window: MainWindow, offset: int) -> None:
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.offsets.to_qt(offset))
    window.view.setTextCursor(cursor)


def select_by_keys(window: MainWindow, start: int, end: int) -> None:
    put_cursor(window, start)
    for _ in range(window.view.offsets.to_qt(end) - window.view.offsets.to_qt(start)):
        QTest.keyClick(window.view, KEY.Key_Right, SHIFT)
    assert window.view.selection_range() == (start, end)


def assert_refused(window: MainWindow, db_path: Path, before: dict[str, Any]) -> None:
    assert window.statusBar().currentMessage() == REFUSED
    assert stored_spans(window.store) == []
    assert content(db_path) == before


def test_ctrl_shift_right_from_an_empty_line_then_a_label_key(
    window: MainWindow, db_path: Path
) -> None:
    before = content(db_path)
    put_cursor(window, TEXT.index("\n") + 1)  # the first empty line
    QTest.keyClick(window.view, KEY.Key_Right, CTRL | SHIFT)
    selected = window.view.selection_range()
    assert selected is not None
    assert TEXT[selected[0] : selected[1]].isspace()
    QTest.keyClick(window.view, KEY.Key_3)
    assert_refused(window, db_path, before)


@pytest.mark.parametrize("exact", [False, True], ids=["snapped", "alt-exact"])
@pytest.mark.parametrize("blank", list(BLANKS), ids=list(BLANKS))
def test_a_selection_of_blanks_is_refused(
    window: MainWindow, db_path: Path, blank: str, exact: bool
) -> None:
    before = content(db_path)
    start = TEXT.index(BLANKS[blank]) - 1  # with the plain spaces on either side
    select_by_keys(window, start, start + len(BLANKS[blank]) + 2)
    QTest.keyClick(window.view, KEY.Key_3, ALT if exact else Qt.KeyboardModifier.NoModifier)
    assert_refused(window, db_path, before)


@pytest.mark.parametrize("exact", [False, True], ids=["snapped", "alt-exact"])
def test_empty_lines_and_their_newlines_are_refused(
    window: MainWindow, db_path: Path, exact: bool
) -> None:
    before = content(db_path)
    select_by_keys(window, TEXT.index("\n"), TEXT.index("Mosul"))
    QTest.keyClick(window.view, KEY.Key_3, ALT if exact else Qt.KeyboardModifier.NoModifier)
    assert_refused(window, db_path, before)
    select_by_keys(window, len(TEXT) - 3, len(TEXT))  # "\n \n" at the end
    QTest.keyClick(window.view, KEY.Key_3, ALT if exact else Qt.KeyboardModifier.NoModifier)
    assert_refused(window, db_path, before)


def test_a_selection_starting_on_an_empty_line_snaps_to_the_word_alone(
    window: MainWindow,
) -> None:
    select_by_keys(window, TEXT.index("\n") + 1, TEXT.index("Mosul") + 2)
    QTest.keyClick(window.view, KEY.Key_3)
    assert stored_spans(window.store) == [("GPE", "Mosul", "accepted")]


def test_a_span_cannot_be_widened_onto_blank_lines(window: MainWindow) -> None:
    select_by_keys(window, 0, 6)
    QTest.keyClick(window.view, KEY.Key_3)
    QTest.keyClick(window.view, KEY.Key_Right, ALT | SHIFT)  # the end moves to the next word
    assert stored_spans(window.store) == [("GPE", "Tikrit\n\n\nMosul", "accepted")]
    QTest.keyClick(window.view, KEY.Key_Right, ALT)  # the start moves to the next word
    assert stored_spans(window.store) == [("GPE", "Mosul", "accepted")]
    QTest.keyClick(window.view, KEY.Key_Left, ALT | SHIFT)  # no word left between them
    assert stored_spans(window.store) == [("GPE", "Mosul", "accepted")]


def test_label_all_occurrences_of_a_blank_selection_is_refused(
    window: MainWindow, db_path: Path
) -> None:
    before = content(db_path)
    start = TEXT.index(BLANKS["no-break spaces"])
    select_by_keys(window, start, start + 2)
    QTest.keyClick(window.view, KEY.Key_L, CTRL)
    assert_refused(window, db_path, before)
