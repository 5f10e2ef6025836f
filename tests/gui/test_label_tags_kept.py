"""The chips' places are kept between paints: what is drawn is always what a fresh look finds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tagdesk.gui.annotation_view import AnnotationView
from tagdesk.gui.label_scheme_dialog import LabelSchemeDialog
from tagdesk.gui.label_tags import LabelTags, Placement
from tagdesk.gui.main_window import MainWindow
from tests.gui.conftest import click_at, drag_select

KEY = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def drawn(view: AnnotationView) -> list[tuple[int, Placement]]:
    """The chips a full repaint of the text draws."""
    QApplication.processEvents()
    view.viewport().repaint()
    return view.drawn_tags


def from_scratch(view: AnnotationView, text_font: QFont) -> list[tuple[int, Placement]]:
    """The chips of the blocks in sight, found by a LabelTags that has kept nothing."""
    fresh = LabelTags(text_font)
    found: list[tuple[int, Placement]] = []
    bottom = view.viewport().rect().bottom()
    block = view.firstVisibleBlock()
    while block.isValid():
        geometry = view.blockBoundingGeometry(block).translated(view.contentOffset())
        if geometry.top() > bottom:
            break
        if block.isVisible() and geometry.bottom() >= 0:
            start = view.offsets.to_python(block.position())
            end = view.offsets.to_python(block.position() + block.length() - 1, "up")
            spans = view.index.overlapping(start, end)
            if spans:
                places = fresh.placements(block, spans, view.offsets, view.labels)
                found.extend((block.blockNumber(), place) for place in places)
        block = block.next()
    return found


def names_drawn(view: AnnotationView) -> list[str]:
    return [name for _number, (_x, _y, name, _colour) in view.drawn_tags]


def agrees(view: AnnotationView, text_font: QFont | None = None) -> list[tuple[int, Placement]]:
    chips = drawn(view)
    assert chips == from_scratch(view, text_font or view.font())
    return chips


def test_chips_drawn_after_each_change_are_those_found_afresh(window: MainWindow, qtbot) -> None:
    view = window.view
    text = window.controller.document.text
    start = text.index("Baghdad")
    end = start + len("Baghdad")
    before = agrees(view)
    gpe = names_drawn(view).count("GPE")

    drag_select(view, start, end)
    QTest.keyClick(view, KEY.Key_3)  # add
    after_add = agrees(view)
    assert after_add != before
    assert names_drawn(view).count("GPE") == gpe + 1

    QTest.keyClick(view, KEY.Key_1)  # relabel the selected span
    agrees(view)
    assert names_drawn(view).count("GPE") == gpe

    QTest.keyClick(view, KEY.Key_Delete)
    assert agrees(view) == before

    QTest.keyClick(view, KEY.Key_Z, CTRL)  # the delete undone
    agrees(view)
    assert names_drawn(view).count("PERSON") == 1 + [n for _b, (_x, _y, n, _c) in before].count(
        "PERSON"
    )

    dialog = LabelSchemeDialog(window.store, window, record=window.controller.record_step)
    qtbot.addWidget(dialog)
    dialog.changed.connect(window.controller.report)
    dialog.show()
    row = next(i for i in range(dialog.list.count()) if "PERSON" in dialog.list.item(i).text())
    dialog.list.setCurrentRow(row)
    dialog.name.setText("SOMEONE_LONGER")  # a wider chip: every later one on its line moves
    dialog._set_colour("#1f3a93")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    dialog.close()
    renamed = agrees(view)
    assert "SOMEONE_LONGER" in names_drawn(view)
    assert "PERSON" not in names_drawn(view)
    assert ("SOMEONE_LONGER", "#1f3a93") in {(n, c) for _b, (_x, _y, n, c) in renamed}

    window.resize(window.width() - 300, window.height())  # the text wraps anew
    resized = agrees(view)
    assert resized != renamed

    larger = QFont(view.font())
    larger.setPointSizeF(view.font().pointSizeF() * 1.5)
    view.setFont(larger)
    view.document().setDefaultFont(larger)
    view.tags.set_text_font(larger)
    view.highlighter.rehighlight()
    assert agrees(view, larger) != resized
    click_at(view, text.index("leading") + 2)
    agrees(view, larger)


def test_chips_follow_the_room_a_new_relation_gives_their_line(
    store, make_window, tmp_path
) -> None:
    """A relation drawn gives its spans' line room above the text: the line's text moves
    down, its spans and words unchanged, and the chips move with it."""
    from tests.gui.relation_helpers import five_spans_window, make_relation

    window = five_spans_window(store, make_window, tmp_path)
    view = window.view
    before = agrees(view)
    make_relation(window, "Soleimani", "Quds Force", Qt.Key.Key_C)
    assert window.relation_panes.relations.relations
    after = agrees(view)
    assert [name for _n, (_x, _y, name, _c) in after] == [name for _n, (_x, _y, name, _c) in before]
    assert after != before  # the same chips, lower: the line has room above it now
