"""An arc to a span the view wraps over two lines ("Quds" ending one line, "Force" starting
the next) meets the span on one of its pieces, the one on the line of the other span,
and leaves nothing at the margin of the next line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor

from tagdesk.gui.arc_painting import line_colour
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, operations
from tagdesk.store.change_sets import History
from tagdesk.store.editing import document_spans
from tagdesk.store.relation_types import list_relation_types
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory
from tests.gui.relation_helpers import drawn
from tests.helpers import write_jsonl

OPENING = "Soleimani commands"
FILLER = " and leads"
CLOSING = " the Quds Force in Iraq, said al-Abadi on Monday."


def line_start(window: MainWindow, offset: int) -> int:
    """The offset at which the view's line holding `offset` starts (-1: not laid out)."""
    block = window.view.document().findBlock(offset)
    line = block.layout().lineForTextPosition(offset - block.position())
    if not line.isValid():
        return -1
    return block.position() + line.textStart()


def test_an_arc_to_a_wrapped_span_meets_it_on_the_line_of_the_other_span(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    # Texts with one more filler each, so that in one of them "Force" starts the second line.
    texts = [OPENING + FILLER * n + CLOSING for n in range(1, 12)]
    rows = []
    for text in texts:
        quds = text.index("Quds Force")
        rows.append(
            {
                "text": text,
                "spans": [
                    {"start": 0, "end": 9, "label": "PERSON"},
                    {"start": quds, "end": quds + 10, "label": "ORG"},
                ],
            }
        )
    import_paths(store, [write_jsonl(tmp_path / "wrapped.jsonl", rows)], annotator="tester")
    member_of = next(k for k in list_relation_types(store) if k.name == "MEMBER_OF")
    history = History()
    for document_id in range(1, len(texts) + 1):
        head, child = document_spans(store, document_id)
        operations.add_relation(
            store, history, document_id, head.id, child.id, member_of.id, annotator="tester"
        )
    window = make_window(store)
    window.resize(1280, 800)
    found = None
    for document_id in window.document_model.ids:
        window.open_document(document_id)
        drawn(window)
        text = window.controller.document.text  # type: ignore[union-attr]
        quds = text.index("Quds Force")
        if line_start(window, quds + 5) == quds + 5 and line_start(window, quds) == 0:
            found = quds
            break
    assert found is not None, "no text wrapped the line between Quds and Force"
    assert drawn(window)
    view = window.view
    cursor = view.textCursor()
    cursor.setPosition(found)
    quds_start = view.cursorRect(cursor)
    cursor.setPosition(found + 4)
    quds_end = view.cursorRect(cursor)
    cursor.setPosition(found + 5)
    force_line = view.cursorRect(cursor)
    assert quds_end.bottom() < force_line.top() + 4  # Force is on the next line

    (shape,) = view.arcs.arc_shapes()
    # One part, on the first line: from Soleimani to Quds, its arrowhead over Quds.
    assert len(shape.parts) == 1
    assert shape.arrow is not None
    tip = shape.arrow[0]
    assert quds_start.left() <= tip.x() <= quds_end.left(), (tip, quds_start, quds_end)
    assert quds_start.top() - 2 <= tip.y() <= quds_end.bottom(), (tip, quds_start)
    quds_foot = max(shape.feet, key=lambda foot: foot.x)
    assert quds_foot.line_key == min(shape.feet, key=lambda foot: foot.x).line_key
    # Nothing drawn at the left margin: the arc's lines keep clear of the text's left edge.
    margin = quds_foot.left_edge
    for part in shape.parts:
        assert part.path.boundingRect().left() > margin + 8, part.path.boundingRect()
    # And on screen: no pixel of the arc's colour at the left margin of Force's line.
    image = view.viewport().grab().toImage()
    colour = QColor(line_colour(member_of.colour))
    text_top = force_line.bottom() - view.fontMetrics().height()
    marked = [
        (x, y)
        for x in range(max(0, int(margin) - 2), int(margin) + 6)
        for y in range(max(0, force_line.top()), text_top)
        if _near(QColor(image.pixel(x, y)), colour)
    ]
    assert not marked, marked


def _near(found: QColor, wanted: QColor) -> bool:
    """The arc's colour, or a shade of it drawn over the white page (antialiased)."""
    if found.lightness() > 235:
        return False
    return abs(found.hue() - wanted.hue()) <= 12 and found.saturation() > 60
