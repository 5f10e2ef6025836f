"""The label scheme editor never drops an edit without asking: Save, Discard or Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from tagdesk.gui.label_scheme_dialog import LabelSchemeDialog
from tagdesk.gui.main_window import MainWindow

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
Answer = QMessageBox.StandardButton


def description_of(window: MainWindow, name: str) -> str:
    row = window.store.execute("SELECT description FROM label WHERE name = ?", (name,))
    return row.fetchone()[0]


def answer_the_question(answer: Answer, asked: list[str]) -> None:
    """Soon after: click `answer` in the question that Close raised."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        asked.append(box.text())
        box.button(answer).click()

    QTimer.singleShot(50, click)


def in_the_editor(window: MainWindow, edit: Callable[[LabelSchemeDialog], None]) -> None:
    """Ctrl+Shift+L opens the editor; `edit` works in it while it is open."""

    def work() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LabelSchemeDialog), dialog
        try:
            edit(dialog)
        finally:  # a failing step never leaves the editor open, waiting for a person
            if dialog.isVisible():
                QDialog.done(dialog, QDialog.DialogCode.Rejected)

    QTimer.singleShot(50, work)
    QTest.keyClick(window.view, Qt.Key.Key_L, CTRL_SHIFT)


def choose(dialog: LabelSchemeDialog, name: str) -> None:
    row = next(r for r in range(dialog.list.count()) if dialog.list.item(r).text().startswith(name))
    rect = dialog.list.visualItemRect(dialog.list.item(row))
    QTest.mouseClick(
        dialog.list.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        rect.center(),
    )


def type_description(dialog: LabelSchemeDialog, text: str) -> None:
    dialog.description.setFocus()
    dialog.description.selectAll()
    QTest.keyClicks(dialog.description, text)


def close(dialog: LabelSchemeDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    buttons.button(QDialogButtonBox.StandardButton.Close).click()


def test_close_with_an_unsaved_edit_asks_and_save_saves_it(window: MainWindow) -> None:
    asked: list[str] = []
    still_open: list[bool] = []

    def edit(dialog: LabelSchemeDialog) -> None:
        choose(dialog, "ORG")
        type_description(dialog, "Companies, agencies, armed groups")
        answer_the_question(Answer.Save, asked)
        close(dialog)
        still_open.append(dialog.isVisible())

    in_the_editor(window, edit)
    assert asked == ["Save the changes to ORG?"]
    assert still_open == [False]
    assert description_of(window, "ORG") == "Companies, agencies, armed groups"
    org = next(label for label in window.controller.labels if label.name == "ORG")
    assert org.description == "Companies, agencies, armed groups"  # the window has it too


def test_discard_closes_and_leaves_the_label_as_it_was(window: MainWindow) -> None:
    before = description_of(window, "ORG")
    asked: list[str] = []

    def edit(dialog: LabelSchemeDialog) -> None:
        choose(dialog, "ORG")
        type_description(dialog, "typed by mistake")
        answer_the_question(Answer.Discard, asked)
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # Escape closes as Close does

    in_the_editor(window, edit)
    assert len(asked) == 1
    assert description_of(window, "ORG") == before


def test_cancel_keeps_the_editor_open_with_the_edit(window: MainWindow) -> None:
    seen: list[object] = []

    def edit(dialog: LabelSchemeDialog) -> None:
        choose(dialog, "ORG")
        type_description(dialog, "still thinking")
        answer_the_question(Answer.Cancel, [])
        close(dialog)
        seen.extend([dialog.isVisible(), dialog.description.text()])
        answer_the_question(Answer.Discard, [])
        close(dialog)

    in_the_editor(window, edit)
    assert seen == [True, "still thinking"]
    assert description_of(window, "ORG") != "still thinking"


def test_choosing_another_label_with_an_unsaved_edit_asks_too(window: MainWindow) -> None:
    asked: list[str] = []
    shown: list[str] = []

    def edit(dialog: LabelSchemeDialog) -> None:
        choose(dialog, "ORG")
        type_description(dialog, "Organisations")
        answer_the_question(Answer.Save, asked)
        choose(dialog, "GPE")
        shown.append(dialog.name.text())
        close(dialog)  # nothing unsaved now: closes without a question

    in_the_editor(window, edit)
    assert asked == ["Save the changes to ORG?"]
    assert shown == ["GPE"]
    assert description_of(window, "ORG") == "Organisations"


def test_a_new_label_typed_but_not_saved_is_asked_about(window: MainWindow) -> None:
    asked: list[str] = []

    def edit(dialog: LabelSchemeDialog) -> None:
        dialog.add_button.click()
        QTest.keyClicks(dialog.name, "MILITIA")
        answer_the_question(Answer.Save, asked)
        close(dialog)

    in_the_editor(window, edit)
    assert asked == ["Save the changes to MILITIA?"]
    assert window.controller.labels[-1].name == "MILITIA"


def test_closing_untouched_asks_nothing(window: MainWindow) -> None:
    closed: list[bool] = []

    def edit(dialog: LabelSchemeDialog) -> None:
        choose(dialog, "GPE")
        close(dialog)
        closed.append(not dialog.isVisible())

    in_the_editor(window, edit)
    assert closed == [True]
