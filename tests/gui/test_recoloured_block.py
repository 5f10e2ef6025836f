"""A span added or undone repaints only its block, and the screen is then what a full
repaint and a fresh opening of the document draw: no line, chip or colour left stale."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tagdesk.gui.annotation_view import AnnotationView
from tagdesk.gui.main_window import MainWindow
from tests.gui.conftest import click_at, drag_select

KEY = Qt.Key


def on_screen(window: MainWindow) -> QImage:
    """The text's viewport as the screen holds it, once Qt has painted what it was asked
    to (only what changed): read from the window's backing store, not painted again."""
    view = window.view
    view.clearFocus()  # no blinking text cursor in the picture
    QApplication.processEvents()
    corner = view.viewport().mapTo(window, QPoint(0, 0))
    shown = window.screen().grabWindow(window.winId()).toImage()
    ratio = shown.devicePixelRatio()
    size = view.viewport().size()
    return shown.copy(
        QRect(
            round(corner.x() * ratio),
            round(corner.y() * ratio),
            round(size.width() * ratio),
            round(size.height() * ratio),
        )
    )


def painted_whole(view: AnnotationView) -> QImage:
    """The viewport painted again from top to bottom."""
    return view.viewport().grab().toImage()


def same(first: QImage, second: QImage) -> bool:
    converted = second.convertToFormat(first.format())
    converted.setDevicePixelRatio(first.devicePixelRatio())
    return first.size() == converted.size() and first == converted


def reopened(window: MainWindow) -> QImage:
    """The screen after the document is opened afresh (another document, then this one)."""
    shown = window.controller.document
    assert shown is not None
    other = next(i for i in window.document_model.ids if i != shown.id)
    window.open_document(other)
    window.open_document(shown.id)
    return on_screen(window)


def lines_of(view: AnnotationView, offset: int) -> int:
    return view.document().findBlock(view.offsets.to_qt(offset)).layout().lineCount()


def deselect(window: MainWindow, offset: int) -> None:
    click_at(window.view, offset)
    assert window.controller.selected is None


def last_word_of_a_full_line(view: AnnotationView, text: str) -> tuple[int, int]:
    """A word ending a paragraph whose last line its chip cannot fit beside: labelled, the
    paragraph takes one more line and the blocks below move down."""
    room = view.tags.width("PERSON")
    block = view.firstVisibleBlock()
    bottom = view.viewport().height() // 2
    while block.isValid() and view.blockBoundingGeometry(block).top() < bottom:
        layout = block.layout()
        if block.length() > 40 and layout.lineCount():
            last = layout.lineAt(layout.lineCount() - 1)
            end = view.offsets.to_python(block.position() + block.length() - 1)
            while not text[end - 1].isalpha():  # the word, without the full stop after it
                end -= 1
            word_start = text.rfind(" ", 0, end) + 1
            if text[word_start:end].isalpha() and last.naturalTextWidth() + room > last.width():
                return word_start, end
        block = block.next()
    raise AssertionError("no paragraph in sight ends in a full line")


def test_an_added_span_and_its_undo_leave_the_screen_as_a_full_repaint_draws_it(
    window: MainWindow,
) -> None:
    view = window.view
    text = window.controller.document.text
    before = on_screen(window)
    start = text.index("Baghdad")
    drag_select(view, start, start + len("Baghdad"))
    QTest.keyClick(view, KEY.Key_3)
    deselect(window, text.index("leading") + 2)
    added = on_screen(window)
    assert not same(added, before)  # the span is drawn
    assert same(added, painted_whole(view))
    assert same(added, reopened(window))
    view.setFocus()
    QTest.keyClick(view, KEY.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = on_screen(window)
    assert same(undone, painted_whole(view))
    assert same(undone, before)


def test_a_span_whose_chip_takes_another_line_moves_the_text_below_it_on_screen(
    window: MainWindow,
) -> None:
    view = window.view
    text = window.controller.document.text
    on_screen(window)
    start, end = last_word_of_a_full_line(view, text)
    lines = lines_of(view, start)
    drag_select(view, start, end)
    QTest.keyClick(view, KEY.Key_1)
    assert lines_of(view, start) == lines + 1  # the chip took the paragraph a line more
    deselect(window, text.index("leading") + 2)
    added = on_screen(window)
    assert same(added, painted_whole(view))
    assert same(added, reopened(window))
