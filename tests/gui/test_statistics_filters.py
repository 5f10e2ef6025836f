"""Clicking a day's or an annotator's bar lists what the bar counts, and the filter clears.

The corpus is tests/store/test_statistics.py's planned one (documents done
on planned days, given to planned annotators, spans by planned annotators);
the expected lists are counted from that plan, not read back through the store.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton

from tagdesk.store import Store
from tests.gui.conftest import WindowFactory
from tests.gui.test_statistics_view import click_bar, open_view
from tests.store.test_statistics import build


def chip(window, name: str) -> QToolButton:
    found = window.document_list.findChild(QToolButton, f"clear-{name}")
    assert found is not None
    return found


def test_a_day_bar_lists_that_days_documents_and_its_filter_clears(
    qtbot, store: Store, make_window: WindowFactory
) -> None:
    plan = build(store)
    done_days: dict[int, str] = plan["done_days"]  # type: ignore[assignment]
    window = make_window(store)
    everything = list(window.document_model.ids)
    assert len(everything) == 9
    shown = open_view(qtbot, window)
    canvas = shown.view.canvases["done_per_day"]
    qtbot.waitUntil(lambda: bool(canvas.hits))
    for day in sorted(set(done_days.values())):
        expected = sorted(d for d, done_on in done_days.items() if done_on == day)
        click_bar(qtbot, canvas, canvas.chart.keys.index(day))
        qtbot.waitUntil(lambda expected=expected: window.document_model.ids == expected)
        button = chip(window, "done_on")
        assert button.isVisibleTo(window)
        assert day in button.text()
        assert window.document_list.status_filter.currentData() is None
    QTest.mouseClick(chip(window, "done_on"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document_model.ids == everything)
    assert not window.document_list.chart_filter_row.isVisibleTo(window)
    assert not chip(window, "done_on").isVisibleTo(window)


def test_an_annotator_bar_lists_their_documents(
    qtbot, store: Store, make_window: WindowFactory
) -> None:
    plan = build(store)
    given: dict[str, list[int]] = plan["given"]  # type: ignore[assignment]
    own = {
        name: sorted({d for d, *_, who, _ in plan["manual"] if who == name})  # type: ignore[misc]
        for name in ("ann", "bob")
    }
    window = make_window(store)
    everything = list(window.document_model.ids)
    shown = open_view(qtbot, window)
    documents = shown.view.canvases["annotators"]
    spans = shown.view.canvases["annotator_spans"]
    qtbot.waitUntil(lambda: bool(documents.hits) and bool(spans.hits))
    for name in ("bob", "ann"):
        click_bar(qtbot, documents, documents.chart.categories.index(name))
        qtbot.waitUntil(lambda name=name: window.document_model.ids == sorted(given[name]))
        assert f"Given to {name}" in chip(window, "given_to").text()
    click_bar(qtbot, spans, spans.chart.categories.index("ann"))
    qtbot.waitUntil(lambda: window.document_model.ids == own["ann"])
    assert not chip(window, "given_to").isVisibleTo(window)  # one annotator bar at a time
    QTest.mouseClick(chip(window, "spans_by"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document_model.ids == everything)
