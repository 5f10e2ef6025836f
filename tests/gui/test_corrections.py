"""A suggestion the analyst relabels or resizes is their span: accepted, exported, kept."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog

from tagdesk.gui.main_window import MainWindow
from tagdesk.store.editing import create_span
from tests.conftest import tagdesk_command
from tests.gui.conftest import click_at, drag_select, refocus

KEY = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
MODEL = "en_core_web_sm@3.8.0"
PERSON, GPE, NORP = 1, 3, 5


def suggest(window: MainWindow, word: str, label_id: int) -> int:
    """A model's suggestion on the first `word` of the open document; its span id."""
    text = window.controller.document.text
    start = text.index(word)
    span = create_span(
        window.store,
        window.controller.document.id,
        start,
        start + len(word),
        label_id,
        annotator="",
        status="suggested",
        source=MODEL,
    )
    window.open_document(window.controller.document.id)
    return span.id


def row(db_path: Path, span_id: int) -> tuple[object, ...]:
    """The stored span as another program reads it: text, label, status, source, annotator."""
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(
            'SELECT substr(d.text, s."start" + 1, s."end" - s."start"), l.name, s.status, '
            "s.source, s.annotator, s.note, s.created_at FROM span s "
            "JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id "
            "WHERE s.id = ?",
            (span_id,),
        ).fetchone()
    finally:
        connection.close()


def select(window: MainWindow, span_id: int) -> None:
    span = window.controller.index.get(span_id)
    window.view.clear_selection()
    click_at(window.view, span.start + 1)
    assert window.controller.selected is not None
    assert window.controller.selected.id == span_id


def exported(db_path: Path, tmp_path: Path) -> list[tuple[str, str]]:
    """What a default `tagdesk export` writes: (text, label) of every span."""
    out = tmp_path / "out.jsonl"
    run = subprocess.run(
        [*tagdesk_command(), "export", str(out), "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    found = []
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        found += [(record["text"][s["start"] : s["end"]], s["label"]) for s in record["spans"]]
    return found


def reject_all(window: MainWindow, qtbot, label: str) -> None:
    """Ctrl+Shift+R, and the label chosen in the dialog it opens."""

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(label)
        dialog.accept()

    QTimer.singleShot(50, choose)
    QTest.keyClick(window.view, KEY.Key_R, CTRL | SHIFT)
    refocus(qtbot, window)


def test_a_relabelled_suggestion_is_accepted_exported_and_left_by_reject_all(
    window: MainWindow, db_path: Path, tmp_path: Path, qtbot
) -> None:
    tikrit = suggest(window, "Tikrit", PERSON)  # the model got the label wrong
    baghdad = suggest(window, "Baghdad", GPE)  # a suggestion left to Ctrl+Shift+R
    shia = suggest(window, "Shia", NORP)  # accepted by selecting it and pressing its key
    suggested = row(db_path, tikrit)
    assert suggested[1:5] == ("PERSON", "suggested", MODEL, "")

    select(window, tikrit)
    QTest.keyClick(window.view, KEY.Key_3)  # GPE
    assert row(db_path, tikrit)[:5] == ("Tikrit", "GPE", "accepted", MODEL, "tester")
    QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    assert row(db_path, tikrit) == suggested
    QTest.keyClick(window.view, KEY.Key_Y, CTRL)
    assert row(db_path, tikrit)[:5] == ("Tikrit", "GPE", "accepted", MODEL, "tester")

    text = window.controller.document.text
    window.view.clear_selection()
    drag_select(window.view, text.index("Shia"), text.index("Shia") + 4)
    QTest.keyClick(window.view, KEY.Key_5)  # NORP, as suggested
    assert row(db_path, shia)[:5] == ("Shia", "NORP", "accepted", MODEL, "tester")

    reject_all(window, qtbot, "GPE")
    assert row(db_path, baghdad)[2] == "rejected"
    assert row(db_path, tikrit)[:5] == ("Tikrit", "GPE", "accepted", MODEL, "tester")

    QTest.keyClick(window.view, KEY.Key_Return, CTRL)  # mark done: the default export takes it
    assert sorted(exported(db_path, tmp_path)) == [("Shia", "NORP"), ("Tikrit", "GPE")]


@pytest.mark.parametrize(
    ("key", "modifiers", "becomes"),
    [
        (KEY.Key_Left, ALT, "Gen Qasem Soleimani"),
        (KEY.Key_Right, ALT, "Soleimani"),
        (KEY.Key_Right, ALT | SHIFT, "Qasem Soleimani leading"),
        (KEY.Key_Left, ALT | SHIFT, "Qasem"),
    ],
)
def test_a_resized_suggestion_is_accepted_and_undo_restores_it_exactly(
    window: MainWindow, db_path: Path, tmp_path: Path, qtbot, key, modifiers, becomes: str
) -> None:
    span_id = suggest(window, "Qasem Soleimani", PERSON)
    other = suggest(window, "Haider al-Abadi", PERSON)
    suggested = row(db_path, span_id)
    select(window, span_id)
    QTest.keyClick(window.view, key, modifiers)
    assert row(db_path, span_id)[:5] == (becomes, "PERSON", "accepted", MODEL, "tester")
    QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    assert row(db_path, span_id) == suggested
    QTest.keyClick(window.view, KEY.Key_Y, CTRL)
    assert row(db_path, span_id)[:5] == (becomes, "PERSON", "accepted", MODEL, "tester")
    reject_all(window, qtbot, "PERSON")
    assert row(db_path, other)[2] == "rejected"
    assert row(db_path, span_id)[:5] == (becomes, "PERSON", "accepted", MODEL, "tester")
    QTest.keyClick(window.view, KEY.Key_Return, CTRL)
    assert exported(db_path, tmp_path) == [(becomes, "PERSON")]


def test_a_label_chosen_in_the_span_panel_is_a_correction_too(
    window: MainWindow, db_path: Path
) -> None:
    span_id = suggest(window, "Tikrit", PERSON)
    suggested = row(db_path, span_id)
    select(window, span_id)
    window.inspector.label_box.setFocus()
    QTest.keyClick(window.inspector.label_box, KEY.Key_Down)  # PERSON -> ORG
    assert row(db_path, span_id)[:5] == ("Tikrit", "ORG", "accepted", MODEL, "tester")
    QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    assert row(db_path, span_id) == suggested
