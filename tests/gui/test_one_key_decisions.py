"""One key per decision: Return and Backspace decide and move on, Tab can skip what is decided."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tagdesk.gui.main_window import MainWindow
from tagdesk.gui.occurrences_dialog import OccurrencesDialog
from tagdesk.store import Store
from tagdesk.store.editing import create_span
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, drag_select, refocus, stored_spans

CTRL = Qt.KeyboardModifier.ControlModifier
GPE = 3


def long_document(store: Store, tmp_path: Path) -> str:
    """One article far longer than the window, so the next suggestion is out of sight."""
    lines = [f"Line {n} says the convoy left Baghdad at dawn." for n in range(1, 241)]
    path = tmp_path / "convoy.txt"
    path.write_text("Convoy report\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    import_paths(store, [path], annotator="tester")
    return store.execute("SELECT text FROM document").fetchone()[0]


def suggest(store: Store, text: str, needle: str, *, status: str = "suggested") -> int:
    start = text.index(needle) + len(needle) - len("Baghdad")
    return create_span(
        store, 1, start, start + len("Baghdad"), GPE, annotator="", status=status, source="model"
    ).id


def on_screen(window: MainWindow, span_id: int) -> bool:
    span = window.controller.index.get(span_id)
    assert span is not None
    x, y = window.view.qt_rect_of(span.start)
    return window.view.viewport().rect().contains(QPoint(x, y))


def status_of(store: Store, span_id: int) -> str:
    return store.execute("SELECT status FROM span WHERE id = ?", (span_id,)).fetchone()[0]


def test_return_and_backspace_decide_and_move_to_the_next_open_suggestion(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    text = long_document(store, tmp_path)
    first = suggest(store, text, "Line 2 says the convoy left Baghdad")
    decided = suggest(store, text, "Line 60 says the convoy left Baghdad", status="accepted")
    second = suggest(store, text, "Line 120 says the convoy left Baghdad")
    third = suggest(store, text, "Line 230 says the convoy left Baghdad")
    window = make_window(store)
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.controller.selected.id == first
    assert not on_screen(window, second)

    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert status_of(store, first) == "accepted"
    assert window.controller.selected.id == second  # the accepted span at line 60 is skipped
    assert window.inspector.text.text() == "Baghdad"
    assert on_screen(window, second)
    assert status_of(store, decided) == "accepted"

    QTest.keyClick(window.view, Qt.Key.Key_Backspace)
    assert status_of(store, second) == "rejected"
    assert window.controller.selected.id == third
    assert on_screen(window, third)

    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert status_of(store, third) == "accepted"
    assert window.controller.selected.id == third  # nothing left to move to
    message = window.statusBar().currentMessage()
    assert "last open suggestion" in message
    assert "Ctrl+Return" in message
    assert store.execute("SELECT status FROM document").fetchone()[0] == "in_progress"


def test_the_next_open_suggestion_wraps_to_one_left_above(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    text = long_document(store, tmp_path)
    above = suggest(store, text, "Line 3 says the convoy left Baghdad")
    below = suggest(store, text, "Line 200 says the convoy left Baghdad")
    window = make_window(store)
    window.controller.select_span(below)
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert status_of(store, below) == "accepted"
    assert window.controller.selected.id == above
    assert on_screen(window, above)


def test_undo_after_an_accept_puts_the_selection_back(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    text = long_document(store, tmp_path)
    first = suggest(store, text, "Line 2 says the convoy left Baghdad")
    second = suggest(store, text, "Line 200 says the convoy left Baghdad")
    window = make_window(store)
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert window.controller.selected.id == second
    assert not on_screen(window, first)

    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert status_of(store, first) == "suggested"
    assert window.controller.selected.id == first
    assert on_screen(window, first)
    assert window.inspector.text.text() == "Baghdad"

    QTest.keyClick(window.view, Qt.Key.Key_Y, CTRL)
    assert status_of(store, first) == "accepted"
    assert window.controller.selected.id == second


def view_menu_action(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "View")
    return next(a for a in menu.actions() if a.text() == text)


def test_tab_can_step_through_open_suggestions_only_and_the_choice_is_kept(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    text = long_document(store, tmp_path)
    first = suggest(store, text, "Line 2 says the convoy left Baghdad")
    suggest(store, text, "Line 60 says the convoy left Baghdad", status="accepted")
    second = suggest(store, text, "Line 120 says the convoy left Baghdad")
    window = make_window(store)
    option = view_menu_action(window, "Tab steps through open suggestions only")
    assert not option.isChecked()
    option.trigger()
    assert store.execute(
        "SELECT value FROM setting WHERE key = 'window.tab_suggestions_only'"
    ).fetchone() == ("1",)
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.controller.selected.id == first
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.controller.selected.id == second  # not the accepted span between them
    QTest.keyClick(window.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert window.controller.selected.id == first
    window.close()

    again = make_window(store)
    assert view_menu_action(again, "Tab steps through open suggestions only").isChecked()
    QTest.keyClick(again.view, Qt.Key.Key_Tab)
    QTest.keyClick(again.view, Qt.Key.Key_Tab)
    assert again.controller.selected.id == second
    view_menu_action(again, "Tab steps through open suggestions only").trigger()
    assert store.execute("SELECT value FROM setting WHERE key LIKE 'window.%'").fetchall() == []


def test_ctrl_l_snaps_to_words_and_proposes_the_label_of_the_span_there(
    window: MainWindow, qtbot
) -> None:
    text = window.controller.document.text
    start = text.index("Tikrit")
    drag_select(window.view, start, start + len("Tikrit"))
    QTest.keyClick(window.view, Qt.Key.Key_4)  # LOC, not the first label
    window.view.clear_selection()
    drag_select(window.view, start + 1, start + 4)  # "ikr", inside the span
    seen: dict[str, object] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, OccurrencesDialog)
        seen["needle"] = dialog.needle
        seen["label"] = dialog.label_box.currentText()
        shown = window.view.selection_range()  # the text selection shows what is looked for
        seen["selected"] = text[shown[0] : shown[1]] if shown else None
        dialog.accept()

    QTimer.singleShot(50, look)
    QTest.keyClick(window.view, Qt.Key.Key_L, CTRL)
    assert seen == {"needle": "Tikrit", "label": "LOC", "selected": "Tikrit"}
    labelled = [(label, words) for label, words, _ in stored_spans(window.store)]
    assert labelled.count(("LOC", "Tikrit")) == text.count("Tikrit")
    refocus(qtbot, window)
