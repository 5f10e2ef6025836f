"""What one span edit refreshes: everything it changed on screen, from what it wrote.

An edit re-reads and repaints only what it changed (the label's count, the
document's row, the span's panel); these tests drive the keys and check that
each of those still shows what the database holds after every step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.gui.main_window import MainWindow
from tests.gui.conftest import click_at, drag_select

KEY = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def palette_texts(window: MainWindow) -> dict[str, str]:
    model = window.label_model
    return {model.label_at(row).name: model.index(row).data() for row in range(model.rowCount())}


def list_spans(window: MainWindow) -> int:
    """The "Spans" column of the open document's row in the list."""
    row = window.document_model.row_of(window.controller.document.id)
    return window.document_model.index(row, 2).data()


def stored_row(window: MainWindow, span_id: int) -> tuple[object, ...] | None:
    return window.store.execute(
        'SELECT "start", "end", label_id, status, annotator, created_at FROM span WHERE id = ?',
        (span_id,),
    ).fetchone()


def test_counts_follow_add_relabel_delete_undo_and_redo(window: MainWindow) -> None:
    text = window.controller.document.text
    start = text.index("Tikrit")
    before = palette_texts(window)
    assert before["GPE"] == "[3]  GPE"
    repainted: list[str] = []  # the palette repaints the rows its model says changed
    window.label_model.dataChanged.connect(
        lambda first, last: repainted.extend(
            window.label_model.label_at(row).name for row in range(first.row(), last.row() + 1)
        )
    )
    drag_select(window.view, start, start + len("Tikrit"))
    QTest.keyClick(window.view, KEY.Key_3)  # GPE
    assert palette_texts(window)["GPE"] == "[3]  GPE  ·  1"
    assert repainted == ["GPE"]
    assert list_spans(window) == 1
    (span_id,) = [span.id for span in window.controller.spans]
    added = stored_row(window, span_id)
    assert added is not None
    assert added[:5] == (start, start + 6, 3, "accepted", "tester")

    QTest.keyClick(window.view, KEY.Key_4)  # the new span is selected: relabel it LOC
    after = palette_texts(window)
    assert after["GPE"] == "[3]  GPE"
    assert after["LOC"] == "[4]  LOC  ·  1"
    assert {name for name in after if after[name] != before[name]} == {"LOC"}
    assert repainted == ["GPE", "GPE", "LOC"]

    QTest.keyClick(window.view, KEY.Key_Delete)
    assert palette_texts(window) == before
    assert repainted[-1] == "LOC"
    assert list_spans(window) == 0

    for _ in range(3):
        QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    assert stored_row(window, span_id) is None
    assert palette_texts(window) == before
    QTest.keyClick(window.view, KEY.Key_Y, CTRL)  # the add again: the same row, once more
    assert stored_row(window, span_id) == added
    assert palette_texts(window)["GPE"] == "[3]  GPE  ·  1"
    assert list_spans(window) == 1
    QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    assert stored_row(window, span_id) is None
    QTest.keyClick(window.view, KEY.Key_Y, CTRL)
    assert stored_row(window, span_id) == added
    assert window.controller.index.get(span_id) is not None


def test_the_span_panel_shows_each_selected_spans_tags(window: MainWindow) -> None:
    text = window.controller.document.text
    first, second = text.index("Tikrit"), text.index("Baghdad")
    drag_select(window.view, first, first + len("Tikrit"))
    QTest.keyClick(window.view, KEY.Key_3)
    QTest.keyClick(window.view, KEY.Key_T, CTRL)
    QTest.keyClicks(window.inspector.tag_editor.entry, "frontline")
    QTest.keyClick(window.inspector.tag_editor.entry, KEY.Key_Return)
    window.view.setFocus()
    window.view.clear_selection()
    drag_select(window.view, second, second + len("Baghdad"))
    QTest.keyClick(window.view, KEY.Key_3)
    editor = window.inspector.tag_editor
    assert editor.current_tags() == []
    assert editor.entry.completer().model().stringList() == ["frontline"]
    window.view.clear_selection()
    click_at(window.view, first + 2)
    assert window.inspector.text.text() == "Tikrit"
    assert editor.current_tags() == ["frontline"]
    window.view.clear_selection()
    click_at(window.view, second + 2)
    assert editor.current_tags() == []


def test_the_list_hears_of_the_cells_an_edit_changed_only(window: MainWindow) -> None:
    """The row is read again at once; its cells that show something new are announced, so
    the list fits and repaints those alone, and shows what the database holds."""
    model = window.document_model
    row = model.row_of(window.controller.document.id)
    model.index(row, 0).data()  # the row is read, as the list shows it
    heard: list[tuple[int, int, int]] = []
    model.dataChanged.connect(
        lambda first, last: heard.append((first.row(), first.column(), last.column()))
    )
    text = window.controller.document.text
    start = text.index("Tikrit")
    drag_select(window.view, start, start + len("Tikrit"))
    QTest.keyClick(window.view, KEY.Key_3)  # to do becomes in progress, one span more
    assert heard == [(row, 1, 2)]
    assert model.index(row, 1).data() == "In progress"
    assert list_spans(window) == 1
    QTest.keyClick(window.view, KEY.Key_4)  # relabelled: the row shows what it showed
    assert heard == [(row, 1, 2)]
    QTest.keyClick(window.view, KEY.Key_Delete)
    assert heard == [(row, 1, 2), (row, 2, 2)]
    assert list_spans(window) == 0
    stored = window.store.execute(
        "SELECT status FROM document WHERE id = ?", (window.controller.document.id,)
    ).fetchone()
    assert stored == ("in_progress",)


def stored_progress(window: MainWindow) -> str:
    done, total = window.store.execute(
        "SELECT SUM(status = 'done'), COUNT(*) FROM document"
    ).fetchone()
    return f"{done} of {total} documents done"


def test_the_progress_follows_every_edit_and_undo(window: MainWindow) -> None:
    """A span edit writes no status past the first, a document done does: after each key,
    and each undo and redo, the status bar counts the documents done as the database does."""
    progress = window.progress_label
    assert progress.text() == stored_progress(window) == "0 of 5 documents done"
    text = window.controller.document.text
    start = text.index("Tikrit")

    def add() -> None:
        drag_select(window.view, start, start + 6)
        QTest.keyClick(window.view, KEY.Key_3)

    steps = [
        add,
        lambda: QTest.keyClick(window.view, KEY.Key_4),  # relabelled
        lambda: QTest.keyClick(window.view, KEY.Key_Return, CTRL),  # done: the next opens
        lambda: QTest.keyClick(window.view, KEY.Key_Z, CTRL),  # not done again
        lambda: QTest.keyClick(window.view, KEY.Key_Y, CTRL),  # done again
        lambda: QTest.keyClick(window.view, KEY.Key_Z, CTRL),
        lambda: QTest.keyClick(window.view, KEY.Key_Delete),  # the relabelled span selected
        lambda: QTest.keyClick(window.view, KEY.Key_Z, CTRL),
        lambda: QTest.keyClick(window.view, KEY.Key_Z, CTRL),
        lambda: QTest.keyClick(window.view, KEY.Key_Z, CTRL),  # the add undone
    ]
    seen = []
    for step in steps:
        step()
        assert progress.text() == stored_progress(window)
        seen.append(progress.text())
    assert seen[2] == "1 of 5 documents done"
    assert seen[3] == seen[5] == "0 of 5 documents done"
    assert window.store.execute("SELECT COUNT(*) FROM span").fetchone() == (0,)
