"""Two analysts, each in a window of their own on one database file, on one shared document.

Each one's edits are rows of their own: ana accepting the model's suggestion
does not change what ben sees, ben's window hears of her write (the poll)
and still shows him only his work, and when both mark it done the command
line reports their agreement.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt

from tagdesk.store import open_store
from tagdesk.store.assignments import assignments_of
from tagdesk.store.editing import document_spans
from tests.conftest import tagdesk_command
from tests.gui.team_helpers import NamedWindow, named_window, team_corpus

__all__ = ["named_window"]


def test_two_windows_keep_each_analysts_own_rows_and_agreement_follows(
    qtbot, db_path: Path, named_window: NamedWindow
) -> None:
    with open_store(db_path) as setup:
        team_corpus(setup)
    with open_store(db_path) as ana_store, open_store(db_path) as ben_store:
        ana = named_window(ana_store, "ana")
        ben = named_window(ben_store, "ben")
        for window in (ana, ben):
            window.open_document(1)
        monday = next(s for s in ana.controller.spans if s.start == 53)
        ana.controller.select_span(monday.id)
        ana.activateWindow()
        qtbot.waitUntil(ana.isActiveWindow)
        ana.view.setFocus()
        qtbot.keyClick(ana.view, Qt.Key.Key_Return)  # ana accepts the suggestion
        ben.outside.look()  # what ben's window does every two seconds: it sees ana's commit
        assert [(s.id, s.status) for s in ben.controller.spans if s.start == 53] == [
            (monday.id, "suggested")  # still the suggestion for ben
        ]
        tikrit = next(s for s in ben.controller.spans if s.start == 24)
        ben.controller.select_span(tikrit.id)
        ben.activateWindow()
        qtbot.waitUntil(ben.isActiveWindow)
        ben.view.setFocus()
        qtbot.keyClick(ben.view, Qt.Key.Key_3)  # ben makes his Tikrit a GPE, as ana's is
        for window in (ana, ben):
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
            window.view.setFocus()
            qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with open_store(db_path) as store:
        rows = sorted((s.annotator, s.start, s.label_id, s.status, s.derived_from)
                      for s in document_spans(store, 1))  # fmt: skip
        assert assignments_of(store, 1) == {"ana": "done", "ben": "done"}
    assert rows == [
        ("", 53, 12, "suggested", None),
        ("ana", 0, 1, "accepted", None),
        ("ana", 24, 3, "accepted", None),
        ("ana", 36, 1, "accepted", None),
        ("ana", 53, 12, "accepted", monday.id),
        ("ben", 0, 1, "accepted", None),
        ("ben", 24, 3, "accepted", None),
        ("ben", 36, 1, "accepted", None),
    ]
    done = subprocess.run(
        [*tagdesk_command(), "agreement", "--db", str(db_path), "--json"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    (pair,) = json.loads(done.stdout)["pairs"]
    assert pair["annotators"] == ["ana", "ben"]
    assert pair["documents"] == 1
    assert pair["by_label"]["GPE"]["span_f1"] == 1.0  # Tikrit: they agree now
    assert pair["by_label"]["DATE"]["span_f1"] == 0.0  # Monday: ana's alone
