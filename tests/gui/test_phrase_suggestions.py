"""An accepted text suggested where else it occurs: in the open document at once, in the
others in the background, each undone with Ctrl+Z; what is decided is left alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.gui.document_model import COLUMNS, ID_ROLE
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tagdesk.store.settings import suggests_phrases
from tagdesk.transfer import import_paths
from tests.gui.conftest import WindowFactory, drag_select
from tests.helpers import write_jsonl

CTRL = Qt.KeyboardModifier.ControlModifier
FIRST = "The Quds Force trained them. Later the quds force left, and Quds Force men stayed."
SECOND = "Quds Force units moved. The Quds Force spokesman spoke. Then QUDS FORCE again."
DONE = "The Quds Force in a document read through."


def at(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def span(text: str, word: str, status: str, nth: int = 0, label: str = "ORG") -> dict[str, Any]:
    start, end = at(text, word, nth)
    return {"start": start, "end": end, "label": label, "status": status}


def corpus(store: Store, tmp_path: Path) -> None:
    records = [
        {
            "text": FIRST,
            "spans": [
                span(FIRST, "Quds Force", "suggested"),
                span(FIRST, "Quds Force men", "accepted", label="NORP"),  # held: left alone
            ],
        },
        {
            "text": SECOND,
            "spans": [span(SECOND, "Quds Force", "rejected", nth=1)],  # rejected: left alone
        },
        {"text": DONE, "status": "done", "spans": []},
    ]
    import_paths(store, [write_jsonl(tmp_path / "corpus.jsonl", records)], annotator="tester")
    # "QUDS FORCE" in the second was suggested once and deleted: the log remembers it.
    start, end = at(SECOND, "QUDS FORCE")
    store.execute(
        'INSERT INTO suggestion_log (document_id, "start", "end", label_id, source, created_at) '
        "VALUES (2, ?, ?, (SELECT id FROM label WHERE name = 'ORG'), 'model', '2024-01-01')",
        (start, end),
    )


def phrase_spans(store: Store) -> list[tuple[int, str, str, str]]:
    rows = store.execute(
        'SELECT s.document_id, d.text, s."start", s."end", l.name, s.status FROM span s '
        "JOIN document d ON d.id = s.document_id JOIN label l ON l.id = s.label_id "
        "WHERE s.source = 'phrases' ORDER BY s.document_id, s.\"start\""
    ).fetchall()
    return [(doc, text[start:end], label, status) for doc, text, start, end, label, status in rows]


def status_of_first(store: Store) -> str:
    return store.execute(
        'SELECT status FROM span WHERE document_id = 1 ORDER BY "start"'
    ).fetchone()[0]


def open_count(window: MainWindow, document_id: int) -> int:
    """The Open column of a document's row in the list, as shown."""
    model = window.document_model
    column = [key for key, _ in COLUMNS].index("suggested")
    for row in range(model.rowCount()):
        if model.index(row, 0).data(ID_ROLE) == document_id:
            return int(model.index(row, column).data())
    raise AssertionError(f"document {document_id} is not listed")


def searched(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.controller.phrases.busy(), timeout=60_000)
    qtbot.wait(50)  # the result's queued signal


