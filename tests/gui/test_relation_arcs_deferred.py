"""A long document's arcs: the first lines laid out with the text, the rest after the first
paint; what is drawn in the end, and on any line scrolled or jumped to before then, is what
laying every arc out at once draws."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from tagdesk.core.records import LabelRecord, SpanRecord
from tagdesk.core.relations import RelationRecord, RelationTypeRecord
from tagdesk.core.span_index import SpanIndex
from tagdesk.gui import arc_room, relation_arcs
from tagdesk.gui.annotation_view import AnnotationView

PARAGRAPH = (
    "Gen Qasem Soleimani, the commander of the Quds Force of the IRGC, met officials in "
    "Baghdad on Sunday, where Haider al-Abadi declared the offensive on Tikrit. "
)
PARAGRAPHS = 160  # about 37,000 characters: far more than is laid out with the text
WORDS = [("Qasem Soleimani", 1), ("the Quds Force of the IRGC", 2), ("IRGC", 2), ("Baghdad", 3)]
WORDS += [("Haider al-Abadi", 1), ("Tikrit", 3)]
LABELS = {
    1: LabelRecord(1, "PERSON", "#c9b8f0"),
    2: LabelRecord(2, "ORG", "#7fc8f8"),
    3: LabelRecord(3, "GPE", "#ffd166"),
}
TYPES = [
    RelationTypeRecord(1, "COMMANDS", "#c0392b", "c", True),
    RelationTypeRecord(2, "MET", "#1e8449", "t", False),
    RelationTypeRecord(3, "DECLARED", "#b9770e", "d", True),
]


def document() -> tuple[str, list[SpanRecord], list[RelationRecord]]:
    """Paragraphs of nested spans, related within a paragraph, to the next few, and a few far
    ones: an arc over thousands of characters lifts the arcs beneath it."""
    text = "\n".join(PARAGRAPH * (1 + k % 3) for k in range(PARAGRAPHS))
    spans: list[SpanRecord] = []
    start = 0
    for block in text.split("\n"):
        for words, label in WORDS:
            found = block.index(words)
            spans.append(
                SpanRecord(
                    len(spans) + 1, 1, start + found, start + found + len(words), label, "accepted"
                )
            )
        start += len(block) + 1
    relations = []
    for k in range(0, len(spans) - 6, 6):  # one paragraph's six spans: k+1 .. k+6
        relations += [
            RelationRecord(len(relations) + 1, 1, 1, spans[k].id, spans[k + 1].id),
            RelationRecord(len(relations) + 2, 1, 3, spans[k + 4].id, spans[k + 5].id),
            RelationRecord(len(relations) + 3, 1, 2, spans[k].id, spans[k + 10].id, "suggested"),
        ]
        if k % 60 == 0 and k + 200 < len(spans):
            relations.append(
                RelationRecord(len(relations) + 1, 1, 2, spans[k + 2].id, spans[k + 200].id)
            )
    return text, spans, relations


TEXT, SPANS, RELATIONS = document()


@pytest.fixture
def views(qtbot) -> tuple[AnnotationView, AnnotationView]:  # type: ignore[no-untyped-def]
    """Two views of one size: the first will defer, the second lays every arc out at once."""
    made = []
    for _ in range(2):
        view = AnnotationView()
        qtbot.addWidget(view)
        view.resize(900, 600)
        view.show()
        qtbot.waitExposed(view)
        made.append(view)
    return made[0], made[1]


def show(view: AnnotationView, monkeypatch: pytest.MonkeyPatch, *, at_once: bool) -> None:
    with monkeypatch.context() as patched:
        if at_once:
            patched.setattr(relation_arcs, "FIRST_CHARACTERS", len(TEXT) + 1)
        view.show_document(
            TEXT, SpanIndex(SPANS), LABELS, relations=RELATIONS, relation_types=TYPES
        )


def drawn(view: AnnotationView) -> list[tuple[object, ...]]:
    """The arcs on screen as painted: relation, level, each part's bar and label, the arrow;
    measured from the top of the block shown first (a view may start a pixel lower in it)."""
    view.viewport().repaint()
    top = view.contentOffset().y()
    shapes = []
    for shape in view.arcs.arc_shapes():
        parts = [
            (part.bar[:2], part.bar[2] - top, part.label, part.label_rect.translated(0, -top))
            for part in shape.parts
            if part.label_rect is not None
        ]
        parts += [
            (part.bar[:2], part.bar[2] - top) for part in shape.parts if part.label_rect is None
        ]
        arrow = None if shape.arrow is None else [(p.x(), p.y() - top) for p in shape.arrow]
        shapes.append((shape.relation, shape.level, parts, arrow))
    return sorted(shapes, key=lambda shape: shape[0])  # type: ignore[arg-type, return-value]


def alike(one: list[tuple[object, ...]], other: list[tuple[object, ...]]) -> None:
    """The arcs both show are drawn alike, to the pixel a line's rounding may move them."""
    mine = {shape[0]: shape for shape in one}
    theirs = {shape[0]: shape for shape in other}
    # an arc over two lines, one of them at an edge of the screen in one view only, differs
    both = {r for r in mine.keys() & theirs.keys() if len(mine[r][2]) == len(theirs[r][2])}  # type: ignore[arg-type]
    assert len(both) >= min(len(mine), len(theirs)) - 4 > 0
    for relation in both:
        assert numbers(mine[relation]) == pytest.approx(numbers(theirs[relation]), abs=1.0)


