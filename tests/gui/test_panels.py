"""Tags, notes, document status, done-and-next, find, occurrences, labels, shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tagdesk.gui.label_scheme_dialog import LabelSchemeDialog
from tagdesk.gui.main_window import MainWindow
from tagdesk.gui.occurrences_dialog import OccurrencesDialog
from tagdesk.gui.shortcuts_dialog import ShortcutsDialog
from tests.gui.conftest import click_at, drag_select, refocus, stored_spans

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def label_word(window: MainWindow, word: str, key: Qt.Key = Qt.Key.Key_3) -> int:
    text = window.controller.document.text
    start = text.index(word)
    drag_select(window.view, start, start + len(word))
    QTest.keyClick(window.view, key)
    return start


def span_tags(window: MainWindow) -> list[str]:
    return [
        row[0]
        for row in window.store.execute(
            "SELECT t.name FROM span_tag st JOIN tag t ON t.id = st.tag_id ORDER BY t.name"
        )
    ]


def test_tag_a_span_with_completion_and_remove_it(window: MainWindow) -> None:
    label_word(window, "Tikrit")
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL)
    entry = window.inspector.tag_editor.entry
    assert entry.hasFocus()
    QTest.keyClicks(entry, "frontline")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    assert span_tags(window) == ["frontline"]
    assert window.inspector.tag_editor.current_tags() == ["frontline"]
    assert window.inspector.tag_editor.entry.completer().model().stringList() == ["frontline"]
    window.inspector.tag_editor.tags.setCurrentRow(0)
    window.inspector.tag_editor.remove_button.click()
    assert span_tags(window) == []
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert span_tags(window) == ["frontline"]


def test_note_is_saved_while_typing_and_undoable(window: MainWindow, qtbot) -> None:
    label_word(window, "Baghdad")
    QTest.keyClick(window.view, Qt.Key.Key_N, CTRL)
    QTest.keyClicks(window.inspector.note, "capital of Iraq")
    qtbot.waitUntil(
        lambda: window.store.execute("SELECT note FROM span").fetchone()[0] == "capital of Iraq",
        timeout=3000,
    )
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.store.execute("SELECT note FROM span").fetchone()[0] == ""


def test_a_pending_note_is_saved_when_the_document_changes(window: MainWindow) -> None:
    label_word(window, "Baghdad")
    window.inspector.note.setFocus()
    QTest.keyClicks(window.inspector.note, "typed fast")
    window.document_list.table.selectRow(1)
    assert window.store.execute("SELECT note FROM span").fetchone()[0] == "typed fast"


def test_document_tags_and_status(window: MainWindow) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL_SHIFT)
    entry = window.document_panel.tag_editor.entry
    QTest.keyClicks(entry, "iran-proxy")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    rows = window.store.execute(
        "SELECT dt.document_id, t.name FROM document_tag dt JOIN tag t ON t.id = dt.tag_id"
    ).fetchall()
    assert rows == [(1, "iran-proxy")]
    assert window.document_model.index(0, 4).data() == "iran-proxy"
    status = window.document_panel.status
    status.setCurrentIndex(status.findData("done"))
    status.activated.emit(status.currentIndex())
    assert window.store.execute("SELECT status FROM document WHERE id=1").fetchone()[0] == "done"
    assert window.progress_label.text() == "1 of 5 documents done"


def test_mark_done_and_open_the_next_not_done(window: MainWindow) -> None:
    window.document_list.table.selectRow(1)  # document 2
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Return, CTRL)
    assert window.controller.document.id == 3
    QTest.keyClick(window.view, Qt.Key.Key_Return, CTRL)
    assert window.controller.document.id == 4
    done = window.store.execute(
        "SELECT id FROM document WHERE status='done' ORDER BY id"
    ).fetchall()
    assert done == [(2,), (3,)]
    assert window.document_list.current_document() == 4
    # undo reaches back across documents and opens the one it changes
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.controller.document.id == 3
    assert window.store.execute("SELECT status FROM document WHERE id=3").fetchone()[0] == "todo"


def test_find_marks_every_hit_and_steps_through_them(window: MainWindow) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_F, CTRL)
    assert window.find_bar.isVisible()
    QTest.keyClicks(window.find_bar.entry, "tikrit")
    expected = window.controller.document.text.lower().count("tikrit")
    assert expected >= 3
    assert len(window.view.extraSelections()) == expected
    assert window.find_bar.count.text() == f"1 of {expected}"
    QTest.keyClick(window.find_bar.entry, Qt.Key.Key_Return)
    assert window.find_bar.count.text() == f"2 of {expected}"
    start, end = window.view.selection_range()
    assert window.controller.document.text[start:end] == "Tikrit"
    QTest.keyClick(window.find_bar.entry, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert window.view.extraSelections() == []


def test_label_all_occurrences_across_the_corpus_is_one_undo_step(
    window: MainWindow, qtbot
) -> None:
    text = window.controller.document.text
    start = text.index("Soleimani")
    drag_select(window.view, start, start + len("Soleimani"))

    def confirm() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, OccurrencesDialog)
        dialog.label_box.setCurrentIndex(dialog.label_box.findText("PERSON"))
        dialog.scope.setCurrentIndex(dialog.scope.findData("corpus"))
        qtbot.waitUntil(lambda: not dialog.searching() and dialog.list.count() > 10)
        dialog.list.item(0).setCheckState(Qt.CheckState.Unchecked)
        dialog.accept()

    expected = sum(
        t.count("Soleimani") for (t,) in window.store.execute("SELECT text FROM document")
    )
    QTimer.singleShot(50, confirm)
    QTest.keyClick(window.view, Qt.Key.Key_L, CTRL)
    spans = stored_spans(window.store)
    assert len(spans) == expected - 1
    assert {(label, span_text) for label, span_text, _ in spans} == {("PERSON", "Soleimani")}
    documents = window.store.execute("SELECT COUNT(DISTINCT document_id) FROM span").fetchone()[0]
    assert documents == 5
    refocus(qtbot, window)
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored_spans(window.store) == []


def test_label_scheme_editor_adds_a_label_with_a_hotkey(window: MainWindow, qtbot) -> None:
    def edit() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LabelSchemeDialog)
        dialog.add_button.click()
        QTest.keyClicks(dialog.name, "MILITIA")
        QTest.keyClicks(dialog.hotkey, "u")
        dialog.description.setText("Armed groups")
        dialog.save_button.click()
        dialog.reject()

    QTimer.singleShot(50, edit)
    QTest.keyClick(window.view, Qt.Key.Key_L, CTRL_SHIFT)
    names = [label.name for label in window.controller.labels]
    assert names[-1] == "MILITIA"
    assert window.controller.labels[-1].hotkey == "U"
    refocus(qtbot, window)
    label_word(window, "Quds Force", Qt.Key.Key_U)
    assert stored_spans(window.store) == [("MILITIA", "Quds Force", "accepted")]


def test_label_scheme_refuses_a_duplicate_hotkey(window: MainWindow) -> None:
    from tagdesk.core.errors import TagdeskError
    from tagdesk.store.labels import save_label

    person = window.controller.labels[0]
    org = window.controller.labels[1]
    with pytest.raises(TagdeskError, match="already belongs to PERSON"):
        save_label(window.store, org.__class__(**{**org.__dict__, "hotkey": person.hotkey}))
    dialog = LabelSchemeDialog(window.store, window)
    dialog.list.setCurrentRow(1)
    dialog.name.setText("ORGANISATION")
    dialog.save_button.click()
    assert window.store.execute("SELECT name FROM label WHERE id=?", (org.id,)).fetchone()[0] == (
        "ORGANISATION"
    )
    dialog.close()


def test_shortcuts_overlay_lists_every_action(window: MainWindow) -> None:
    shown = []

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ShortcutsDialog)
        shown.extend(dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount()))
        dialog.reject()

    QTimer.singleShot(50, inspect)
    QTest.keyClick(window.view, Qt.Key.Key_F1)
    for text in (
        "Undo",
        "Accept suggestion",
        "Mark done and next",
        "Label all occurrences…",
        "Find…",
        "PERSON",
        "CARDINAL",
        "Start one token left",
    ):
        assert text in shown


def test_hover_shows_label_source_tags_and_note(window: MainWindow) -> None:
    start = label_word(window, "Tikrit")
    click_at(window.view, start + 1)
    window.controller.add_span_tag("verified")
    window.controller.set_note(window.controller.selected.id, "<b>city</b>")
    span = window.view.index.at(start + 1)
    tip = window.view.tooltip_for(span)
    assert "GPE" in tip
    assert "manual" in tip
    assert "verified" in tip
    assert "&lt;b&gt;city&lt;/b&gt;" in tip


def test_a_note_typed_then_leaving_the_span_lands_on_that_span(window: MainWindow) -> None:
    text = window.controller.document.text
    baghdad = label_word(window, "Baghdad")
    tikrit = text.index("Tikrit")
    drag_select(window.view, tikrit, tikrit + 6)
    QTest.keyClick(window.view, Qt.Key.Key_3)
    window.view.clear_selection()
    click_at(window.view, baghdad + 1)
    window.inspector.note.setFocus()
    QTest.keyClicks(window.inspector.note, "note for Baghdad")
    click_at(window.view, tikrit + 1)  # straight away, before the note's timer
    notes = dict(window.store.execute('SELECT "start", note FROM span').fetchall())
    assert notes == {baghdad: "note for Baghdad", tikrit: ""}
    window.inspector.note.setFocus()
    QTest.keyClicks(window.inspector.note, "note for Tikrit")
    click_at(window.view, 1)  # plain text: the selection goes away
    notes = dict(window.store.execute('SELECT "start", note FROM span').fetchall())
    assert notes[tikrit] == "note for Tikrit"


def test_a_save_that_fails_is_reported_and_not_left_on_the_undo_stack(
    window: MainWindow, db_path, qtbot
) -> None:
    import threading

    from tests.store.test_editing import hold_write_lock

    label_word(window, "Tikrit")
    window.view.clear_selection()
    click_at(window.view, window.controller.document.text.index("Tikrit") + 1)
    steps = window.controller.undo_stack.count()
    window.store.execute("PRAGMA busy_timeout = 100")
    started = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(db_path, 1.0, started))
    holder.start()
    started.wait()
    shown: list[str] = []

    def read_warning() -> None:
        box = QApplication.activeModalWidget()
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(50, read_warning)
    QTest.keyClick(window.view, Qt.Key.Key_Backspace)
    holder.join()
    assert shown
    assert "Not saved" in shown[0]
    assert window.controller.undo_stack.count() == steps
    assert stored_spans(window.store) == [("GPE", "Tikrit", "accepted")]
    assert window.controller.selected.status == "accepted"