def accept_first(qtbot, store: Store, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    corpus(store, tmp_path)
    window = make_window(store, phrases=True)
    window.open_document(1)
    window.view.setFocus()
    assert open_count(window, 1) == 1
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.inspector.text.text() == "Quds Force"
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    return window


def test_an_accept_suggests_its_text_here_at_once_and_elsewhere_in_the_background(
    qtbot, store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = accept_first(qtbot, store, make_window, tmp_path)
    # At once, before any background work: the other occurrence here, any case; not under
    # "Quds Force men" (a span holds it).
    assert status_of_first(store) == "accepted"
    assert phrase_spans(store) == [(1, "quds force", "ORG", "suggested")]
    assert window.inspector.text.text() == "quds force"  # Return moved on to it
    assert window.controller.selected is not None
    assert window.controller.selected.source == "phrases"
    assert open_count(window, 1) == 1
    assert "1 more suggestion of “Quds Force” in this document" in (
        window.statusBar().currentMessage()
    )

    qtbot.waitUntil(lambda: len(phrase_spans(store)) == 2, timeout=60_000)
    # The first of the second document only: the rejected one and the logged one are left,
    # and nothing in the done document.
    assert phrase_spans(store) == [
        (1, "quds force", "ORG", "suggested"),
        (2, "Quds Force", "ORG", "suggested"),
    ]
    qtbot.waitUntil(lambda: open_count(window, 2) == 1, timeout=5000)
    assert "1 more suggestion of “Quds Force” in 1 document" in window.statusBar().currentMessage()
    searched(qtbot, window)
    assert len(phrase_spans(store)) == 2

    # Ctrl+Z: the corpus step first, as one; then the accept with what it suggested here.
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert phrase_spans(store) == [(1, "quds force", "ORG", "suggested")]
    assert open_count(window, 2) == 0
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert phrase_spans(store) == []
    assert status_of_first(store) == "suggested"
    assert open_count(window, 1) == 1
    assert all(s.source != "phrases" for s in window.controller.spans)
    logged = store.execute("SELECT count(*) FROM suggestion_log WHERE source = 'phrases'")
    assert logged.fetchone()[0] == 0  # undone with the suggestions: an accept again asks again

    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert len(phrase_spans(store)) == 2
    assert status_of_first(store) == "accepted"
    searched(qtbot, window)


def test_a_search_whose_accept_was_undone_meanwhile_writes_nothing(
    qtbot, store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = accept_first(qtbot, store, make_window, tmp_path)
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert phrase_spans(store) == []
    searched(qtbot, window)
    assert phrase_spans(store) == []
    assert not window.action_set.redo.text().startswith("Redo Suggest")


def test_turned_off_an_accept_suggests_nothing(
    qtbot, store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    corpus(store, tmp_path)
    assert suggests_phrases(store)  # on by default: a new database holds no setting
    window = make_window(store, phrases=True)
    action = window.action_set.phrase_suggestions
    assert action.isChecked()
    file_menu = next(m for m in window.menuBar().actions() if m.text() == "File").menu()
    assert action in file_menu.actions()
    action.trigger()
    assert store.execute(
        "SELECT value FROM setting WHERE key = 'window.phrase_suggestions'"
    ).fetchone() == ("off",)
    window.open_document(1)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert status_of_first(store) == "accepted"
    assert not window.controller.phrases.busy()
    qtbot.wait(300)
    assert phrase_spans(store) == []


def test_a_span_added_by_its_label_key_suggests_its_text(
    qtbot, store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    text = "Tikrit fell. Then tikrit rose, and Tikritis cheered in Tikrit."
    records = [{"text": text, "spans": []}, {"text": "Near Tikrit, calm.", "spans": []}]
    import_paths(store, [write_jsonl(tmp_path / "t.jsonl", records)], annotator="tester")
    window = make_window(store, phrases=True)
    window.open_document(1)
    gpe = next(label for label in window.controller.labels if label.name == "GPE")
    drag_select(window.view, 0, len("Tikrit"))
    QTest.keyClick(window.view, gpe.hotkey)
    # The second and the fourth, not inside "Tikritis".
    assert phrase_spans(store) == [
        (1, "tikrit", "GPE", "suggested"),
        (1, "Tikrit", "GPE", "suggested"),
    ]
    qtbot.waitUntil(lambda: len(phrase_spans(store)) == 3, timeout=60_000)
    searched(qtbot, window)


def test_an_acronym_is_suggested_only_in_the_same_capitals(
    qtbot, store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    text = "The US said so. Tell us more, said the US envoy, and Us too."
    records = [
        {"text": text, "spans": [span(text, "US", "suggested", label="GPE")]},
        {"text": "Us and the US: ask us.", "spans": []},
    ]
    import_paths(store, [write_jsonl(tmp_path / "us.jsonl", records)], annotator="tester")
    window = make_window(store, phrases=True)
    window.open_document(1)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert phrase_spans(store) == [(1, "US", "GPE", "suggested")]
    qtbot.waitUntil(lambda: len(phrase_spans(store)) == 2, timeout=60_000)
    searched(qtbot, window)
    assert phrase_spans(store) == [(1, "US", "GPE", "suggested"), (2, "US", "GPE", "suggested")]


def all_spans(store: Store) -> list[tuple[Any, ...]]:
    """Every span as stored, but its row version (which an undo moves on, never back)."""
    return store.execute(
        'SELECT id, document_id, "start", "end", label_id, status, source, annotator, note, '
        "created_at FROM span ORDER BY id"
    ).fetchall()


def test_a_very_common_text_is_written_near_the_accept_at_once_and_the_rest_after(
    qtbot, store: Store, make_window: WindowFactory, tmp_path: Path
) -> None:
    # 120 short sentences close together, then 200 long ones: far more places than an
    # accept writes at once, and most of them beyond its reach.
    dense = "Iraq talks went on today. " * 120
    filler = "The delegates met again in the old hall and spoke at length of the roads. " * 3
    text = dense + "".join(f"Later, Iraq said so. {filler}" for _ in range(200))
    accepted_at = at(text, "Iraq", 60)
    records = [
        {"text": text, "spans": [span(text, "Iraq", "suggested", nth=60, label="GPE")]},
        {"text": "Near Iraq, calm.", "spans": []},
    ]
    import_paths(store, [write_jsonl(tmp_path / "iraq.jsonl", records)], annotator="tester")
    total_here = text.count("Iraq") - 1  # every other place in the open document
    before = all_spans(store)
    window = make_window(store, phrases=True)
    window.open_document(1)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.controller.selected is not None
    assert (window.controller.selected.start, window.controller.selected.end) == accepted_at
    QTest.keyClick(window.view, Qt.Key.Key_Return)

    # At once: the HERE_AT_ONCE places nearest the accept, on both sides of it.
    from tagdesk.gui.phrase_suggestions import HERE_AT_ONCE

    at_once = store.execute(
        'SELECT "start" FROM span WHERE source = \'phrases\' ORDER BY "start"'
    ).fetchall()
    starts = [row[0] for row in at_once]
    assert len(starts) == HERE_AT_ONCE < total_here
    nearest = sorted(
        (i for i in range(len(text)) if text.startswith("Iraq", i) and i != accepted_at[0]),
        key=lambda i: abs(i - accepted_at[0]),
    )[:HERE_AT_ONCE]
    assert starts == sorted(nearest)
    assert min(starts) < accepted_at[0] < max(starts)
    assert f"{HERE_AT_ONCE} more suggestions of “Iraq” in this document" in (
        window.statusBar().currentMessage()
    )
    after_accept = all_spans(store)

    # In the background: every other place here, and the other document, as one step.
    qtbot.waitUntil(lambda: len(phrase_spans(store)) == total_here + 1, timeout=60_000)
    searched(qtbot, window)
    found = phrase_spans(store)
    assert found.count((1, "Iraq", "GPE", "suggested")) == total_here
    assert found[-1] == (2, "Iraq", "GPE", "suggested")
    shown = [s for s in window.controller.spans if s.source == "phrases"]
    assert len(shown) == total_here  # the open document shows them all
    assert f"{total_here + 1 - HERE_AT_ONCE} more suggestions of “Iraq” in 2 documents" in (
        window.statusBar().currentMessage()
    )

    # Ctrl+Z takes back the background step exactly, then the accept with its nearest.
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert all_spans(store) == after_accept
    assert len([s for s in window.controller.spans if s.source == "phrases"]) == HERE_AT_ONCE
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert all_spans(store) == before
    logged = store.execute("SELECT count(*) FROM suggestion_log WHERE source = 'phrases'")
    assert logged.fetchone()[0] == 0
    assert [(s.start, s.end, s.status) for s in window.controller.spans] == [
        (*accepted_at, "suggested")
    ]
    searched(qtbot, window)
