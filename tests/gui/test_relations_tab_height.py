"""The Relations tab, opened on a short screen, shows a useful number of rows without a
splitter dragged; the Document tab gives the column its height back."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, operations
from tagdesk.store.change_sets import History
from tagdesk.store.relation_types import list_relation_types
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory
from tests.helpers import write_jsonl

WORDS = [f"Name{n}" for n in range(11)]
TEXT = " met ".join(WORDS) + "."


def ten_relations_window(store: Store, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    spans = []
    for word in WORDS:
        start = TEXT.index(word)
        spans.append({"start": start, "end": start + len(word), "label": "PERSON"})
    path = write_jsonl(tmp_path / "ten.jsonl", [{"text": TEXT, "spans": spans}])
    import_paths(store, [path], annotator="tester")
    kind = next(k.id for k in list_relation_types(store) if not k.refusal("PERSON", "PERSON"))
    ids = [row[0] for row in store.execute('SELECT id FROM span ORDER BY "start"').fetchall()]
    history = History()
    for head, child in pairwise(ids):
        operations.add_relation(store, history, 1, head, child, kind, annotator="tester")
    return make_window(store)


def fully_shown_rows(window: MainWindow) -> int:
    QApplication.processEvents()
    table = window.relation_panes.document_list.table
    viewport = table.viewport().rect()
    shown = 0
    for row in range(table.model().rowCount()):
        rect = table.visualRect(table.model().index(row, 0))
        if table.isVisible() and rect.isValid() and viewport.contains(rect):
            shown += 1
    return shown


@pytest.mark.parametrize(("size", "rows"), [((1280, 800), 6), ((1024, 700), 4)])
def test_the_relations_tab_shows_rows_when_clicked_and_gives_the_height_back(
    store: Store,
    make_window: WindowFactory,
    tmp_path: Path,
    size: tuple[int, int],
    rows: int,
    qtbot,
) -> None:
    window = ten_relations_window(store, make_window, tmp_path)
    window.resize(*size)
    panes = window.relation_panes
    qtbot.waitUntil(lambda: panes.document_list.row_count() == 10, timeout=3000)
    column = window.side_splitter
    before = column.sizes()
    bar = panes.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert panes.tabs.currentIndex() == 1
    qtbot.waitUntil(lambda: fully_shown_rows(window) >= rows, timeout=2000)
    # The panes above stay usable: the labels and the span's fields keep some height.
    assert all(height >= 80 for height in column.sizes()[:2]), column.sizes()
    # Closed with the tab open, the window keeps the column as it was before.
    taken = column.sizes()
    window.save_state()
    kept = window.settings.value("side_splitter")
    assert column.sizes() == taken
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    qtbot.waitUntil(lambda: column.sizes() == before, timeout=2000)
    column.setSizes(taken)
    column.restoreState(kept)
    assert column.sizes() == before


@pytest.mark.parametrize(("size", "rows"), [((1280, 800), 6), ((1024, 700), 4)])
def test_the_relations_tabs_shortcut_shows_rows(
    store: Store,
    make_window: WindowFactory,
    tmp_path: Path,
    size: tuple[int, int],
    rows: int,
    qtbot,
) -> None:
    window = ten_relations_window(store, make_window, tmp_path)
    window.resize(*size)
    panes = window.relation_panes
    qtbot.waitUntil(lambda: panes.document_list.row_count() == 10, timeout=3000)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert panes.tabs.currentIndex() == 1
    qtbot.waitUntil(lambda: fully_shown_rows(window) >= rows, timeout=2000)
