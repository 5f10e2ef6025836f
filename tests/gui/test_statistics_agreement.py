"""Agreement per annotator pair in the statistics view: the figures `tagdesk agreement --json`
prints, per label too, and a cell's click lists where the pair differ most."""

from __future__ import annotations

import json
import subprocess

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea

from tagdesk.store import Store
from tests.conftest import tagdesk_command
from tests.gui.conftest import WindowFactory
from tests.gui.test_statistics_view import open_view
from tests.team_corpus import TEXTS, build_team, expected_ranking


def command_figures(store: Store) -> dict[tuple[str, str], dict[str, object]]:
    result = subprocess.run(
        [*tagdesk_command(), "agreement", "--db", store.target, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return {tuple(pair["annotators"]): pair for pair in json.loads(result.stdout)["pairs"]}


def test_the_matrix_shows_the_commands_figures_and_a_cell_lists_where_they_differ(
    qtbot, store: Store, make_window: WindowFactory
) -> None:
    ids = build_team(store)
    expected = command_figures(store)
    assert len(expected) == 3
    window = make_window(store)
    shown = open_view(qtbot, window)
    panel = shown.view.agreement
    assert panel.isVisibleTo(shown)
    canvas = panel.canvas
    scroll = shown.view.findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and canvas.height() >= canvas.minimumHeight())
    scroll.ensureWidgetVisible(canvas)  # scroll down to it, as a person would
    qtbot.waitUntil(lambda: len(canvas.cells) == 6)  # three pairs, both halves
    figures = canvas.figures
    assert figures is not None
    assert figures.annotators == ("ana", "ben", "cy")
    for pair, pair_figures in expected.items():
        assert round(figures.span_f1(pair, None), 4) == pair_figures["span_f1"]
    # ana 9 marks, ben 8, six the same (Omar; Hadi, Sara, Mosul; Karim, Erbil): 2*6/17.
    assert expected[("ana", "ben")]["span_f1"] == 0.7059

    # Per label: choose GPE with the keyboard, as a person would.
    combo = panel.label_filter
    combo.setFocus()
    while combo.currentText() != "GPE":
        before = combo.currentIndex()
        QTest.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before
    assert canvas.label == "GPE"
    for pair, pair_figures in expected.items():
        by_label = pair_figures["by_label"]
        assert isinstance(by_label, dict)
        assert round(figures.span_f1(pair, "GPE"), 4) == by_label["GPE"]["span_f1"]

    rect = next(rect for pair, rect in canvas.cells if pair == ("ana", "ben"))
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    listed = panel.documents

    def listed_ids() -> list[int]:
        return [listed.item(r).data(Qt.ItemDataRole.UserRole) for r in range(listed.count())]

    qtbot.waitUntil(lambda: listed_ids() == [ids[n] for n in expected_ranking("ana", "ben", "GPE")])
    assert "ana and ben" in panel.heading.text()
    combo.setCurrentIndex(combo.findData(None))  # back to all labels: the list follows
    assert listed_ids() == [ids[n] for n in expected_ranking("ana", "ben")]
    first = listed.item(0)
    assert first.text() == "4 spans differ, span F1 0.33 — text 0"

    item_rect = listed.visualItemRect(first)
    QTest.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=item_rect.center())
    qtbot.waitUntil(
        lambda: window.controller.document is not None and window.controller.document.id == ids[0]
    )
    assert window.controller.document.text == TEXTS[0]


def test_one_annotator_shows_no_agreement(qtbot, seeded: Store, make_window: WindowFactory) -> None:
    window = make_window(seeded)
    shown = open_view(qtbot, window)
    assert not shown.view.agreement.isVisibleTo(shown)
