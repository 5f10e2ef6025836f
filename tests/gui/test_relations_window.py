"""Relations in the window, made, decided, edited and undone with the keys and the mouse,
checked in the database and in what the lists show."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from tagdesk.gui import shortcuts_dialog
from tagdesk.gui.label_scheme_dialog import LabelSchemeDialog
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, open_store, operations
from tagdesk.store.change_sets import History
from tagdesk.store.relation_types import list_relation_types
from tagdesk.store.relations import document_relations
from tests.gui.conftest import WindowFactory, answer_box, click_at, refocus, stored_spans
from tests.gui.relation_helpers import (
    CTRL,
    CTRL_SHIFT,
    TEXT,
    WORDS,
    document_rows,
    five_spans_window,
    press,
    select,
    span_rows,
    status,
    stored_relations,
)


@pytest.fixture
def window(store: Store, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    return five_spans_window(store, make_window, tmp_path)


def ends(window: MainWindow) -> tuple[str | None, str | None]:
    """The words the text marks as the relation's two ends."""
    head, other = window.view.relation_ends
    return (TEXT[slice(*head)] if head else None, TEXT[slice(*other)] if other else None)


def test_r_tab_and_a_type_key_make_a_relation_and_undo_takes_it_back(window: MainWindow) -> None:
    store = window.store
    press(window, Qt.Key.Key_Tab)  # Soleimani
    press(window, Qt.Key.Key_R)
    assert status(window).startswith("Relation from “Soleimani”: click the other span, or Tab")
    assert ends(window) == ("Soleimani", None)
    press(window, Qt.Key.Key_Tab)
    assert ends(window) == ("Soleimani", "Quds Force")
    assert status(window) == (
        "“Soleimani” → “Quds Force”: C COMMANDS, M MEMBER_OF, T MET, D DECLARED, A ATTACKED, "
        "or Return for the list; Esc cancels"
    )
    assert stored_relations(store) == []
    press(window, Qt.Key.Key_C)
    assert stored_relations(store) == [("COMMANDS", "Soleimani", "Quds Force", "accepted", "")]
    assert status(window).startswith("Added COMMANDS: “Soleimani” → “Quds Force”")
    assert ends(window) == ("Soleimani", "Quds Force")  # the new relation is the chosen one
    assert document_rows(window) == [["COMMANDS", "Soleimani → Quds Force", "✓"]]
    assert span_rows(window) == [["COMMANDS", "→ Quds Force", "✓"]]
    assert window.relation_panes.tabs.tabText(1) == "Relations (1)"
    assert window.controller.span_text(window.controller.selected) == "Soleimani"
    # C is CARDINAL's key too: outside the R flow it labels, as it always did.
    assert stored_spans(store)[0] == ("PERSON", "Soleimani", "accepted")
    press(window, (Qt.Key.Key_Z, CTRL))
    assert stored_relations(store) == []
    assert document_rows(window) == []
    assert span_rows(window) == []
    assert window.action_set.redo.text() == "Redo Add relation COMMANDS"
    press(window, (Qt.Key.Key_Z, CTRL_SHIFT))
    assert stored_relations(store) == [("COMMANDS", "Soleimani", "Quds Force", "accepted", "")]
    assert document_rows(window) == [["COMMANDS", "Soleimani → Quds Force", "✓"]]


def test_shift_tab_goes_back_and_escape_cancels_at_every_step(window: MainWindow) -> None:
    store = window.store
    select(window, "al-Abadi")
    press(window, Qt.Key.Key_R, Qt.Key.Key_Escape)
    assert status(window) == "Relation cancelled; nothing was written"
    assert ends(window) == (None, None)
    press(window, Qt.Key.Key_R, Qt.Key.Key_Backtab)
    assert ends(window) == ("al-Abadi", "Quds Force")
    press(window, Qt.Key.Key_Backtab, Qt.Key.Key_Backtab)
    assert ends(window) == ("al-Abadi", "Monday")  # wrapped round past the first span
    press(window, Qt.Key.Key_1)  # a label key in the R flow relabels nothing
    press(window, Qt.Key.Key_Escape)
    assert ends(window) == (None, None)
    assert stored_relations(store) == []
    assert [label for label, _, _ in stored_spans(store)] == [label for _, label in WORDS]
    # Outside the flow, Tab selects spans again.
    press(window, Qt.Key.Key_Tab)
    assert window.controller.span_text(window.controller.selected) == "Baghdad"


