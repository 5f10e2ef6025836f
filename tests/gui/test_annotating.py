"""Driving the window as an analyst does: select, press a key, click, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.gui.main_window import MainWindow
from tagdesk.store.editing import create_span
from tests.gui.conftest import click_at, drag_select, stored_spans

KEY = Qt.Key
NONE = Qt.KeyboardModifier.NoModifier


def open_text(window: MainWindow) -> str:
    assert window.controller.document is not None
    return window.controller.document.text


def test_partial_selection_snaps_to_the_word_and_the_hotkey_labels_it(window: MainWindow) -> None:
    text = open_text(window)
    start = text.index("Tikrit")
    drag_select(window.view, start + 1, start + 4)  # "ikr"
    QTest.keyClick(window.view, KEY.Key_3)
    assert stored_spans(window.store) == [("GPE", "Tikrit", "accepted")]
    row = window.store.execute("SELECT annotator, source FROM span").fetchone()
    assert row == ("tester", "manual")
    assert window.controller.document.status == "in_progress"


def test_alt_keeps_exact_characters(window: MainWindow) -> None:
    text = open_text(window)
    start = text.index("Soleimani")
    drag_select(window.view, start, start + 5, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(window.view, KEY.Key_1, Qt.KeyboardModifier.AltModifier)
    assert stored_spans(window.store) == [("PERSON", "Solei", "accepted")]


def test_keyboard_selection_then_hotkey(window: MainWindow) -> None:
    text = open_text(window)
    start = text.index("Baghdad")
    click_at(window.view, start)
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.offsets.to_qt(start))
    window.view.setTextCursor(cursor)
    for _ in range(len("Baghdad")):
        QTest.keyClick(window.view, KEY.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(window.view, KEY.Key_3)
    assert ("GPE", "Baghdad", "accepted") in stored_spans(window.store)


def test_click_relabel_delete_and_undo_redo(window: MainWindow) -> None:
    text = open_text(window)
    start = text.index("Tikrit")
    drag_select(window.view, start, start + 6)
    QTest.keyClick(window.view, KEY.Key_3)
    window.view.clear_selection()
    click_at(window.view, start + 2)
    assert window.controller.selected is not None
    assert window.inspector.text.text() == "Tikrit"
    QTest.keyClick(window.view, KEY.Key_4)  # relabel as LOC
    assert stored_spans(window.store) == [("LOC", "Tikrit", "accepted")]
    QTest.keyClick(window.view, KEY.Key_Delete)
    assert stored_spans(window.store) == []
    QTest.keyClick(window.view, KEY.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_spans(window.store) == [("LOC", "Tikrit", "accepted")]
    QTest.keyClick(window.view, KEY.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_spans(window.store) == [("GPE", "Tikrit", "accepted")]
    QTest.keyClick(window.view, KEY.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_spans(window.store) == []
    assert window.store.execute("SELECT status FROM document WHERE id=1").fetchone()[0] == "todo"
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.view, KEY.Key_Z, redo)
    QTest.keyClick(window.view, KEY.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored_spans(window.store) == [("LOC", "Tikrit", "accepted")]


def add_suggestions(window: MainWindow, *pairs: tuple[str, int]) -> None:
    """Model-style suggestions for words of the open document, shown as the window would."""
    text = open_text(window)
    document_id = window.controller.document.id
    for word, label_id in pairs:
        start = text.index(word)
        create_span(
            window.store,
            document_id,
            start,
            start + len(word),
            label_id,
            annotator="",
            status="suggested",
            source="en_core_web_sm@3.8.0",
        )
    window.open_document(document_id)


def test_tab_moves_through_spans_and_return_backspace_decide(window: MainWindow) -> None:
    add_suggestions(window, ("Tikrit", 3), ("Baghdad", 3), ("Shia", 5))
    QTest.keyClick(window.view, KEY.Key_Tab)
    first = window.controller.selected
    assert first is not None
    QTest.keyClick(window.view, KEY.Key_Return)
    QTest.keyClick(window.view, KEY.Key_Tab)
    QTest.keyClick(window.view, KEY.Key_Backspace)
    statuses = sorted(status for _, _, status in stored_spans(window.store))
    assert statuses == ["accepted", "rejected", "suggested"]
    QTest.keyClick(window.view, KEY.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.controller.selected.id == first.id


def test_accept_all_is_one_undo_step(window: MainWindow) -> None:
    add_suggestions(window, ("Tikrit", 3), ("Baghdad", 3), ("Shia", 5))
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.view, KEY.Key_A, shift_ctrl)
    assert {status for *_, status in stored_spans(window.store)} == {"accepted"}
    QTest.keyClick(window.view, KEY.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {status for *_, status in stored_spans(window.store)} == {"suggested"}


def test_reject_all_of_one_label(window: MainWindow, qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    add_suggestions(window, ("Tikrit", 3), ("Baghdad", 3), ("Shia", 5))

    def choose_gpe() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("GPE")
        dialog.accept()

    QTimer.singleShot(50, choose_gpe)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.view, KEY.Key_R, shift_ctrl)
    assert sorted(stored_spans(window.store)) == [
        ("GPE", "Baghdad", "rejected"),
        ("GPE", "Tikrit", "rejected"),
        ("NORP", "Shia", "suggested"),
    ]


def test_resize_by_one_token_with_alt_arrows(window: MainWindow) -> None:
    text = open_text(window)
    start = text.index("Qasem Soleimani")
    drag_select(window.view, start, start + 5)
    QTest.keyClick(window.view, KEY.Key_1)
    assert stored_spans(window.store) == [("PERSON", "Qasem", "accepted")]
    QTest.keyClick(
        window.view,
        KEY.Key_Right,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert stored_spans(window.store) == [("PERSON", "Qasem Soleimani", "accepted")]
    QTest.keyClick(window.view, KEY.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert stored_spans(window.store) == [("PERSON", "Gen Qasem Soleimani", "accepted")]
    QTest.keyClick(window.view, KEY.Key_Right, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(
        window.view,
        KEY.Key_Left,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert stored_spans(window.store) == [("PERSON", "Qasem", "accepted")]


def test_palette_click_applies_a_label(window: MainWindow, qtbot) -> None:
    text = open_text(window)
    start = text.index("Islamic State")
    drag_select(window.view, start, start + len("Islamic State"))
    row = next(i for i, lab in enumerate(window.controller.labels) if lab.name == "ORG")
    rect = window.label_palette.visualRect(window.label_model.index(row))
    QTest.mouseClick(
        window.label_palette.viewport(), Qt.MouseButton.LeftButton, NONE, rect.center()
    )
    assert stored_spans(window.store) == [("ORG", "Islamic State", "accepted")]
