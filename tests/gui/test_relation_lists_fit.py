"""The relation lists on the screens analysts have: the span's relations in sight in the
inspector from 1024x700 up, and rows that stay told apart when their spans' words are cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from tagdesk.gui.main_window import MainWindow
from tagdesk.gui.relation_model import SPANS_COLUMN
from tagdesk.store import Store
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, click_at
from tests.gui.relation_helpers import five_spans_window, make_relation, press, select
from tests.helpers import write_jsonl

FIRST = "the Islamic Revolutionary Guard Corps Aerospace Force of Iran"
SECOND = "the Islamic Revolutionary Guard Corps Ground Forces command"
LONG_TEXT = f"Soleimani briefed {FIRST} and then {SECOND} in Tehran."


def scroll_area_of(widget: QWidget) -> QScrollArea:
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    assert area is not None
    return area


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700), (1920, 1080)])
def test_the_span_inspectors_relations_are_in_sight(
    store: Store, make_window: WindowFactory, tmp_path: Path, size: tuple[int, int], qtbot
) -> None:
    window = five_spans_window(store, make_window, tmp_path)
    window.resize(*size)
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_C)
    make_relation(window, "Soleimani", "Baghdad", Qt.Key.Key_L)
    select(window, "al-Abadi")  # no relations: the section is hidden
    select(window, "Soleimani")
    table = window.relation_panes.span_list.table
    assert table.model().rowCount() == 2
    viewport = scroll_area_of(table).viewport()

    def in_sight() -> bool:
        QApplication.processEvents()
        shown = QRect(table.mapTo(viewport, QPoint(0, 0)), table.size())
        return table.isVisible() and viewport.rect().contains(shown)

    qtbot.waitUntil(in_sight, timeout=2000)


def test_rows_with_long_span_texts_differ_where_the_list_cuts_them(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    spans = [{"start": 0, "end": 9, "label": "PERSON"}]
    for words in (FIRST, SECOND):
        start = LONG_TEXT.index(words)
        spans.append({"start": start, "end": start + len(words), "label": "ORG"})
    path = write_jsonl(tmp_path / "long.jsonl", [{"text": LONG_TEXT, "spans": spans}])
    import_paths(store, [path], annotator="tester")
    window: MainWindow = make_window(store)
    window.resize(1280, 800)
    panes = window.relation_panes
    for start in (LONG_TEXT.index(FIRST), LONG_TEXT.index(SECOND)):
        window.view.setFocus()
        click_at(window.view, 2)
        press(window, Qt.Key.Key_R)
        click_at(window.view, start + 2)
        press(window, Qt.Key.Key_C)
    panes.tabs.setCurrentIndex(1)
    listed = panes.document_list
    assert listed.row_count() == 2
    table = listed.table
    QApplication.processEvents()
    width = table.columnWidth(SPANS_COLUMN) - 8
    metrics = QFontMetrics(table.font())
    seen = []
    for row in range(2):
        text = listed.cell(row, SPANS_COLUMN)
        seen.append(metrics.elidedText(text, table.textElideMode(), width))
    assert seen[0] != seen[1], seen
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    tips = [
        str(table.model().index(row, SPANS_COLUMN).data(Qt.ItemDataRole.ToolTipRole))
        for row in range(2)
    ]
    assert FIRST in tips[0]
    assert SECOND in tips[1]
    assert listed.cell(0, 0) == "COMMANDS"  # the type first