def test_tab_offers_only_spans_a_type_could_take(window: MainWindow) -> None:
    select(window, "Monday")  # a DATE: only LOCATED_IN (any head) takes it, to a place
    press(window, Qt.Key.Key_R, Qt.Key.Key_Tab)
    assert ends(window) == ("Monday", "Baghdad")
    press(window, Qt.Key.Key_Tab)
    assert ends(window) == ("Monday", "Baghdad")
    press(window, Qt.Key.Key_L)
    assert stored_relations(window.store) == [("LOCATED_IN", "Monday", "Baghdad", "accepted", "")]


def test_the_mouse_chooses_the_other_span_and_return_lists_the_types(
    window: MainWindow, qtbot
) -> None:
    store = window.store
    select(window, "al-Abadi")
    press(window, Qt.Key.Key_R)
    click_at(window.view, TEXT.index("Baghdad") + 2)
    assert ends(window) == ("al-Abadi", "Baghdad")
    assert window.controller.span_text(window.controller.selected) == "al-Abadi"
    listed: list[list[tuple[str, bool]]] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, choose)
            return
        listed.append([(a.text(), a.isEnabled()) for a in menu.actions() if not a.isSeparator()])
        QTest.keyClick(menu, Qt.Key.Key_Down)  # from the first fitting type to the second
        QTest.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(0, choose)
    press(window, Qt.Key.Key_Return)
    # A person and a place: the types that fit first, the others after, not to be chosen.
    assert listed == [
        [
            ("MEMBER_OF\tM", True),
            ("MET\tT", True),
            ("LOCATED_IN\tL", True),
            ("DECLARED\tD", True),
            ("ATTACKED\tA", True),
            ("COMMANDS\tC", False),
        ]
    ]
    assert stored_relations(store) == [("MET", "al-Abadi", "Baghdad", "accepted", "")]


def test_a_refused_relation_is_one_status_line_and_nothing_written(window: MainWindow) -> None:
    store = window.store
    select(window, "Soleimani")
    press(window, Qt.Key.Key_R)
    click_at(window.view, TEXT.index("Baghdad") + 2)
    press(window, Qt.Key.Key_C)  # COMMANDS takes an ORG or NORP child, not a GPE
    assert status(window) == "Not added: COMMANDS needs a child labelled ORG or NORP, not GPE"
    assert stored_relations(store) == []
    assert not window.action_set.undo.isEnabled()
    assert ends(window) == ("Soleimani", "Baghdad")  # still choosing: another key, or Escape
    press(window, Qt.Key.Key_T)
    assert stored_relations(store) == [("MET", "Soleimani", "Baghdad", "accepted", "")]
    # The same relation again, drawn the other way round (MET has no direction).
    select(window, "Baghdad")
    press(window, Qt.Key.Key_R)
    click_at(window.view, TEXT.index("Soleimani") + 2)
    press(window, Qt.Key.Key_T)
    assert status(window).startswith("Not added: ")
    assert stored_relations(store) == [("MET", "Soleimani", "Baghdad", "accepted", "")]
    press(window, Qt.Key.Key_Escape, (Qt.Key.Key_Z, CTRL))
    assert stored_relations(store) == []


def test_r_in_the_document_list_starts_from_the_selected_span_in_the_text(
    window: MainWindow, qtbot
) -> None:
    select(window, "Soleimani")
    table = window.document_list.table
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_R)
    assert window.relation_panes.relations.draft is not None
    qtbot.waitUntil(window.view.hasFocus)
    press(window, Qt.Key.Key_Tab, Qt.Key.Key_C)
    assert stored_relations(window.store) == [
        ("COMMANDS", "Soleimani", "Quds Force", "accepted", "")
    ]


