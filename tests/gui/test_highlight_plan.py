"""The colours planned once per document are the ones each block gets from the span index.

Opening a document colours the blocks in sight from the index, and each
other block from the index when it comes into sight; colouring the whole
document again plans every block's formats in one pass over its spans; an
edit re-colours its blocks from the index. All must put the same formats in
the same layouts, for any text Qt splits into blocks and any spans, nested,
crossing line breaks, rejected or not.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from tagdesk.core.records import LabelRecord, SpanRecord, span_records
from tagdesk.core.span_index import SpanIndex
from tagdesk.gui.annotation_view import AnnotationView

LABELS = {
    1: LabelRecord(1, "PERSON", "#feca74", "1"),
    2: LabelRecord(2, "ORG", "#7aecec", "2"),
    3: LabelRecord(3, "GPE", "#bfeeb7", "3"),
}
PIECES = ["Baghdad ", "Soleimani", " ", "\n", "\n\n", "😀", "\u2028", "\u2029", "\r\n", "é", "x"]
Layout = list[list[tuple[int, int, QTextCharFormat]]]


def layouts(view: AnnotationView) -> Layout:
    """The formats the highlighter left in each block's layout."""
    found = []
    block = view.document().begin()
    while block.isValid():
        found.append(
            [(r.start, r.length, QTextCharFormat(r.format)) for r in block.layout().formats()]
        )
        block = block.next()
    return found


def from_index(view: AnnotationView, text: str) -> Layout:
    """Every block coloured again from the span index, as an edit colours its blocks."""
    view.highlighter.rehighlight_ranges([(0, len(text))])
    return layouts(view)


NO_META = (None, 1, None, None)  # score, version, entity, derived from


def spans_over(text: str, bounds: list[tuple[int, int, int, str]]) -> SpanIndex:
    rows = []
    for number, (start, end, label, status) in enumerate(bounds, start=1):
        start, end = sorted((start % (len(text) + 1), end % (len(text) + 1)))
        if end > start:
            rows.append(
                # id, document, start, end, label, status, source, note, annotator, tags,
                # created, group, score, version, entity, derived from
                (number, 1, start, end, label, status, "manual", "", "t", (), "", "", *NO_META)
            )
    return SpanIndex(span_records(rows))


def coloured(view: AnnotationView, offset: int) -> bool:
    position = view.offsets.to_qt(offset)
    block = view.document().findBlock(position)
    inside = position - block.position()
    return any(
        r.start <= inside < r.start + r.length
        and (r.format.background().style() != 0 or r.format.fontUnderline())
        for r in block.layout().formats()
    )


def test_a_long_document_is_coloured_as_it_comes_into_sight(qtbot) -> None:
    text = "\n".join(f"Line {n} names Baghdad and Soleimani." for n in range(4000))
    bounds = []
    starts = [m.start() for m in re.finditer("Baghdad", text)]
    for n, start in enumerate(starts):
        bounds.append((start, start + 7, 1 + n % 3, "accepted" if n % 2 else "suggested"))
    index = spans_over(text, bounds)
    view = AnnotationView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    view.show_document(text, index, LABELS)
    spans = list(index)
    assert coloured(view, spans[0].start)
    assert coloured(view, spans[0].end - 1)
    assert not coloured(view, spans[-1].start)  # far out of sight: not laid out twice
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: coloured(view, spans[-1].start))  # painted: in sight
    assert coloured(view, spans[-1].end - 1)
    assert not coloured(view, spans[len(spans) // 2].start)
    shown = layouts(view)
    assert all(shown[n] for n in range(view.firstVisibleBlock().blockNumber(), len(shown)))
    everything = from_index(view, text)  # each block as an edit colours it
    assert [mine for mine, full in zip(shown, everything, strict=True) if mine] == [
        full for mine, full in zip(shown, everything, strict=True) if mine
    ]
    assert sum(1 for mine in shown if mine) > 20


def test_plan_colours_every_span_of_a_long_document(qtbot) -> None:
    text = "\n".join(f"Line {n} names Baghdad and Soleimani." for n in range(400))
    bounds = []
    for n in range(400):
        start = text.index("Baghdad", n * 36)
        bounds.append((start, start + 7, 1 + n % 3, "accepted" if n % 2 else "suggested"))
    index = spans_over(text, bounds)
    view = AnnotationView()
    qtbot.addWidget(view)
    view.show_document(text, index, LABELS)
    view.highlighter.rehighlight()  # the whole document, planned in one pass
    planned = layouts(view)
    assert all(coloured(view, span.start) and coloured(view, span.end - 1) for span in index)
    assert planned == from_index(view, text)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=30),
    bounds=st.lists(
        st.tuples(
            st.integers(0, 400),
            st.integers(0, 400),
            st.integers(1, 3),
            st.sampled_from(["accepted", "suggested", "rejected"]),
        ),
        max_size=12,
    ),
    show_rejected=st.booleans(),
    tags_shown=st.booleans(),
)
def test_plan_equals_colouring_from_the_index(
    qtbot, pieces: list[str], bounds, show_rejected: bool, tags_shown: bool
) -> None:
    text = "".join(pieces)
    index = spans_over(text, bounds)
    view = AnnotationView()
    qtbot.addWidget(view)
    view.tags.visible = tags_shown
    view.highlighter.show_rejected = show_rejected
    view.show_document(text, index, LABELS)
    stored = text.replace("\r", "\n")
    inserted = layouts(view)  # a short text: every block in sight as it is inserted
    view.highlighter.rehighlight()
    planned = layouts(view)
    assert inserted == planned
    assert planned == from_index(view, stored)
    for span in index:
        if span.status != "rejected" or show_rejected:
            assert coloured(view, span.start) or stored[span.start] in "\n\u2029"