def numbers(value: object) -> list[float]:
    """Every number in a shape, in order (a label's box as its four)."""
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, QRectF):
        return [value.x(), value.y(), value.width(), value.height()]
    if isinstance(value, (list, tuple)):
        return [number for item in value for number in numbers(item)]
    return []


def line_heights(view: AnnotationView) -> list[float]:
    """Every block's height as Qt lays it out once coloured (as it is when it comes into
    sight): the room each line was given."""
    document = view.document()
    heights = []
    block = document.begin()
    while block.isValid():
        view.highlighter.colour_block(block)
        heights.append(view.blockBoundingRect(block).height())
        block = block.next()
    return heights


def settle(qtbot, view: AnnotationView) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: view.arcs.laid_out, timeout=20000)


def test_the_first_paint_has_the_first_lines_arcs_and_the_rest_follow_as_at_once(
    qtbot, views: tuple[AnnotationView, AnnotationView], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    deferred, at_once = views
    show(at_once, monkeypatch, at_once=True)
    assert at_once.arcs.laid_out
    show(deferred, monkeypatch, at_once=False)
    assert not deferred.arcs.laid_out  # the rest waits for the event loop
    first = drawn(deferred)
    assert first, "no arc on the first screen"
    assert first == drawn(at_once)
    settle(qtbot, deferred)
    assert line_heights(deferred) == line_heights(at_once)
    assert len(set(line_heights(deferred))) > 1  # lines with arcs are taller than the others
    for offset in (len(TEXT) // 3, len(TEXT) // 2, len(TEXT) - 300):
        for view in views:
            view.scroll_to_top_offset(offset)
        QApplication.processEvents()
        shown = drawn(deferred)
        assert shown, offset
        assert shown == drawn(at_once), offset


def test_a_jump_before_the_rest_is_laid_out_draws_that_part_as_at_once(
    qtbot, views: tuple[AnnotationView, AnnotationView], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    deferred, at_once = views
    show(at_once, monkeypatch, at_once=True)
    show(deferred, monkeypatch, at_once=False)
    far = int(len(TEXT) * 0.7)
    for view in views:
        view.scroll_to_top_offset(far)  # as the window does, coming back to a document
    jumped = drawn(deferred)  # painted in the same turn: before any later layout
    assert not deferred.arcs.laid_out
    assert jumped
    assert jumped == drawn(at_once)
    first_block = deferred.firstVisibleBlock().blockNumber()
    shown = slice(first_block, first_block + 12)
    assert line_heights(deferred)[shown] == line_heights(at_once)[shown]
    # scrolled on a page at a time before the event loop runs: each page's arcs as at once
    # (Qt may start the page a little lower in its first line, whose height changed)
    for _ in range(3):
        bar = deferred.verticalScrollBar()
        bar.setValue(bar.value() + bar.pageStep())
        paged = drawn(deferred)
        at_once.scroll_to_top_offset(deferred.top_offset())
        alike(paged, drawn(at_once))
    settle(qtbot, deferred)
    assert line_heights(deferred) == line_heights(at_once)


def test_lines_first_coloured_after_the_arcs_are_placed_get_their_room_as_at_once(
    qtbot, views: tuple[AnnotationView, AnnotationView], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    deferred, at_once = views
    monkeypatch.setattr(arc_room, "LINES_A_TURN", 3)  # many turns, were there lines waiting
    show(at_once, monkeypatch, at_once=True)
    show(deferred, monkeypatch, at_once=False)
    qtbot.waitUntil(lambda: deferred.arcs.all_placed)
    for view in views:
        view.scroll_to_top_offset(len(TEXT) * 4 // 5)  # lines not coloured until now
    assert drawn(deferred) == drawn(at_once)
    first_block = deferred.firstVisibleBlock().blockNumber()
    shown = slice(first_block, first_block + 6)
    assert line_heights(deferred)[shown] == line_heights(at_once)[shown]
    settle(qtbot, deferred)
    assert line_heights(deferred) == line_heights(at_once)


def test_a_change_of_the_relations_before_the_rest_is_laid_out_is_drawn_as_at_once(
    qtbot, views: tuple[AnnotationView, AnnotationView], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    deferred, at_once = views
    show(at_once, monkeypatch, at_once=True)
    show(deferred, monkeypatch, at_once=False)
    fewer = RELATIONS[::2]
    for view in views:
        view.arcs.set_relations(fewer)
        view.scroll_to_top_offset(len(TEXT) // 2)
    assert drawn(deferred) == drawn(at_once)
    settle(qtbot, deferred)
    settle(qtbot, at_once)
    assert line_heights(deferred) == line_heights(at_once)
    deferred.scroll_to_top_offset(int(len(TEXT) * 0.9))
    at_once.scroll_to_top_offset(deferred.top_offset())
    assert at_once.top_offset() == deferred.top_offset()
    assert drawn(deferred) == drawn(at_once)


def test_another_document_shown_meanwhile_is_not_touched_by_the_first_ones_turns(
    qtbot, views: tuple[AnnotationView, AnnotationView], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    deferred, _ = views
    show(deferred, monkeypatch, at_once=False)
    short = "Qasem Soleimani commands the Quds Force."
    spans = [SpanRecord(1, 2, 0, 15, 1, "accepted"), SpanRecord(2, 2, 25, 39, 2, "accepted")]
    deferred.show_document(
        short,
        SpanIndex(spans),
        LABELS,
        relations=[RelationRecord(1, 2, 1, 1, 2)],
        relation_types=TYPES,
    )
    assert deferred.arcs.laid_out
    settle(qtbot, deferred)
    QApplication.processEvents()
    assert [shape[0] for shape in drawn(deferred)] == [1]
    assert deferred.document().blockCount() == 1
