"""Delete a span, import from outside, Ctrl+Z: the import stays whole and the span comes back."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from tagdesk.gui.main_window import MainWindow
from tests.conftest import tagdesk_command
from tests.gui.conftest import click_at, drag_select
from tests.helpers import Connection, write_jsonl

KEY = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
NEW_TEXT = "Kurdish forces near Amerli met militia leaders from Samarra."
# the span put back on the open document, the imported one on the new document
BOTH = [(1, "Tikrit", "GPE", "tester"), (6, "Kurdish", "NORP", "tester")]


def rows(db_path: Path) -> list[tuple[int, str, str, str]]:
    """(document, covered text, label, annotator) of every span, read by another connection."""
    connection = Connection(db_path)
    try:
        found = connection.execute(
            'SELECT s.document_id, d.text, s."start", s."end", l.name, s.annotator FROM span s '
            "JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id "
            "ORDER BY s.id"
        ).fetchall()
    finally:
        connection.close()
    return [(doc, text[start:end], label, who) for doc, text, start, end, label, who in found]


def label_and_delete(window: MainWindow, word: str) -> None:
    """Make a span of `word` (the newest span of the file), then select it and delete it."""
    text = window.controller.document.text
    start = text.index(word)
    drag_select(window.view, start, start + len(word))
    QTest.keyClick(window.view, KEY.Key_3)  # GPE
    window.view.clear_selection()
    click_at(window.view, start + 1)
    assert window.controller.selected is not None
    QTest.keyClick(window.view, KEY.Key_Delete)


def outside_file(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "outside.jsonl",
        [{"text": NEW_TEXT, "spans": [{"start": 0, "end": 7, "label": "NORP"}]}],
    )


def test_undo_after_file_import_puts_the_span_back_beside_the_import(
    window: MainWindow, db_path: Path, tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    label_and_delete(window, "Tikrit")
    source = outside_file(tmp_path)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(source)], "")
    )
    with qtbot.waitSignal(window.background.import_job.finished, timeout=30000):
        QTest.keyClick(window.view, KEY.Key_I, CTRL)  # File > Import…
    assert rows(db_path) == [(6, "Kurdish", "NORP", "tester")]

    QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    assert sorted(rows(db_path)) == BOTH
    text = window.controller.document.text
    assert [(s.start, s.end) for s in window.controller.spans] == [
        (text.index("Tikrit"), text.index("Tikrit") + 6)
    ]


def test_undo_after_a_command_line_import_in_another_process(
    window: MainWindow, db_path: Path, tmp_path: Path
) -> None:
    label_and_delete(window, "Tikrit")
    run = subprocess.run(
        [*tagdesk_command(), "import", str(outside_file(tmp_path)), "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    assert sorted(rows(db_path)) == BOTH
    QTest.keyClick(window.view, KEY.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo
    assert rows(db_path) == [(6, "Kurdish", "NORP", "tester")]


def take_the_id(db_path: Path, span_id: int) -> None:
    """A writer that ignores AUTOINCREMENT (an older Tagdesk) puts its span under a freed id."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute(
        'INSERT INTO span (id, document_id, "start", "end", label_id, source, status, note, '
        "annotator, created_at, updated_at) VALUES (?, 2, 0, 4, 1, 'old', 'accepted', '', "
        "'old', '2020-01-01 00:00:00', '2020-01-01 00:00:00')",
        (span_id,),
    )
    connection.close()


def test_undo_and_redo_refuse_to_write_over_a_span_that_took_the_id(
    window: MainWindow, db_path: Path, warnings: list[str]
) -> None:
    label_and_delete(window, "Tikrit")
    (deleted,) = window.store.execute("SELECT seq FROM sqlite_sequence WHERE name = 'span'")
    take_the_id(db_path, deleted[0])
    taken = rows(db_path)
    stack = window.controller.undo_stack
    QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    assert len(warnings) == 1
    assert warnings[0].startswith("Not saved: ")
    assert f"span {deleted[0]} of document 1" in warnings[0]
    assert stack.index() == stack.count() == 2
    assert rows(db_path) == taken
    assert window.controller.spans == []

    label_and_delete(window, "Baghdad")  # and a redo of an undone add
    QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    assert stack.index() == 2
    (added,) = window.store.execute("SELECT seq FROM sqlite_sequence WHERE name = 'span'")
    take_the_id(db_path, added[0])
    taken = rows(db_path)
    QTest.keyClick(window.view, KEY.Key_Y, CTRL)
    assert len(warnings) == 2
    assert "another span" in warnings[1]
    assert stack.index() == 2
    assert rows(db_path) == taken
