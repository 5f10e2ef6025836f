"""Small things an analyst meets in a day: what the window says, where it scrolls, what it lists."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from tagdesk.gui.export_dialog import ExportDialog
from tagdesk.gui.label_scheme_dialog import LabelSchemeDialog
from tagdesk.gui.main_window import MainWindow
from tagdesk.gui.occurrences_dialog import OccurrencesDialog
from tagdesk.store import Store
from tagdesk.store.editing import create_span
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, drag_select, refocus, stored_spans
from tests.helpers import write_jsonl

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
PARAGRAPH = (
    "Militia commanders said the convoy reached the outskirts of Tikrit before dawn, "
    "after two days on roads that had been mined, and that the city would be surrounded "
    "within the week if the weather held and the supplies promised from Baghdad arrived. "
)


def when_modal(check) -> None:  # type: ignore[no-untyped-def]
    """Soon after: run `check` on the dialog that has opened."""
    QTimer.singleShot(50, lambda: check(QApplication.activeModalWidget()))


def long_articles(store: Store, tmp_path: Path) -> None:
    """Two articles of long paragraphs that wrap over several lines each."""
    records = [
        {"text": f"Report {n}\n\n" + "\n\n".join(PARAGRAPH * 2 for _ in range(60))} for n in (1, 2)
    ]
    import_paths(store, [write_jsonl(tmp_path / "long.jsonl", records)], annotator="tester")


def top_line(window: MainWindow) -> int:
    """Where the first line shown at the top of the text starts."""
    return window.view.cursorForPosition(QPoint(1, 1)).position()


def scroll_down(window: MainWindow, pages: int) -> int:
    window.view.setFocus()
    for _ in range(pages):
        QTest.keyClick(window.view, Qt.Key.Key_PageDown)
    top = top_line(window)
    assert top > 0
    return top


def test_coming_back_to_a_document_shows_the_line_left_at_the_top(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    long_articles(store, tmp_path)
    window = make_window(store)
    top = scroll_down(window, 7)
    QTest.keyClick(window.view, Qt.Key.Key_PageDown, CTRL)  # the next document
    assert window.controller.document.id == 2
    QTest.keyClick(window.view, Qt.Key.Key_PageUp, CTRL)  # and back
    assert window.controller.document.id == 1
    assert top_line(window) == top


def test_the_line_at_the_top_comes_back_after_a_restart(
    store: Store, make_window: WindowFactory, tmp_path: Path, qtbot
) -> None:
    long_articles(store, tmp_path)
    window = make_window(store)
    top = scroll_down(window, 9)
    window.close()
    again = make_window(store)
    assert again.controller.document.id == 1
    qtbot.waitUntil(lambda: top_line(again) != 0, timeout=3000)
    assert top_line(again) == top


def test_a_title_that_is_the_first_line_of_the_text_is_shown_once(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    records = [
        {"text": "Convoy reaches Tikrit\n\nThe convoy reached Tikrit at dawn."},
        {"title": "Wire report 17", "text": "The convoy reached Tikrit at dawn."},
    ]
    import_paths(store, [write_jsonl(tmp_path / "t.jsonl", records)], annotator="tester")
    window = make_window(store)
    assert window.controller.document.title == "Convoy reaches Tikrit"
    assert not window.heading.isVisible()  # the text's first line says it
    QTest.keyClick(window.view, Qt.Key.Key_PageDown, CTRL)
    assert window.heading.isVisible()
    assert window.heading.text() == "Wire report 17"


def test_ctrl_t_and_ctrl_n_with_no_span_selected_say_what_to_do(window: MainWindow) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL)
    assert window.statusBar().currentMessage() == (
        "Select a span first (click it, or press Tab), then tag it"
    )
    assert not window.inspector.tag_editor.entry.hasFocus()
    QTest.keyClick(window.view, Qt.Key.Key_N, CTRL)
    assert window.statusBar().currentMessage() == (
        "Select a span first (click it, or press Tab), then write a note on it"
    )
    text = window.controller.document.text
    start = text.index("Tikrit")
    drag_select(window.view, start, start + len("Tikrit"))
    QTest.keyClick(window.view, Qt.Key.Key_3)
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL)
    assert window.inspector.tag_editor.entry.hasFocus()


def test_return_with_no_span_selected_says_how_to_select_one(window: MainWindow) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage() == "Select a span first: click it, or press Tab"
    assert stored_spans(window.store) == []


def test_the_export_dialog_lists_the_spans_it_left_out(
    store: Store, make_window: WindowFactory, tmp_path: Path, qtbot
) -> None:
    text = "قال \u200fBaghdad\u200f today"
    record = {"text": text, "status": "done", "spans": [{"start": 5, "end": 12, "label": "GPE"}]}
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", [record])], annotator="tester")
    window = make_window(store)
    dialog = ExportDialog(window.store, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.count.text() == "1 document will be exported"
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("conll"))
    dialog.path.setText(str(tmp_path / "out.conll"))
    with qtbot.waitSignal(dialog.runner.finished, timeout=60000):
        dialog.export_button.click()
    assert dialog.outcome.text().startswith("1 document and 0 spans written")
    assert dialog.outcome.text().endswith("; 1 span left out (listed above)")
    assert dialog.left_out.isVisible()
    assert dialog.left_out.geometry().bottom() < dialog.outcome.geometry().top()  # above
    listed = [dialog.left_out.item(row).text() for row in range(dialog.left_out.count())]
    assert len(listed) == 1
    assert listed[0].startswith("Document 1 (")
    assert "'Baghdad' does not fall on spaCy token boundaries; left out" in listed[0]


def test_label_all_occurrences_puts_every_document_it_labels_in_progress(
    window: MainWindow, qtbot
) -> None:
    def confirm(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, OccurrencesDialog)
        dialog.scope.setCurrentIndex(dialog.scope.findData("corpus"))
        qtbot.waitUntil(lambda: not dialog.searching() and dialog.list.count() > 5)
        dialog.accept()

    text = window.controller.document.text
    start = text.index("Soleimani")
    drag_select(window.view, start, start + len("Soleimani"))
    when_modal(confirm)
    QTest.keyClick(window.view, Qt.Key.Key_L, CTRL)
    statuses = dict(window.store.execute('SELECT id, status FROM "document"').fetchall())
    assert set(statuses.values()) == {"in_progress"}
    assert window.document_model.index(3, 1).data() == "In progress"  # the list shows it
    refocus(qtbot, window)
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    statuses = dict(window.store.execute('SELECT id, status FROM "document"').fetchall())
    assert set(statuses.values()) == {"todo"}


def test_the_model_chooser_is_in_the_file_menu(window: MainWindow) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "File")
    entry = next(a for a in menu.actions() if a.text() == "spaCy model…")
    seen: list[str] = []

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, QInputDialog)
        seen.append(dialog.windowTitle())
        dialog.reject()

    when_modal(look)
    entry.trigger()
    assert seen == ["spaCy model"]


def test_the_reject_all_dialog_is_wide_enough_for_its_title(window: MainWindow) -> None:
    from tagdesk.gui.dialog_width import title_width

    document_id = window.controller.document.id
    text = window.controller.document.text
    start = text.index("Tikrit")
    create_span(window.store, document_id, start, start + 6, 3, annotator="", status="suggested")
    window.open_document(document_id)
    seen: list[tuple[str, int, int]] = []

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, QInputDialog)
        seen.append((dialog.windowTitle(), dialog.width(), title_width(dialog)))
        dialog.reject()

    when_modal(look)
    QTest.keyClick(window.view, Qt.Key.Key_R, CTRL_SHIFT)
    [(title, width, needed)] = seen
    assert title == "Reject all of a label"
    assert width >= needed


def test_counts_of_one_read_in_the_singular(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    record = {"text": "The convoy reached Tikrit at dawn.", "spans": []}
    import_paths(store, [write_jsonl(tmp_path / "one.jsonl", [record])], annotator="tester")
    start = record["text"].index("Tikrit")
    create_span(store, 1, start, start + 6, 3, annotator="", status="suggested")
    window = make_window(store)
    assert window.progress_label.text() == "0 of 1 document done"
    QTest.keyClick(window.view, Qt.Key.Key_A, CTRL_SHIFT)
    assert window.action_set.undo.text() == "Undo Accept 1 suggestion"


def test_a_label_scheme_refusal_reads_as_a_sentence(window: MainWindow) -> None:
    said: list[str] = []

    def refuse(box) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.accept()

    def edit(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, LabelSchemeDialog)
        dialog.list.setCurrentRow(1)
        dialog.hotkey.setText(window.controller.labels[0].hotkey)
        when_modal(refuse)
        dialog.save_button.click()
        dialog.done(0)

    when_modal(edit)
    QTest.keyClick(window.view, Qt.Key.Key_L, CTRL_SHIFT)
    assert said == ["The hotkey 1 already belongs to PERSON"]
