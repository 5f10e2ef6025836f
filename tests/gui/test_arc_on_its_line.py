"""An arc to one word that starts a line and ends its paragraph ("Sunday.") is drawn in the
room above that word's own line, not through the line above it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint

from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, operations
from tagdesk.store.change_sets import History
from tagdesk.store.editing import document_spans
from tagdesk.store.relation_types import list_relation_types
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, click_at
from tests.gui.relation_helpers import drawn
from tests.helpers import write_jsonl

OPENING = "Haider al-Abadi declared the offensive to recapture Tikrit"
FILLER = " and Baiji"


def line_start(window: MainWindow, offset: int) -> int:
    """The offset at which the view's line holding `offset` starts."""
    block = window.view.document().findBlock(offset)
    line = block.layout().lineForTextPosition(offset - block.position())
    if not line.isValid():  # not laid out (yet): no line to ask about
        return -1
    return block.position() + line.textStart()


def test_an_arc_to_a_word_starting_the_last_line_is_drawn_above_that_line(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    # Texts with one more filler each, so that in one of them "Sunday." starts the last line.
    texts = [OPENING + FILLER * n + " on Sunday." for n in range(1, 16)]
    rows = []
    for text in texts:
        sunday = text.index("Sunday")
        rows.append(
            {
                "text": text,
                "spans": [
                    {"start": 7, "end": 15, "label": "PERSON"},
                    {"start": sunday, "end": sunday + 6, "label": "DATE"},
                ],
            }
        )
    import_paths(store, [write_jsonl(tmp_path / "sunday.jsonl", rows)], annotator="tester")
    declared = next(k.id for k in list_relation_types(store) if k.name == "DECLARED")
    history = History()
    for document_id in range(1, len(texts) + 1):
        head, child = document_spans(store, document_id)
        operations.add_relation(
            store, history, document_id, head.id, child.id, declared, annotator="tester"
        )
    window = make_window(store)
    window.resize(1280, 800)
    found = None
    for document_id in window.document_model.ids:
        window.open_document(document_id)
        drawn(window)  # the relations read after the first paint, and the lines laid out
        text = window.controller.document.text  # type: ignore[union-attr]
        sunday = text.index("Sunday")
        if line_start(window, sunday) == sunday and line_start(window, 0) != sunday:
            found = sunday
            break
    assert found is not None, "no text put Sunday at the start of a line"
    assert drawn(window)
    view = window.view
    cursor = view.textCursor()
    cursor.setPosition(found)
    sunday_line = view.cursorRect(cursor)
    cursor.setPosition(found - 2)  # the "on" that ends the line above
    above_line = view.cursorRect(cursor)
    assert above_line.bottom() < sunday_line.top() + 4
    (shape,) = view.arcs.arc_shapes()
    # The arc's last piece enters Sunday's line: its bar lies between the line above and
    # Sunday's text, in the room given to Sunday's own line.
    bars = sorted(part.bar[2] for part in shape.parts)
    assert shape.arrow is not None
    tip_y = shape.arrow[0].y()
    text_top = sunday_line.bottom() - view.fontMetrics().height()
    assert above_line.bottom() <= bars[-1] < text_top, (above_line, bars, sunday_line)
    assert above_line.bottom() <= tip_y <= sunday_line.bottom()
    # And the raised letter is drawn: Sunday's S is where the text shows it.
    assert view.offset_at(QPoint(sunday_line.left() + 3, sunday_line.center().y())) in (
        found,
        found + 1,
    )
    # Chosen, the span is filled and its text drawn in the fill's text colour: the raised
    # letter stays blank for Qt (which would draw it in the tall font) and the view draws
    # it in the chosen span's colour.
    click_at(view, found + 2)
    assert window.controller.selected is not None
    covering = [
        extra
        for extra in view.extraSelections()
        if extra.cursor.selectionStart() <= found < extra.cursor.selectionEnd()
    ]
    assert covering
    assert all(extra.format.foreground().color().alpha() == 0 for extra in covering)
    assert any(
        extra.cursor.selectionStart() == found + 1 and extra.format.fontWeight() >= 700
        for extra in view.extraSelections()
    )
    assert view._raised_looks[found].alpha() == 255
