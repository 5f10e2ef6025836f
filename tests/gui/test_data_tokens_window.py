"""The window snaps to the tokens a file came with, and keeps a span's group through undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.store import Store
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, click_at, drag_select, stored_spans

KEY = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_selection_snaps_to_the_conll_files_tokens_not_spacys(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    source = tmp_path / "in.conll"
    source.write_text(
        "Cricket O\nat O\nChester-le-Street O\non O\n1996-08-30 O\n", encoding="utf-8"
    )
    import_paths(store, [source], annotator="tester")
    window = make_window(store)
    text = window.controller.document.text
    start = text.index("le-Street")
    drag_select(window.view, start, start + 2)  # "le", a token of its own to spaCy
    QTest.keyClick(window.view, KEY.Key_3)
    start = text.index("08")
    drag_select(window.view, start, start + 2)
    QTest.keyClick(window.view, KEY.Key_D)
    assert stored_spans(store) == [
        ("GPE", "Chester-le-Street", "accepted"),
        ("DATE", "1996-08-30", "accepted"),
    ]
    window.view.clear_selection()
    click_at(window.view, text.index("Chester") + 2)
    alt = Qt.KeyboardModifier.AltModifier
    QTest.keyClick(window.view, KEY.Key_Left, alt | Qt.KeyboardModifier.ShiftModifier)
    assert stored_spans(store)[0] == ("GPE", "Chester-le-Street", "accepted")  # no token in it
    QTest.keyClick(window.view, KEY.Key_Left, alt)
    assert stored_spans(store)[0] == ("GPE", "at Chester-le-Street", "accepted")


def test_a_span_deleted_and_put_back_keeps_its_group(
    store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    import spacy
    from spacy.tokens import DocBin, Span

    nlp = spacy.blank("en")
    doc = nlp("Qasem Soleimani visited Tikrit.")
    doc.spans["sc"] = [Span(doc, 3, 4, label="GPE")]
    DocBin(docs=[doc]).to_disk(tmp_path / "in.spacy")
    import_paths(store, [tmp_path / "in.spacy"], annotator="tester")
    window = make_window(store)
    click_at(window.view, window.controller.document.text.index("Tikrit") + 2)
    assert window.controller.selected is not None
    QTest.keyClick(window.view, KEY.Key_Delete)
    assert stored_spans(store) == []
    QTest.keyClick(window.view, KEY.Key_Z, CTRL)
    assert store.execute("SELECT span_group FROM span").fetchall() == [("sc",)]
    click_at(window.view, window.controller.document.text.index("Tikrit") + 2)
    QTest.keyClick(window.view, KEY.Key_4)  # relabelled, still in its group
    assert store.execute("SELECT span_group FROM span").fetchall() == [("sc",)]
    assert stored_spans(store) == [("LOC", "Tikrit", "accepted")]
