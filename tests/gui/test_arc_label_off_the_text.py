"""A span that wraps inside itself ("Qasem / Soleimani." ending its paragraph) has its arc's
type label in the room above a line, never over the text of a line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

from tagdesk.gui.arc_geometry import visible_blocks
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, operations
from tagdesk.store.change_sets import History
from tagdesk.store.editing import document_spans
from tagdesk.store.relation_types import list_relation_types
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory
from tests.gui.relation_helpers import drawn
from tests.helpers import write_jsonl

OPENING = "Haider al-Abadi praised the fighters"
FILLER = " and Baiji"
PERSON = "Qasem Soleimani"


def line_of(window: MainWindow, offset: int) -> int:
    """The number of the view's line (in its paragraph) holding `offset`; -1 not laid out."""
    block = window.view.document().findBlock(offset)
    line = block.layout().lineForTextPosition(offset - block.position())
    return line.lineNumber() if line.isValid() else -1


def glyph_rects(window: MainWindow) -> list[QRectF]:
    """Each visible line's text, from its cursor rectangles: as tall as the font's letters
    (the room above a line is not text), as wide as its words."""
    view = window.view
    metrics = QFontMetricsF(view.font())
    rects = []
    for block, _top in visible_blocks(view):
        layout = block.layout()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            cursor = view.textCursor()
            cursor.setPosition(block.position() + line.textStart())
            left = view.cursorRect(cursor)
            bottom = left.bottom() + 1 - (line.height() - line.ascent() - line.descent())
            glyphs_top = bottom - line.descent() - metrics.ascent()
            rects.append(QRectF(left.left(), glyphs_top, line.naturalTextWidth(), metrics.height()))
    return rects


def test_the_label_of_an_arc_to_a_wrapped_span_is_off_the_text(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    # One more filler each, so that in one of them "Qasem" ends a line and "Soleimani." the
    # paragraph on the next.
    texts = [f"{OPENING}{FILLER * n} with Gen {PERSON}." for n in range(1, 16)]
    rows = []
    for text in texts:
        person = text.index(PERSON)
        rows.append(
            {
                "text": text,
                "spans": [
                    {"start": 0, "end": 15, "label": "PERSON"},
                    {"start": person, "end": person + len(PERSON), "label": "PERSON"},
                ],
            }
        )
    import_paths(store, [write_jsonl(tmp_path / "wrapped.jsonl", rows)], annotator="tester")
    kind = next(k.id for k in list_relation_types(store) if not k.refusal("PERSON", "PERSON"))
    history = History()
    for document_id in range(1, len(texts) + 1):
        head, child = document_spans(store, document_id)
        operations.add_relation(
            store, history, document_id, head.id, child.id, kind, annotator="tester"
        )
    window = make_window(store)
    window.resize(1024, 700)
    found = False
    for document_id in window.document_model.ids:
        window.open_document(document_id)
        drawn(window)  # the relations read after the first paint, and the lines laid out
        text = window.controller.document.text  # type: ignore[union-attr]
        person = text.index(PERSON)
        first, second = line_of(window, person), line_of(window, person + 6)
        if first >= 0 and second == first + 1:
            found = True
            break
    assert found, "no text wrapped Qasem Soleimani"
    assert drawn(window)
    labels = [
        part.label_rect
        for shape in window.view.arcs.arc_shapes()
        for part in shape.parts
        if part.label_rect is not None
    ]
    assert labels
    lines = glyph_rects(window)
    assert len(lines) >= 2
    for label in labels:
        over = [line for line in lines if line.intersects(label)]
        assert not over, (label, over)
