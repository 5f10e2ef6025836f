"""Nothing of the window is cut off from 1024x700 up, and a wide screen widens the list,
not the margins of the text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from tagdesk.gui.annotation_view import DOCUMENT_MARGIN
from tagdesk.gui.main_window import MainWindow
from tagdesk.gui.window_geometry import first_geometry, kept_on_screen

SIZES = [(1024, 700), (1280, 800), (1920, 1080)]


def inside(widget: QWidget, window: MainWindow) -> bool:
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    return widget.isVisible() and window.rect().contains(rect)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_status_bar_panels_and_list_lie_inside_the_window(
    window: MainWindow, qtbot, width: int, height: int
) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size().width() == width)
    assert window.minimumSizeHint().width() < 1024
    assert window.minimumSizeHint().height() < 700
    side = window.main_splitter.widget(2)
    for part in (window.statusBar(), side, window.document_list, window.view, window.inspector):
        assert inside(part, window), part
    assert window.document_panel.tag_editor.isVisible()
    assert inside(window.document_panel.status, window)
    assert window.main_splitter.handleWidth() >= 8
    assert window.side_splitter.handleWidth() >= 8


def test_a_wide_screen_gives_its_width_to_the_titles(window: MainWindow, qtbot) -> None:
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    list_at_1280 = window.document_list.width()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.width() == 1920)
    line = window.view.viewport().width() - 2 * DOCUMENT_MARGIN
    characters = line / window.view.fontMetrics().averageCharWidth()
    assert 80 <= characters <= 100  # a readable measure, not 140 characters a line
    editor = window.main_splitter.widget(1)
    margin = (editor.width() - window.view.width()) / 2
    assert margin <= 40
    assert window.document_list.width() >= list_at_1280 + 300
    title = window.document_list.table.horizontalHeader().sectionSize(0)
    longest = max(window.document_model.index(r, 0).data() for r in range(5))
    assert title >= window.document_list.table.fontMetrics().horizontalAdvance(longest)


@pytest.mark.parametrize(
    "available", [QRect(0, 0, 1024, 700), QRect(0, 27, 1280, 773), QRect(0, 0, 1920, 1040)]
)
def test_the_first_window_fits_the_screen(available: QRect) -> None:
    placed = first_geometry(available)
    assert available.contains(placed)
    assert placed.width() >= min(1360, available.width())
    assert placed.height() >= min(860, available.height())


def test_a_saved_geometry_from_a_larger_screen_is_brought_back() -> None:
    available = QRect(0, 0, 1280, 770)
    for saved in (QRect(100, 50, 1728, 972), QRect(900, 600, 800, 500), QRect(-400, -30, 900, 600)):
        placed = kept_on_screen(saved, available)
        assert available.contains(placed), (saved, placed)
    same = QRect(40, 40, 900, 600)
    assert kept_on_screen(same, available) == same  # one that fits is left where it was