def test_relation_type_edits_not_saved_are_asked_about_on_close(window: MainWindow, qtbot) -> None:
    dialog = LabelSchemeDialog(window.store, window)
    dialog.changed.connect(window.controller.report)
    dialog.show()
    editor = dialog.relation_types
    dialog.tabs.setCurrentWidget(editor)
    editor.list.setCurrentRow(2)  # MET
    editor.name.setText("MET_WITH")
    seen: list[str] = []
    answer_box(qtbot, QMessageBox.StandardButton.Cancel, seen)
    dialog.reject()
    assert seen == ["Save the changes to MET_WITH? "]
    assert dialog.isVisible()  # still open, the edit still typed
    assert editor.name.text() == "MET_WITH"
    answer_box(qtbot, QMessageBox.StandardButton.Save, seen)
    dialog.reject()
    assert not dialog.isVisible()
    assert [t.name for t in list_relation_types(window.store)][2] == "MET_WITH"
    assert [t.name for t in window.relation_panes.relations.types][2] == "MET_WITH"


def test_r_without_a_span_and_in_a_field_types_nothing(window: MainWindow) -> None:
    press(window, Qt.Key.Key_R)
    assert status(window).startswith("Select a span first")
    assert window.relation_panes.relations.draft is None
    search = window.document_list.search
    search.setFocus()
    QTest.keyClicks(search, "r")
    assert search.text() == "r"
    assert window.relation_panes.relations.draft is None
    select(window, "Soleimani")
    note = window.inspector.note
    note.setFocus()
    QTest.keyClicks(note, "rr")
    assert note.toPlainText() == "rr"
    assert window.relation_panes.relations.draft is None


def make_relations(window: MainWindow) -> None:
    select(window, "Soleimani")
    press(window, Qt.Key.Key_R, Qt.Key.Key_Tab, Qt.Key.Key_C)
    select(window, "al-Abadi")
    press(window, Qt.Key.Key_R)
    click_at(window.view, TEXT.index("Baghdad") + 2)
    press(window, Qt.Key.Key_L)


