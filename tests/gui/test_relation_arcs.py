"""Relations drawn as arcs over the text: where they are, how they look, what hovering says."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from tagdesk.core.colours import contrast_ratio
from tagdesk.core.records import LabelRecord, SpanRecord
from tagdesk.core.relations import RelationRecord, RelationTypeRecord
from tagdesk.core.span_index import SpanIndex
from tagdesk.gui.annotation_view import AnnotationView
from tagdesk.gui.arc_geometry import ArcShape
from tagdesk.gui.arc_painting import PENDING_COLOUR, line_colour

TEXT = (
    "Gen Qasem Soleimani, the commander of the Quds Force of the IRGC, met officials in Iraq.\n"
    "Tikrit, north of Baghdad, has been held by IS for months and an offensive to recapture it "
    "was declared by Iraqi Prime Minister Haider al-Abadi on Sunday.\n"
    "Nothing related here at all."
)
LABELS = {
    1: LabelRecord(1, "PERSON", "#c9b8f0"),
    2: LabelRecord(2, "ORG", "#7fc8f8"),
    3: LabelRecord(3, "GPE", "#ffd166"),
}
TYPES = [
    RelationTypeRecord(1, "COMMANDS", "#c0392b", "c", True),
    RelationTypeRecord(2, "MEMBER_OF", "#2471a3", "m", True),
    RelationTypeRecord(3, "MET", "#1e8449", "t", False),
    RelationTypeRecord(4, "DECLARED", "#b9770e", "d", True),
]
COMMANDS, MEMBER_OF, MET, DECLARED = 1, 2, 3, 4


def span(span_id: int, words: str, label: int, nth: int = 0) -> SpanRecord:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    return SpanRecord(span_id, 1, start, start + len(words), label, "accepted")


SPANS = [
    span(1, "Iraq", 3),
    span(2, "Qasem Soleimani", 1),
    span(3, "the Quds Force of the IRGC", 2),  # holds span 4
    span(4, "IRGC", 2),
    span(5, "Tikrit", 3),
    span(6, "Baghdad", 3),
    span(7, "Haider al-Abadi", 1),
]


def relation(
    relation_id: int, type_id: int, head: int, child: int, **fields: str
) -> RelationRecord:
    return RelationRecord(relation_id, 1, type_id, head, child, **fields)  # type: ignore[arg-type]


@pytest.fixture
def view(qtbot) -> AnnotationView:  # type: ignore[no-untyped-def]
    shown = AnnotationView()
    qtbot.addWidget(shown)
    shown.resize(1000, 600)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def show(view: AnnotationView, relations: list[RelationRecord]) -> None:
    view.show_document(TEXT, SpanIndex(SPANS), LABELS, relations=relations, relation_types=TYPES)
    QApplication.processEvents()


def shape_of(view: AnnotationView, relation_id: int) -> ArcShape:
    return next(s for s in view.arcs.arc_shapes() if s.relation == relation_id)


def x_range(view: AnnotationView, record: SpanRecord) -> tuple[int, int]:
    return view.qt_rect_of(record.start)[0], view.qt_rect_of(record.end)[0]


def text_top(view: AnnotationView, offset: int) -> float:
    _, middle = view.qt_rect_of(offset)
    return middle - view.fontMetrics().height() / 2


def shot(view: AnnotationView) -> QImage:
    QApplication.processEvents()
    view.viewport().repaint()
    return view.viewport().grab().toImage()


def colour_at(image: QImage, x: float, y: float) -> QColor:
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(x * ratio), int(y * ratio))


def near(pixel: QColor, colour: QColor, tolerance: int = 40) -> bool:
    return all(
        abs(a - b) <= tolerance
        for a, b in zip(pixel.getRgb()[:3], colour.getRgb()[:3], strict=True)
    )


def test_an_arc_runs_above_the_text_from_head_to_child_with_an_arrow_at_the_child(
    view: AnnotationView,
) -> None:
    show(view, [relation(10, COMMANDS, 2, 3)])
    shape = shape_of(view, 10)
    assert len(shape.parts) == 1
    x_from, x_to, bar = shape.parts[0].bar
    head_left, head_right = x_range(view, SPANS[1])
    child_left, child_right = x_range(view, SPANS[2])
    assert head_left < x_from < head_right
    assert child_left < x_to < child_right
    assert bar < text_top(view, SPANS[1].start) - 4  # above the text, not over it
    assert shape.parts[0].label == "COMMANDS"
    rect = shape.parts[0].label_rect
    assert rect is not None
    assert x_from < rect.left() < rect.right() < x_to
    assert abs(rect.center().y() - bar) < 1
    assert shape.arrow is not None
    tip = shape.arrow[0]
    assert abs(tip.x() - x_to) < 0.5  # at the child, pointing down to it
    assert shape.arrow[1].y() < tip.y() < text_top(view, SPANS[2].start)
    # and on screen: the bar is drawn in the type's colour between the feet
    image = shot(view)
    red = QColor("#c0392b")
    along = [colour_at(image, x, bar) for x in range(int(x_from) + 6, int(rect.left()) - 2, 3)]
    assert along
    assert all(near(pixel, red) for pixel in along)


def test_a_symmetric_type_has_no_arrow(view: AnnotationView) -> None:
    show(view, [relation(11, MET, 1, 2)])
    assert shape_of(view, 11).arrow is None


def test_lines_with_arcs_get_room_and_others_keep_their_height(view: AnnotationView) -> None:
    show(view, [])
    plain_tops = [view.qt_rect_of(s.start)[1] for s in SPANS]
    heights = [line_height_at(view, n) for n in (0, TEXT.index("Tikrit"))]
    show(view, [relation(10, COMMANDS, 2, 3)])
    raised = document_line_heights(view)
    assert raised[0] > heights[0] + 10  # the first paragraph's line with the arc got room
    last = TEXT.index("Nothing")
    assert line_height_at(view, last) == heights[1]
    # the text, its offsets and every position are what they were
    assert view.toPlainText() == TEXT
    view.select_range(SPANS[2].start, SPANS[2].end)
    assert view.selection_range() == (SPANS[2].start, SPANS[2].end)
    found = view.span_at_point(QPoint(*view.qt_rect_of(SPANS[1].start + 2)))
    assert found is not None
    assert found.id == 2
    assert [view.offset_at(QPoint(*view.qt_rect_of(s.start + 1))) for s in SPANS] == [
        s.start + 1 for s in SPANS
    ]
    assert len(plain_tops) == len(SPANS)


def line_height_at(view: AnnotationView, offset: int) -> float:
    document = view.document()
    block = document.findBlock(offset)
    view.blockBoundingGeometry(block)  # laid out again after a change, as painting does
    layout = block.layout()
    return layout.lineForTextPosition(offset - block.position()).height()


def document_line_heights(view: AnnotationView) -> list[float]:
    document = view.document()
    block = document.firstBlock()
    view.blockBoundingGeometry(block)
    layout = block.layout()
    return [layout.lineAt(n).height() for n in range(layout.lineCount())]


def test_crossing_and_covering_arcs_are_on_different_levels(view: AnnotationView) -> None:
    show(view, [relation(10, COMMANDS, 2, 3), relation(12, MEMBER_OF, 2, 1)])
    inner, outer = shape_of(view, 10), shape_of(view, 12)
    assert (inner.level, outer.level) == (1, 2)
    assert outer.parts[0].bar[2] < inner.parts[0].bar[2] - 8
    assert (
        outer.parts[0].bar[0]
        < inner.parts[0].bar[0]
        < inner.parts[0].bar[1]
        < outer.parts[0].bar[1]
    )


def test_an_arc_to_a_span_holding_another_lands_on_text_only_it_holds(
    view: AnnotationView,
) -> None:
    show(view, [relation(10, COMMANDS, 2, 3), relation(13, MEMBER_OF, 2, 4)])
    to_outer = shape_of(view, 10).parts[0].bar[1]
    to_inner = shape_of(view, 13).parts[0].bar[1]
    inner_left, inner_right = x_range(view, SPANS[3])
    outer_left, _ = x_range(view, SPANS[2])
    assert inner_left <= to_inner <= inner_right
    assert outer_left < to_outer < inner_left  # on "the Quds Force of the", not on "IRGC"
    # the outer span's foot stands a little higher, so the two are told apart
    assert shape_of(view, 10).arrow[0].y() < shape_of(view, 13).arrow[0].y()  # type: ignore[index]


def test_an_arc_across_a_line_break_leaves_one_line_and_enters_the_other(
    view: AnnotationView,
) -> None:
    show(view, [relation(14, DECLARED, 7, 5)])
    head_y = view.qt_rect_of(SPANS[6].start)[1]
    child_y = view.qt_rect_of(SPANS[4].start)[1]
    assert child_y < head_y  # Tikrit and al-Abadi are on different lines
    shape = shape_of(view, 14)
    assert len(shape.parts) == 2
    first, second = shape.parts
    right_edge = view.viewport().width() - view.document().documentMargin()
    left_edge = view.document().documentMargin()
    assert first.bar[0] < x_range(view, SPANS[4])[1]
    assert abs(first.bar[1] - right_edge) < 20
    assert abs(second.bar[0] - left_edge) < 2
    assert second.bar[1] > x_range(view, SPANS[6])[0]
    assert first.bar[2] < text_top(view, SPANS[4].start)
    assert text_top(view, SPANS[4].start) < second.bar[2] < text_top(view, SPANS[6].start)
    assert first.label == second.label == "DECLARED"
    assert shape.arrow is not None
    assert abs(shape.arrow[0].x() - first.bar[0]) < 0.5


def test_relation_at_a_point_on_the_arc_or_its_label_and_a_click_names_it(
    qtbot,
    view: AnnotationView,  # type: ignore[no-untyped-def]
) -> None:
    show(view, [relation(10, COMMANDS, 2, 3), relation(11, MET, 1, 2)])
    shape = shape_of(view, 10)
    x_from, _, bar = shape.parts[0].bar
    on_bar = QPointF(x_from + 8, bar + 1)
    found = view.arcs.relation_at(on_bar)
    assert found is not None
    assert found.id == 10
    label = shape.parts[0].label_rect
    assert label is not None
    assert view.arcs.relation_at(label.center()).id == 10  # type: ignore[union-attr]
    assert view.arcs.relation_at(QPointF(x_from + 8, bar + 6)) is None  # between arc and text
    assert view.arcs.relation_at(QPoint(*view.qt_rect_of(SPANS[1].start + 3))) is None
    clicked: list[int] = []
    spans_clicked: list[int] = []
    view.arcs.relation_clicked.connect(clicked.append)
    view.span_clicked.connect(spans_clicked.append)
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        label.center().toPoint(),
    )
    assert clicked == [10]
    assert spans_clicked == []
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(*view.qt_rect_of(SPANS[1].start + 3)),
    )
    assert clicked == [10]
    assert spans_clicked == [2]


def test_hovering_an_arc_shows_type_spans_status_note_and_annotator(
    qtbot,
    view: AnnotationView,  # type: ignore[no-untyped-def]
) -> None:
    made = relation(10, COMMANDS, 2, 3, note="leads the <operation>", annotator="ana")
    met = relation(11, MET, 1, 2, status="suggested", source="dependency rules")
    show(view, [made, met])
    assert view.arcs.tooltip_for(made) == (
        '<qt><b style="color:#c0392b">COMMANDS</b> · accepted<br>'
        "“Qasem Soleimani” → “the Quds Force of the IRGC”<br>"
        "note: leads the &lt;operation&gt;<br>by ana</qt>"
    )
    assert "“Iraq” — “Qasem Soleimani”" in view.arcs.tooltip_for(met)
    assert "suggested" in view.arcs.tooltip_for(met)
    assert "source: dependency rules" in view.arcs.tooltip_for(met)
    label = shape_of(view, 10).parts[0].label_rect
    assert label is not None
    point = label.center().toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "COMMANDS" in QToolTip.text()
    assert "by ana" in QToolTip.text()
    QToolTip.hideText()


def test_suggested_are_dashed_rejected_hidden_or_faint_selected_stronger(
    view: AnnotationView,
) -> None:
    accepted = relation(10, COMMANDS, 2, 3)
    show(view, [accepted])
    solid = bar_pixels(view, 10)
    red = QColor("#c0392b")
    assert all(near(p, red) for p in solid)
    thin = stroke_height(view, 10)

    view.arcs.set_selected_relation(10)
    assert view.arcs.selected_relation == 10
    assert stroke_height(view, 10) > thin + 1
    view.arcs.set_selected_relation(None)

    view.arcs.set_relations([replace(accepted, status="suggested")])
    dashed = bar_pixels(view, 10)
    assert any(near(p, red) for p in dashed)
    assert any(near(p, QColor("#ffffff"), 10) for p in dashed)  # gaps between the dashes

    view.arcs.set_relations([replace(accepted, status="rejected")])
    assert view.arcs.arc_shapes() == []
    assert max(document_line_heights(view)) < view.fontMetrics().height() + 6  # no room kept
    view.arcs.set_show_rejected(True)
    faint = bar_pixels(view, 10)
    assert faint
    assert not any(near(p, red, 30) for p in faint)
    assert any(not near(p, QColor("#ffffff"), 10) for p in faint)


def bar_pixels(view: AnnotationView, relation_id: int) -> list[QColor]:
    image = shot(view)
    part = shape_of(view, relation_id).parts[0]
    x_from, _, bar = part.bar
    assert part.label_rect is not None
    return [
        colour_at(image, x, bar) for x in range(int(x_from) + 6, int(part.label_rect.left()) - 2)
    ]


def stroke_height(view: AnnotationView, relation_id: int) -> int:
    image = shot(view)
    part = shape_of(view, relation_id).parts[0]
    x = part.bar[0] + 12
    red = QColor("#c0392b")
    return sum(1 for dy in range(-6, 7) if near(colour_at(image, x, part.bar[2] + dy), red, 60))


def test_the_room_above_a_line_shows_no_span_fill(view: AnnotationView) -> None:
    show(view, [relation(10, COMMANDS, 2, 3)])
    image = shot(view)
    fill = QColor(LABELS[3].colour)
    left, right = x_range(view, SPANS[0])  # "Iraq", on the raised line, no arc over it
    top = text_top(view, SPANS[0].start)
    assert near(colour_at(image, (left + right) / 2, top + 6), fill, 12)
    for dy in (4, 10, 16):
        assert near(colour_at(image, (left + right) / 2, top - dy), QColor("#ffffff"), 4)


def test_pending_head_and_candidate_are_drawn_but_not_hit(view: AnnotationView) -> None:
    show(view, [relation(10, COMMANDS, 2, 3)])
    abadi = SPANS[6]
    left = x_range(view, abadi)[0] - 3  # where the frame's left edge goes
    top = int(text_top(view, abadi.start))
    rows = range(top, top + view.fontMetrics().height())
    grey = QColor(PENDING_COLOUR)
    before = shot(view)
    assert not any(
        near(colour_at(before, x, y), grey, 30) for y in rows for x in range(left - 2, left + 2)
    )
    view.arcs.set_pending(7)
    assert view.arcs.pending == (7, None)
    framed = shot(view)
    edge = [
        any(near(colour_at(framed, x, y), grey, 30) for x in range(left - 2, left + 2))
        for y in rows
    ]
    assert sum(edge) >= len(rows) // 3
    view.arcs.set_pending(2, 1)
    pending = shape_of(view, 0)
    assert len(pending.parts) == 1
    assert (
        view.arcs.relation_at(QPointF(pending.parts[0].bar[0] + 5, pending.parts[0].bar[2])) is None
    )
    view.arcs.set_pending(None)
    assert all(s.relation != 0 for s in view.arcs.arc_shapes())


def test_moving_a_span_moves_its_arc(view: AnnotationView) -> None:
    show(view, [relation(10, COMMANDS, 2, 3)])
    before = shape_of(view, 10).parts[0].bar[0]
    soleimani = SPANS[1]
    moved = replace(soleimani, start=soleimani.start + len("Qasem "))
    view.index.put(moved)
    view.spans_changed([(soleimani.start, soleimani.end)])
    assert shape_of(view, 10).parts[0].bar[0] > before + 10


def test_a_span_broken_over_two_lines_is_met_on_the_line_given_room(
    view: AnnotationView,
) -> None:
    """The arc meets "Shia militia" where its room is, never over the line above."""
    for words in range(8, 40):
        text = "one " * words + "Shia militias try to take Tikrit back.\nIn Iraq the army waits."
        start = text.index("Shia")
        shia = SpanRecord(1, 1, start, start + len("Shia militia"), 1, "accepted")
        iraq_start = text.index("Iraq")
        iraq = SpanRecord(2, 1, iraq_start, iraq_start + 4, 3, "accepted")
        view.show_document(
            text,
            SpanIndex([shia, iraq]),
            LABELS,
            relations=[relation(20, MET, 1, 2)],
            relation_types=TYPES,
        )
        QApplication.processEvents()
        if view.qt_rect_of(start)[1] != view.qt_rect_of(shia.end - 1)[1]:
            break
    else:
        pytest.fail("the span never broke over two lines")
    shape = shape_of(view, 20)
    first = shape.parts[0]
    militia_top = text_top(view, shia.end - 1)
    assert first.bar[2] < militia_top
    assert first.bar[2] > text_top(view, shia.start) + view.fontMetrics().height()  # below "Shia"
    left, right = view.qt_rect_of(text.index("militia"))[0], view.qt_rect_of(shia.end)[0]
    assert left <= first.bar[0] <= right
    assert line_height_at(view, shia.end - 1) > view.fontMetrics().height() + 10


def test_the_arc_under_the_mouse_is_drawn_stronger(qtbot, view: AnnotationView) -> None:  # type: ignore[no-untyped-def]
    show(view, [relation(10, COMMANDS, 2, 3)])
    thin = stroke_height(view, 10)
    label = shape_of(view, 10).parts[0].label_rect
    assert label is not None
    QTest.mouseMove(view.viewport(), label.center().toPoint())
    qtbot.waitUntil(lambda: stroke_height(view, 10) > thin + 1)
    QTest.mouseMove(view.viewport(), QPoint(*view.qt_rect_of(SPANS[4].start)))
    qtbot.waitUntil(lambda: stroke_height(view, 10) == thin)


def test_arcs_stand_on_their_spans_after_characters_qt_counts_twice(
    view: AnnotationView,
) -> None:
    text = "🇮🇷 𝐒𝐨𝐥𝐞𝐢𝐦𝐚𝐧𝐢 😀 met al-Abadi 🙂 in Baghdad 🎉 on Sunday."
    soleimani = SpanRecord(1, 1, text.index("𝐒"), text.index("𝐒") + 9, 1, "accepted")
    abadi_start = text.index("al-Abadi")
    abadi = SpanRecord(2, 1, abadi_start, abadi_start + 8, 1, "accepted")
    baghdad_start = text.index("Baghdad")
    baghdad = SpanRecord(3, 1, baghdad_start, baghdad_start + 7, 3, "accepted")
    view.show_document(
        text,
        SpanIndex([soleimani, abadi, baghdad]),
        LABELS,
        relations=[relation(30, MET, 1, 2), relation(31, DECLARED, 2, 3)],
        relation_types=TYPES,
    )
    QApplication.processEvents()
    assert view.toPlainText() == text
    for shape, (head, child) in zip(
        sorted(view.arcs.arc_shapes(), key=lambda s: s.relation),
        [(soleimani, abadi), (abadi, baghdad)],
        strict=True,
    ):
        x_from, x_to, _ = shape.parts[0].bar
        assert x_range(view, head)[0] < x_from < x_range(view, head)[1]
        assert x_range(view, child)[0] < x_to < x_range(view, child)[1]
    found = view.arcs.relation_at(QPointF(shape.parts[0].bar[0] + 4, shape.parts[0].bar[2]))
    assert found is not None
    assert found.id == 31


def test_an_arc_is_drawn_where_its_line_has_no_space_to_raise(view: AnnotationView) -> None:
    text = "Soleimani\nIRGC"
    spans = [SpanRecord(1, 1, 0, 9, 1, "accepted"), SpanRecord(2, 1, 10, 14, 2, "accepted")]
    view.show_document(
        text,
        SpanIndex(spans),
        LABELS,
        relations=[relation(40, MEMBER_OF, 1, 2)],
        relation_types=TYPES,
    )
    image = shot(view)
    first = shape_of(view, 40).parts[0]
    x_from, x_to, bar = first.bar
    blue = QColor("#2471a3")
    assert any(near(colour_at(image, x, bar), blue) for x in range(int(x_from) + 6, int(x_to), 4))


def test_a_pale_type_colour_is_deepened_for_its_line_and_kept_where_it_reads() -> None:
    assert line_colour("#c0392b") == "#c0392b"  # reads on white already
    pale = line_colour("#ffe680")
    assert contrast_ratio(pale, "#ffffff") >= 3.0
    assert QColor(pale).hue() == pytest.approx(QColor("#ffe680").hue(), abs=3)
