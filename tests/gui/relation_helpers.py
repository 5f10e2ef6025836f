"""What the relation window tests share: a document with five spans, keys pressed on the text,
and what the database, the lists and the arcs hold."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, click_at
from tests.helpers import write_jsonl

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
TEXT = "Soleimani commands the Quds Force, said al-Abadi in Baghdad on Monday."
WORDS = (
    ("Soleimani", "PERSON"),
    ("Quds Force", "ORG"),
    ("al-Abadi", "PERSON"),
    ("Baghdad", "GPE"),
    ("Monday", "DATE"),
)
RELATIONS_QUERY = (
    'SELECT t.name, d.text, h."start", h."end", c."start", c."end", r.status, r.note '
    "FROM relation r JOIN relation_type t ON t.id = r.type_id "
    "JOIN span h ON h.id = r.head_span_id JOIN span c ON c.id = r.child_span_id "
    "JOIN document d ON d.id = r.document_id ORDER BY r.id"
)

Key = Qt.Key | tuple[Qt.Key, Qt.KeyboardModifier]


def five_spans_window(
    store: Store, make_window: WindowFactory, tmp_path: Path, text: str = TEXT
) -> MainWindow:
    spans = []
    for word, label in WORDS:
        start = text.index(word)
        spans.append({"start": start, "end": start + len(word), "label": label})
    path = write_jsonl(tmp_path / "one.jsonl", [{"text": text, "spans": spans}])
    import_paths(store, [path], annotator="tester")
    return make_window(store)


def stored_relations(store: Store) -> list[tuple[str, str, str, str, str]]:
    """(type, head's text, child's text, status, note) of every relation, from the database."""
    rows = store.execute(RELATIONS_QUERY).fetchall()
    return [
        (name, text[hs:he], text[cs:ce], status, note)
        for name, text, hs, he, cs, ce, status, note in rows
    ]


def press(window: MainWindow, *keys: Key) -> None:
    for key in keys:
        if isinstance(key, tuple):
            QTest.keyClick(window.view, key[0], key[1])
        else:
            QTest.keyClick(window.view, key)


def select(window: MainWindow, word: str) -> None:
    click_at(window.view, TEXT.index(word) + 1)
    assert window.controller.span_text(window.controller.selected) == word


def make_relation(window: MainWindow, head: str, other: str, type_key: Qt.Key) -> None:
    """Select the head, R, Tab until the other span is chosen, the type's key."""
    select(window, head)
    press(window, Qt.Key.Key_R)
    for _ in range(len(WORDS)):
        press(window, Qt.Key.Key_Tab)
        end = window.view.relation_ends[1]
        if end is not None and TEXT[slice(*end)] == other:
            break
    press(window, type_key)


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def document_rows(window: MainWindow) -> list[list[str]]:
    shown = window.relation_panes.document_list
    return [[shown.cell(r, c) for c in range(3)] for r in range(shown.row_count())]


def span_rows(window: MainWindow) -> list[list[str]]:
    shown = window.relation_panes.span_list
    return [[shown.cell(r, c) for c in range(3)] for r in range(shown.row_count())]


def drawn(window: MainWindow) -> set[int]:
    QApplication.processEvents()
    window.view.viewport().repaint()
    return {shape.relation for shape in window.view.arcs.arc_shapes()}


def tab_text(window: MainWindow) -> str:
    return window.relation_panes.tabs.tabText(1)
