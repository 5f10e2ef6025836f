"""Selecting through the real widget stores exactly the entity, whatever precedes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.store import Store
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, drag_select, stored_spans

CASES = [
    ("emoji", "Crowds 😀😀 cheered Soleimani in Tikrit.", "Soleimani"),
    ("zwj", "Family 👩‍👩‍👧‍👦 emoji then Haider al-Abadi spoke.", "Haider al-Abadi"),
    ("cjk-ext-b", "𠀀𠀁 characters before Baghdad here.", "Baghdad"),
    ("crlf", "First line\r\nSecond line\r\nThird line names Mosul today\r\n", "Mosul"),
    ("rtl", "قال قاسم سليماني إن بغداد آمنة", "سليماني"),
    ("nbsp", "Gen\u00a0Qasem\u00a0Soleimani led\u00a0Quds\u00a0Force.", "Quds\u00a0Force"),
    ("line-separator", "Ahead of\u2028the Kurdish advance near Amerli.", "Amerli"),
]


@pytest.mark.parametrize(("name", "text", "entity"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("exact", [False, True], ids=["snapped", "alt-exact"])
def test_selected_entity_is_stored_with_its_exact_text(
    store: Store,
    make_window: WindowFactory,
    tmp_path: Path,
    name: str,
    text: str,
    entity: str,
    exact: bool,
) -> None:
    source = tmp_path / f"{name}.jsonl"
    source.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    import_paths(store, [source], annotator="tester")
    window = make_window(store)
    stored_text = window.controller.document.text
    assert "\r" not in stored_text
    start = stored_text.index(entity)
    modifier = Qt.KeyboardModifier.AltModifier if exact else Qt.KeyboardModifier.NoModifier
    drag_select(window.view, start, start + len(entity), modifier)
    assert window.view.selection_range() == (start, start + len(entity))
    QTest.keyClick(window.view, Qt.Key.Key_1, modifier)
    assert stored_spans(store) == [("PERSON", entity, "accepted")]
    # the highlight sits on the entity: the format at its first Qt position is filled
    block = window.view.document().findBlock(window.view.offsets.to_qt(start))
    formats = block.layout().formats()
    qt_start = window.view.offsets.to_qt(start) - block.position()
    assert any(
        r.start == qt_start and r.format.background().style() != Qt.BrushStyle.NoBrush
        for r in formats
    )


# Astral characters (emoji, CJK Ext-B, math letters), combining marks, ZWJ, RTL,
# NBSP, line and paragraph separators, and every kind of line break.
PIECES = st.sampled_from(
    [
        "a", "Z", " ", "😀", "👩\u200d👩\u200d👧", "𠀀", "𝐀", "e\u0301", "\u0301", "\u200d",
        "قاسم", "\u202e", "\u00a0", "\u2028", "\u2029", "\n", "\r\n", "\r", "\t", "<b>",
    ]
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(PIECES, min_size=1, max_size=30), data=st.data())
def test_python_offsets_and_widget_positions_agree_on_random_text(
    qapp, pieces: list[str], data: st.DataObject
) -> None:
    from tagdesk.core.span_index import SpanIndex
    from tagdesk.gui.annotation_view import AnnotationView

    text = "".join(pieces)
    view = AnnotationView()
    try:
        view.show_document(text, SpanIndex(), {})
        assert view.offsets.qt_length == view.document().characterCount() - 1
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        view.select_range(start, end)
        cursor = view.textCursor()
        assert (cursor.selectionStart(), cursor.selectionEnd()) == (
            view.offsets.to_qt(start),
            view.offsets.to_qt(end),
        )
        assert view.selection_range() == ((start, end) if end > start else None)
        expected = text[start:end].translate(SEPARATORS)
        assert cursor.selectedText() == expected
    finally:
        view.deleteLater()


SEPARATORS = str.maketrans({"\n": "\u2029", "\r": "\u2029"})  # Qt's selectedText block ends
