"""A reviewer makes gold through the review panel's keys, every step undone by Ctrl+Z, and
`tagdesk export` writes that gold.

ana and ben agree on Soleimani and disagree on Tikrit (GPE or ORG) and on
how long Hadi's name is; the suggestion of Monday is nobody's version.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tagdesk.core.team import GOLD
from tagdesk.store import Store
from tagdesk.store.editing import document_spans
from tests.conftest import tagdesk_command
from tests.gui.team_helpers import GPE, ORG, PERSON, NamedWindow, named_window, team_corpus

__all__ = ["named_window"]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def gold(store: Store) -> list[tuple[int, int, int]]:
    return sorted(
        (s.start, s.end, s.label_id)
        for s in document_spans(store, 1)
        if s.annotator == GOLD and s.status == "accepted"
    )


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def current_row(panel) -> list[str]:
    item = panel.tree.currentItem()
    return [item.text(column) for column in range(panel.tree.columnCount())]


def test_a_reviewer_decides_each_disagreement_with_one_key_and_undoes_each(
    qtbot, store: Store, named_window: NamedWindow
) -> None:
    team_corpus(store)
    window = named_window(store, "rev")
    assert window.document_list.model.ids == [1, 2]  # given none: every document is listed
    assert window.document_list.scope_filter.currentText() == "Everyone's"
    window.open_document(1)
    press(qtbot, window.view, Qt.Key.Key_V, CTRL | SHIFT)
    panel = window.team.review
    assert window.team.dock.isVisible()
    assert panel.names() == ["ana", "ben"]
    assert "1 span all agree · 2 disagreements, 2 not decided" in panel.summary.text()
    assert window.controller.spans == [s for s in window.controller.spans if not s.annotator]
    tree = panel.tree
    assert current_row(panel)[:3] == ["ana", "GPE", "Tikrit"]  # the first disagreement
    assert [tree.topLevelItem(row).text(3) for row in range(3)] == [
        "0 of 1", "not decided", "not decided",
    ]  # fmt: skip
    press(qtbot, tree, Qt.Key.Key_Home)
    assert current_row(panel)[0] == "All agree"
    press(qtbot, tree, Qt.Key.Key_Return)  # every agreed span
    assert gold(store) == [(0, 15, PERSON)]
    press(qtbot, tree, Qt.Key.Key_N)
    assert current_row(panel)[:2] == ["ana", "GPE"]
    press(qtbot, tree, Qt.Key.Key_Down)
    assert current_row(panel)[:2] == ["ben", "ORG"]
    press(qtbot, tree, Qt.Key.Key_Return)  # ben's Tikrit; on to Hadi, still on ben
    assert gold(store) == [(0, 15, PERSON), (24, 30, ORG)]
    assert current_row(panel)[:3] == ["ben", "PERSON", "Hadi"]
    press(qtbot, tree, Qt.Key.Key_Up)
    assert current_row(panel)[:3] == ["ana", "PERSON", "Hadi al-Amiri"]
    press(qtbot, tree, Qt.Key.Key_Return)
    assert gold(store) == [(0, 15, PERSON), (24, 30, ORG), (36, 49, PERSON)]
    assert "0 not decided" in panel.summary.text()
    assert [tree.topLevelItem(row).text(3) for row in range(3)] == ["1 of 1", "ben", "ana"]
    shown = sorted((s.start, s.end, s.label_id) for s in window.controller.spans
                   if s.status == "accepted")  # fmt: skip
    assert shown == gold(store)  # the text shows gold meanwhile
    press(qtbot, tree, Qt.Key.Key_Z, CTRL)
    assert gold(store) == [(0, 15, PERSON), (24, 30, ORG)]
    assert "1 not decided" in panel.summary.text()
    press(qtbot, tree, Qt.Key.Key_2)  # ben's whole version
    assert gold(store) == [(0, 15, PERSON), (24, 30, ORG), (36, 40, PERSON)]
    press(qtbot, tree, Qt.Key.Key_1)  # then ana's
    assert gold(store) == [(0, 15, PERSON), (24, 30, GPE), (36, 49, PERSON)]
    press(qtbot, tree, Qt.Key.Key_Z, CTRL)
    assert gold(store) == [(0, 15, PERSON), (24, 30, ORG), (36, 40, PERSON)]
    press(qtbot, tree, Qt.Key.Key_Z, CTRL)
    press(qtbot, tree, Qt.Key.Key_Z, CTRL)
    assert gold(store) == [(0, 15, PERSON)]
    press(qtbot, tree, Qt.Key.Key_Z, CTRL | SHIFT)
    assert gold(store) == [(0, 15, PERSON), (24, 30, ORG)]
    theirs = sorted((s.annotator, s.start, s.end, s.label_id, s.status)
                    for s in document_spans(store, 1) if s.annotator in ("ana", "ben"))  # fmt: skip
    assert len(theirs) == 6
    assert all(status == "accepted" for *_, status in theirs)  # nobody's work was changed


def test_skip_and_next_move_without_deciding(
    qtbot, store: Store, named_window: NamedWindow
) -> None:
    team_corpus(store)
    window = named_window(store, "rev")
    window.open_document(1)
    window.team.review_action.trigger()
    panel = window.team.review
    press(qtbot, panel.tree, Qt.Key.Key_Space)
    assert current_row(panel)[:3] == ["ana", "PERSON", "Hadi al-Amiri"]
    press(qtbot, panel.tree, Qt.Key.Key_Space)
    assert "No more disagreements" in window.statusBar().currentMessage()
    press(qtbot, panel.tree, Qt.Key.Key_P)
    assert current_row(panel)[:3] == ["ana", "GPE", "Tikrit"]
    assert gold(store) == []
    press(qtbot, panel.tree, Qt.Key.Key_Return)  # ana's Tikrit, then ben's, then ana's again
    press(qtbot, panel.tree, Qt.Key.Key_P)
    press(qtbot, panel.tree, Qt.Key.Key_Down)
    press(qtbot, panel.tree, Qt.Key.Key_Return)
    assert gold(store) == [(24, 30, ORG)]
    press(qtbot, panel.tree, Qt.Key.Key_P)
    assert current_row(panel)[:2] == ["ben", "ORG"]
    press(qtbot, panel.tree, Qt.Key.Key_Up)
    press(qtbot, panel.tree, Qt.Key.Key_Return)
    assert gold(store) == [(24, 30, GPE)]
    rows = [(s.label_id, s.status) for s in document_spans(store, 1) if s.annotator == GOLD]
    assert sorted(rows) == [(ORG, "rejected"), (GPE, "accepted")]  # ana's taken back, not again
    for _ in range(3):
        press(qtbot, panel.tree, Qt.Key.Key_Z, CTRL)
    assert [s for s in document_spans(store, 1) if s.annotator == GOLD] == []
    box = panel.chosen["ben"]
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    assert "Choose two or more" in panel.summary.text()


def test_gold_made_in_the_review_is_what_tagdesk_export_writes(
    qtbot, db_path: Path, store: Store, named_window: NamedWindow, tmp_path: Path
) -> None:
    team_corpus(store)
    window = named_window(store, "rev")
    window.open_document(1)
    window.team.review_action.trigger()
    panel = window.team.review
    press(qtbot, panel.tree, Qt.Key.Key_2)  # ben's version, then ana's Tikrit
    press(qtbot, panel.tree, Qt.Key.Key_Home)
    press(qtbot, panel.tree, Qt.Key.Key_N)
    press(qtbot, panel.tree, Qt.Key.Key_Return)
    monday = next(s for s in window.controller.spans if s.start == 53)
    window.controller.select_span(monday.id)  # and, as usual, accept the suggestion of Monday
    press(qtbot, window.view, Qt.Key.Key_Return)
    press(qtbot, window.view, Qt.Key.Key_V, CTRL | SHIFT)  # the review closes
    assert not window.team.dock.isVisible()
    assert [s.annotator for s in window.controller.spans if s.start == 53] == [""]
    out = tmp_path / "gold.jsonl"
    done = subprocess.run(
        [*tagdesk_command(), "export", str(out), "--db", str(db_path), "--status", "all"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert [
        (first["text"][s["start"] : s["end"]], s["label"], s["annotator"]) for s in first["spans"]
    ] == [
        ("Qasem Soleimani", "PERSON", GOLD),
        ("Tikrit", "GPE", GOLD),
        ("Hadi", "PERSON", GOLD),
        ("Monday", "DATE", GOLD),
    ]
    assert [s["annotator"] for s in second["spans"]] == ["ana"]  # no gold there: as before


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1280, 800), (1920, 1080)])
def test_the_review_fits_the_window_with_rows_to_read(
    qtbot, store: Store, named_window: NamedWindow, width: int, height: int
) -> None:
    team_corpus(store)
    window = named_window(store, "rev")
    window.resize(width, height)
    window.open_document(1)
    window.team.review_action.trigger()
    qtbot.waitUntil(lambda: window.team.dock.isVisible())
    assert window.minimumSizeHint().height() <= 700
    assert window.size().height() == height  # the review does not push the window past it
    tree = window.team.review.tree
    corner = tree.mapTo(window, tree.rect().bottomRight())
    assert window.rect().contains(corner)
    row = tree.visualItemRect(tree.topLevelItem(0)).height()
    assert tree.viewport().height() >= 4 * row  # a disagreement and each annotator's say
