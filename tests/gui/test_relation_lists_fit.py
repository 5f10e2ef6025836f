"""The relation lists on the screens analysts have: the span's relations in sight in the
inspector from 1024x700 up, and rows that stay told apart when their spans' words are cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QScrollArea,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from tagdesk.gui.main_window import MainWindow
from tagdesk.gui.relation_model import SPANS_COLUMN
from tagdesk.gui.relation_sides import cut_sides
from tagdesk.store import Store
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, click_at
from tests.gui.relation_helpers import five_spans_window, make_relation, press, select
from tests.helpers import write_jsonl

FIRST = "the Islamic Revolutionary Guard Corps Aerospace Force of Iran"
SECOND = "the Islamic Revolutionary Guard Corps Ground Forces command"
LONG_TEXT = f"Soleimani briefed {FIRST} and then {SECOND} in Tehran."


def drawn_text(table: QTableView, row: int) -> str:
    """The words a cell of the Relations column is drawn with, cut to its width as shown."""
    index = table.model().index(row, SPANS_COLUMN)
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.rect = table.visualRect(index)
    table.itemDelegateForIndex(index).initStyleOption(option, index)
    metrics = QFontMetrics(option.font)
    assert metrics.horizontalAdvance(option.text) <= option.rect.width()
    return str(option.text)


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
    seen = [drawn_text(table, row) for row in range(2)]
    assert all("…" in text for text in seen), seen  # the column is too narrow for either
    assert seen[0] != seen[1], seen
    # The arrow shows, the head's word whole beside it: which span is the head stays read.
    assert all(text.startswith("Soleimani → the ") for text in seen), seen

    tips = [
        str(table.model().index(row, SPANS_COLUMN).data(Qt.ItemDataRole.ToolTipRole))
        for row in range(2)
    ]
    assert FIRST in tips[0]
    assert SECOND in tips[1]
    assert listed.cell(0, 0) == "COMMANDS"  # the type first


def test_a_row_of_two_long_spans_keeps_its_arrow_where_a_cut_in_the_middle_loses_it(
    qapp,
) -> None:
    metrics = QFontMetrics(QApplication.font())
    width = metrics.horizontalAdvance("the Islamic Revolutionary Guard")
    whole = f"{FIRST} → {SECOND}"
    assert "→" not in metrics.elidedText(whole, Qt.TextElideMode.ElideMiddle, width)
    cut = cut_sides(metrics, FIRST, "→", SECOND, width)
    assert metrics.horizontalAdvance(cut) <= width
    head, child = cut.split(" → ")
    assert (head[:4], head[-5:], "…" in head) == ("the ", " Iran", True)
    assert (child[:4], child[-2:], "…" in child) == ("the ", "nd", True)
    # Room the head does not need goes to the child.
    short = cut_sides(metrics, "Soleimani", "→", SECOND, width)
    assert (short[:12], "…" in short) == ("Soleimani → ", True)
    assert len(short) > len(cut) - len(head) + len("Soleimani")
