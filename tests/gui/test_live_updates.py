"""Colleagues' changes appear in an open window without a restart, on both engines.

A colleague is another process with a Store of its own (`tagdesk` code in
a subprocess, as a colleague's window writes): it adds a span to the
document the window shows and marks another document done. The window
shows the span in the text and the status in the list within seconds,
keeps the analyst's selection, scroll and text cursor, and refreshes only
once for its own edits. On a server the window listens for the server's
notices; on SQLite it looks every couple of seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tagdesk.core.changes import ChangeReport
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store, open_store
from tests.gui.conftest import drag_select

COLLEAGUE = """
import os, sys
from dataclasses import replace
from tagdesk.store import open_store
from tagdesk.store.editing import apply_document_state, create_span, document_state

document, start, end, label, other = map(int, sys.argv[1:6])
with open_store(os.environ["TAGDESK_DB"]) as store:
    create_span(store, document, start, end, label, annotator="colleague")
    state = document_state(store, other)
    apply_document_state(store, replace(state, status="done"), replacing=state)
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Store]:
    target = str(db_path) if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with open_store(target) as opened:
        yield opened


def colleague_writes(store: Store, document: int, start: int, end: int, other: int) -> None:
    """A span on `document` and `other` marked done, from a process of their own."""
    label = store.execute("SELECT MIN(id) FROM label").fetchone()[0]
    environment = {**os.environ, "TAGDESK_DB": store.target}
    environment.pop("TAGDESK_ORIGIN", None)
    result = subprocess.run(
        [sys.executable, "-c", COLLEAGUE, *map(str, (document, start, end, label, other))],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def highlighted(window: MainWindow, offset: int) -> bool:
    """The text shows a span's colour at this character."""
    view = window.view
    position = view.offsets.to_qt(offset)
    block = view.document().findBlock(position)
    return any(
        r.start <= position - block.position() < r.start + r.length
        and r.format.background().style() != Qt.BrushStyle.NoBrush
        for r in block.layout().formats()
    )


def status_shown(window: MainWindow, document_id: int) -> str:
    model = window.document_model
    row = model.row_of(document_id)
    assert row is not None
    return str(model.index(row, 1).data())


def reports_of(window: MainWindow) -> list[ChangeReport]:
    found: list[ChangeReport] = []
    window.controller.changed.connect(found.append)
    return found


def test_a_colleagues_span_and_status_appear_and_the_analysts_place_is_kept(
    window: MainWindow, qtbot
) -> None:
    c = window.controller
    opened = c.document.id
    other = window.document_model.ids[1]
    text = c.document.text
    mine = text.index("Quds Force")
    drag_select(window.view, mine, mine + len("Quds Force"))
    QTest.keyClick(window.view, Qt.Key.Key_O)
    selected = c.selected
    assert selected is not None
    # the analyst scrolls away from the selected span and puts the cursor on a word
    bar = window.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    assert scrolled > 0
    theirs = text.index("Soleimani")
    reports = reports_of(window)
    colleague_writes(window.store, opened, theirs, theirs + len("Soleimani"), other)
    qtbot.waitUntil(
        lambda: (theirs, theirs + len("Soleimani")) in [(s.start, s.end) for s in c.spans],
        timeout=20000,
    )
    qtbot.waitUntil(lambda: status_shown(window, other) == "Done", timeout=20000)
    assert highlighted(window, theirs)
    assert highlighted(window, mine)
    assert c.selected == selected
    assert window.inspector.isEnabled()
    assert bar.value() == scrolled
    assert window.progress_label.text() == "1 of 5 documents done"
    assert not any(report.outside for report in reports)  # named, not everything read again
    assert opened in set().union(*(report.documents for report in reports))


def test_the_windows_own_edit_refreshes_once(window: MainWindow, qtbot) -> None:
    """Its own write comes back through its report only, not again as someone else's."""
    c = window.controller
    reports = reports_of(window)
    text = c.document.text
    start = text.index("Quds Force")
    drag_select(window.view, start, start + len("Quds Force"))
    QTest.keyClick(window.view, Qt.Key.Key_O)
    assert len(reports) == 1
    c.set_document_status("done")
    assert len(reports) == 2
    deadline = time.monotonic() + 5  # past two looks on SQLite, and any notice on the server
    while time.monotonic() < deadline:
        qtbot.wait(100)
    assert len(reports) == 2, reports


def test_a_colleagues_write_to_another_document_leaves_the_open_one_alone(
    window: MainWindow, qtbot
) -> None:
    c = window.controller
    ids = window.document_model.ids
    spans_changed: list[object] = []
    c.spans_changed.connect(spans_changed.append)
    before = window.view.textCursor().position()
    other_text = window.store.execute(
        "SELECT text FROM document WHERE id = ?", (ids[2],)
    ).fetchone()[0]
    colleague_writes(window.store, ids[2], 0, len(other_text.split()[0]), ids[3])
    qtbot.waitUntil(lambda: status_shown(window, ids[3]) == "Done", timeout=20000)
    qtbot.waitUntil(lambda: window.document_model.index(2, 2).data() == 1, timeout=20000)
    assert spans_changed == []
    assert c.spans == []
    assert window.view.textCursor().position() == before