@pytest.mark.parametrize("shown", [True, False])
def test_showing_rejected_spans_plans_again(qtbot, shown: bool) -> None:
    text = "Kirkuk fell.\nMosul held."
    index = SpanIndex(
        [SpanRecord(1, 1, 0, 6, 1, "rejected"), SpanRecord(2, 1, 13, 18, 2, "accepted")]
    )
    view = AnnotationView()
    qtbot.addWidget(view)
    view.show_document(text, index, LABELS)
    assert not coloured(view, 0)
    assert coloured(view, 13)
    view.highlighter.show_rejected = shown
    view.highlighter.rehighlight()
    assert coloured(view, 0) is shown
    assert layouts(view) == from_index(view, text)


def test_span_records_equal_the_records_built_one_by_one() -> None:
    row = (
        7,
        2,
        3,
        9,
        1,
        "accepted",
        "manual",
        "a note",
        "ana",
        ("checked",),
        "2024-01-01",
        "g",
        0.5,
        3,
        4,
        5,
    )
    (fast,) = span_records([row])
    assert fast == SpanRecord(*row)
    assert hash(fast) == hash(SpanRecord(*row))
    with pytest.raises(AttributeError):
        fast.start = 4  # type: ignore[misc]
    with pytest.raises(ValueError, match="zip"):
        span_records([row[:-1]])


def test_many_spans_changed_at_once_colour_the_document_as_few_do(qtbot) -> None:
    """Past REPLAN_AT changed ranges the document is planned again as a whole: a corpus
    step's thousands of suggestions leave the same formats as edits one by one would."""
    from tagdesk.gui.highlighter import REPLAN_AT

    text = "\n".join(f"Line {n} names Baghdad and Soleimani." for n in range(REPLAN_AT + 50))
    starts = [m for m in range(len(text)) if text.startswith("Baghdad", m)]
    index = spans_over(text, [(starts[0], starts[0] + 7, 1, "accepted")])
    view = AnnotationView()
    qtbot.addWidget(view)
    view.show_document(text, index, LABELS)
    added = [
        SpanRecord(n + 2, 1, start, start + 7, 1 + n % 3, "suggested")
        for n, start in enumerate(starts[1:])
    ]
    for record in added:
        index.put(record)
    changed = [(r.start, r.end) for r in added]
    assert len(changed) > REPLAN_AT
    view.spans_changed(changed)
    assert all(coloured(view, span.start) and coloured(view, span.end - 1) for span in index)
    assert layouts(view) == from_index(view, text)
    few = added[:3]
    for record in few:
        index.remove(record.id)
    view.spans_changed([(r.start, r.end) for r in few])  # a few: block by block, as before
    assert not any(coloured(view, r.start) for r in few)
    assert layouts(view) == from_index(view, text)