def test_the_relations_tab_decides_edits_and_deletes_with_undo_for_each(
    window: MainWindow, qtbot
) -> None:
    store = window.store
    # A rejected relation stays listed (struck) only with rejected ones shown (without, it
    # leaves the list: tests/gui/test_show_rejected_menu.py).
    window.action_set.show_rejected.setChecked(True)
    make_relations(window)
    assert document_rows(window) == [
        ["COMMANDS", "Soleimani → Quds Force", "✓"],
        ["LOCATED_IN", "al-Abadi → Baghdad", "✓"],
    ]
    press(window, (Qt.Key.Key_R, CTRL))
    panes = window.relation_panes
    table = panes.document_list.table
    assert panes.tabs.currentIndex() == 1
    qtbot.waitUntil(table.hasFocus)
    assert ends(window) == ("al-Abadi", "Baghdad")  # the relation made last is the chosen one

    def key(k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(table, k, modifier)

    key(Qt.Key.Key_Up)
    assert ends(window) == ("Soleimani", "Quds Force")

    steps: list[list[tuple[str, str, str, str, str]]] = [stored_relations(store)]
    key(Qt.Key.Key_Backspace)
    steps.append(stored_relations(store))
    assert steps[-1][0][3] == "rejected"
    assert document_rows(window)[0][2] == "✗"
    key(Qt.Key.Key_Return)
    steps.append(stored_relations(store))
    assert steps[-1][0][3] == "accepted"
    key(Qt.Key.Key_M)
    steps.append(stored_relations(store))
    assert steps[-1][0][0] == "MEMBER_OF"
    assert document_rows(window)[0][0] == "MEMBER_OF"
    note = panes.document_list.note
    note.setFocus()
    QTest.keyClicks(note, "since 1998")
    QTest.keyClick(note, Qt.Key.Key_Return)
    steps.append(stored_relations(store))
    assert steps[-1][0][4] == "since 1998"
    table.setFocus()
    key(Qt.Key.Key_Down)
    assert ends(window) == ("al-Abadi", "Baghdad")
    key(Qt.Key.Key_Delete)
    steps.append(stored_relations(store))
    assert steps[-1] == [("MEMBER_OF", "Soleimani", "Quds Force", "accepted", "since 1998")]
    assert document_rows(window) == [["MEMBER_OF", "Soleimani → Quds Force", "✓"]]
    # Undo walks every step back, from the list where the keys were pressed; redo again.
    for expected in reversed(steps[:-1]):
        key(Qt.Key.Key_Z, CTRL)
        assert stored_relations(store) == expected
    assert len(document_rows(window)) == 2
    for expected in steps[1:]:
        key(Qt.Key.Key_Z, CTRL_SHIFT)
        assert stored_relations(store) == expected
    key(Qt.Key.Key_Escape)  # back to the text, where R and Tab work again
    qtbot.waitUntil(window.view.hasFocus)


def test_the_span_inspector_lists_incoming_and_outgoing(window: MainWindow) -> None:
    make_relations(window)
    select(window, "Baghdad")
    press(window, Qt.Key.Key_R)
    click_at(window.view, TEXT.index("Soleimani") + 2)
    press(window, Qt.Key.Key_T)  # MET, stored Soleimani first: it comes first in the text
    select(window, "Soleimani")
    assert span_rows(window) == [
        ["COMMANDS", "→ Quds Force", "✓"],
        ["MET", "— Baghdad", "✓"],
    ]
    select(window, "Baghdad")
    assert span_rows(window) == [
        ["MET", "— Soleimani", "✓"],
        ["LOCATED_IN", "← al-Abadi", "✓"],
    ]
    assert window.relation_panes.span_list.isVisible()
    # The inspector's list decides too: Backspace on its chosen row.
    table = window.relation_panes.span_list.table
    table.setFocus()
    table.selectRow(1)
    QTest.keyClick(table, Qt.Key.Key_Backspace)
    assert ("LOCATED_IN", "al-Abadi", "Baghdad", "rejected", "") in stored_relations(window.store)


def test_deleting_a_span_with_relations_asks_and_undo_brings_both_back(
    window: MainWindow, qtbot
) -> None:
    store = window.store
    make_relations(window)
    before_spans, before_relations = stored_spans(store), stored_relations(store)
    select(window, "Soleimani")
    seen: list[str] = []
    answer_box(qtbot, QMessageBox.StandardButton.No, seen)
    press(window, Qt.Key.Key_Delete)
    assert seen == [
        "Delete “Soleimani” and its 1 relation? "
        "The relation goes with the span; Ctrl+Z brings both back."
    ]
    assert stored_spans(store) == before_spans
    assert stored_relations(store) == before_relations
    assert status(window) == "Nothing deleted: the span and its 1 relation are kept"
    refocus(qtbot, window)
    answer_box(qtbot, QMessageBox.StandardButton.Yes, seen)
    press(window, Qt.Key.Key_Delete)
    assert len(seen) == 2
    assert [text for _, text, _ in stored_spans(store)] == [
        "Quds Force",
        "al-Abadi",
        "Baghdad",
        "Monday",
    ]
    assert stored_relations(store) == [before_relations[1]]
    assert document_rows(window) == [["LOCATED_IN", "al-Abadi → Baghdad", "✓"]]
    refocus(qtbot, window)
    press(window, (Qt.Key.Key_Z, CTRL))
    assert stored_spans(store) == before_spans
    assert stored_relations(store) == before_relations
    assert len(document_rows(window)) == 2
    press(window, (Qt.Key.Key_Z, CTRL_SHIFT))
    assert stored_relations(store) == [before_relations[1]]
    press(window, (Qt.Key.Key_Z, CTRL))
    assert stored_relations(store) == before_relations
    # A span without relations is deleted without a question.
    select(window, "Monday")
    press(window, Qt.Key.Key_Delete)
    assert len(seen) == 2
    assert "Monday" not in [text for _, text, _ in stored_spans(store)]


def test_a_relation_changed_elsewhere_is_left_as_it_is(window: MainWindow, db_path) -> None:
    """Delete and retype, from a list that shows it as it was: refused, nothing lost."""
    store = window.store
    select(window, "Soleimani")
    press(window, Qt.Key.Key_R, Qt.Key.Key_Tab, Qt.Key.Key_C)
    with open_store(db_path) as other:  # another window, on the same database
        shown = document_relations(other, 1)[0]
        operations.edit_relation(other, History(), shown, replace(shown, note="checked by Ben"))
    press(window, (Qt.Key.Key_R, CTRL))
    table = window.relation_panes.document_list.table
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert stored_relations(store) == [
        ("COMMANDS", "Soleimani", "Quds Force", "accepted", "checked by Ben")
    ]
    assert status(window) == (
        "Not deleted: another window or program changed this relation since it was shown "
        "here; it is shown as it is now"
    )
    assert window.action_set.undo.text() == "Undo Add relation COMMANDS"
    assert window.relation_panes.document_list.note.text() == "checked by Ben"
    QTest.keyClick(table, Qt.Key.Key_M)  # now on the relation as stored: written
    assert stored_relations(store) == [
        ("MEMBER_OF", "Soleimani", "Quds Force", "accepted", "checked by Ben")
    ]


def test_label_scheme_editor_adds_a_relation_type_the_r_flow_uses(
    window: MainWindow, qtbot, warnings: list[str]
) -> None:
    dialog = LabelSchemeDialog(window.store, window)
    dialog.changed.connect(window.controller.report)
    editor = dialog.relation_types
    dialog.tabs.setCurrentWidget(editor)
    editor.add_button.click()
    QTest.keyClicks(editor.name, "FUNDS")
    QTest.keyClicks(editor.hotkey, "f")
    QTest.keyClicks(editor.head_labels, "ORG, GPE")
    QTest.keyClicks(editor.child_labels, "ORG, MILITIA")
    editor.save_button.click()
    assert warnings == ["There is no label named MILITIA"]
    editor.child_labels.clear()
    QTest.keyClicks(editor.child_labels, "ORG")
    editor.symmetric.click()
    editor.save_button.click()
    saved = list_relation_types(window.store)[-1]
    assert (saved.name, saved.hotkey.upper(), saved.directed) == ("FUNDS", "F", False)
    assert (saved.heads, saved.children) == (("ORG", "GPE"), ("ORG",))
    assert "FUNDS" in [t.name for t in window.relation_panes.relations.types]
    # A label may not take the window's own R.
    dialog.tabs.setCurrentIndex(0)
    dialog.add_button.click()
    QTest.keyClicks(dialog.name, "RANK")
    QTest.keyClicks(dialog.hotkey, "r")
    dialog.save_button.click()
    assert warnings[-1] == "The key R is the window's own; choose another"
    dialog.name.clear()
    dialog.hotkey.clear()
    dialog.reject()
    select(window, "Baghdad")
    press(window, Qt.Key.Key_R)
    click_at(window.view, TEXT.index("Quds Force") + 2)
    press(window, Qt.Key.Key_F)
    assert stored_relations(window.store) == [("FUNDS", "Quds Force", "Baghdad", "accepted", "")]


def test_the_shortcuts_overlay_lists_r_and_the_relation_keys(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[list[tuple[str, str]]] = []

    def keep(dialog: shortcuts_dialog.ShortcutsDialog) -> int:
        table = dialog.table
        shown.append(
            [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
        )
        return 0

    monkeypatch.setattr(shortcuts_dialog.ShortcutsDialog, "exec", keep)
    window.action_set.shortcuts.trigger()
    rows = dict(shown[0])
    assert rows["New relation from span"] == "R"
    assert rows["Relations"] == "Ctrl+R"
    assert rows["Relation type COMMANDS (making a relation, or in a Relations list)"] == "C"
    assert rows["Making a relation: cancel"] == "Esc"


def test_the_arcs_follow_the_flow_and_a_click_on_an_arc_chooses_its_relation(
    window: MainWindow,
) -> None:
    arcs = window.view.arcs
    select(window, "Soleimani")
    press(window, Qt.Key.Key_R)
    head = window.controller.selected
    assert arcs.pending == (head.id, None)  # the head waits for its other span
    press(window, Qt.Key.Key_Tab)
    assert ends(window) == ("Soleimani", "Quds Force")
    (pending,) = arcs.pending[1:]
    assert window.controller.span_text(window.controller.index.get(pending)) == "Quds Force"
    press(window, Qt.Key.Key_C)
    assert arcs.pending is None
    (made,) = document_relations(window.store, head.document_id)
    assert arcs.selected_relation == made.id  # the new relation is the chosen one, drawn so
    select(window, "al-Abadi")
    press(window, Qt.Key.Key_Escape)
    window.relation_panes.relations.choose(None)
    assert arcs.selected_relation is None
    assert document_rows(window) == [["COMMANDS", "Soleimani → Quds Force", "✓"]]
    (shape,) = [s for s in arcs.arc_shapes() if s.relation == made.id]
    label = shape.parts[0].label_rect
    assert label is not None
    QTest.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        label.center().toPoint(),
    )
    assert arcs.selected_relation == made.id
    assert window.relation_panes.document_list.chosen_id() == made.id
    assert ends(window) == ("Soleimani", "Quds Force")
