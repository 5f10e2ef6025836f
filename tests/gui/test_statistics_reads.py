"""The statistics view and its entity network read in a worker thread, and only as often as
they must.

The store's own statistics functions run; the test wraps them only to see
on which thread they run and to hold a read while the analyst works on.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

import tagdesk.store.agreement_data as store_agreement
import tagdesk.store.entity_network as store_network
import tagdesk.store.labels as store_labels
import tagdesk.store.reading as store_reading
import tagdesk.store.statistics as store_statistics
from tagdesk.gui.main_window import MainWindow
from tagdesk.store import Store
from tests.gui.conftest import WindowFactory
from tests.gui.test_statistics_view import suggest
from tests.store.test_entity_network import build as build_network
from tests.store.test_entity_network import expected as expected_network

CTRL = Qt.KeyboardModifier.ControlModifier


class Reads:
    """Each call of the store's statistics functions: the thread it ran on; a gate holds them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.threads: list[tuple[str, int]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.reads = 0
        for module, name in (
            (store_statistics, "statistics"),
            (store_statistics, "document_strips"),
            (store_agreement, "spans_by_pair"),
        ):
            monkeypatch.setattr(module, name, self._wrap(name, getattr(module, name)))

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            self.threads.append((name, threading.get_ident()))
            if name == "statistics":
                self.reads += 1
                assert self.gate.wait(30)
            return real(*args, **kwargs)

        return call


def open_statistics(qtbot, window: MainWindow):
    from tagdesk.gui.statistics_view import StatisticsWindow

    QTest.keyClick(window, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    shown = window.findChild(StatisticsWindow)
    assert shown is not None
    return shown


def done_count(store: Store) -> int:
    return int(
        store.execute("SELECT COUNT(*) FROM \"document\" WHERE status = 'done'").fetchone()[0]
    )


def test_the_figures_are_read_in_a_worker_and_come_back_by_signal(
    qtbot, seeded: Store, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    suggest(seeded)  # every Iran and Soleimani suggested
    reads = Reads(monkeypatch)
    reads.gate.clear()  # hold the first read until the test listens for its signal
    window = make_window(seeded)
    shown = open_statistics(qtbot, window)
    qtbot.waitUntil(lambda: reads.reads == 1)
    assert shown.view.figures is None
    assert shown.view.updating.isVisibleTo(shown)  # a quiet "updating" meanwhile
    with qtbot.waitSignal(shown.view.figures_shown, timeout=30_000):
        reads.gate.set()
    gui = threading.get_ident()
    assert {name for name, _ in reads.threads} == {
        "statistics",
        "document_strips",
        "spans_by_pair",
    }
    assert all(thread != gui for _, thread in reads.threads)
    figures = shown.view.figures
    assert figures is not None
    assert sum(figures.done_per_day.values()) == done_count(seeded)
    spans = seeded.execute("SELECT COUNT(*) FROM span").fetchone()[0]
    assert sum(sum(row.values()) for row in figures.labels.values()) == spans > 0
    assert not shown.view.updating.isVisibleTo(shown)


def test_changes_during_a_read_make_one_more_read_with_the_newest_figures(
    qtbot, seeded: Store, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = Reads(monkeypatch)
    window = make_window(seeded)
    shown = open_statistics(qtbot, window)
    view = shown.view
    qtbot.waitUntil(lambda: view.figures is not None and not view.is_reading())
    before = sum(view.figures.done_per_day.values())
    assert reads.reads == 1

    reads.gate.clear()  # the next read waits in its thread, as a slow one at scale would
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.document_list.table.selectRow(0)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Return, CTRL)  # mark done and next
    qtbot.waitUntil(lambda: reads.reads == 2, timeout=10_000)  # the read started and waits
    assert view.updating.isVisibleTo(shown)
    assert sum(view.figures.done_per_day.values()) == before  # the old figures stay shown
    for _ in range(3):  # more changes while it reads
        QTest.keyClick(window.view, Qt.Key.Key_Return, CTRL)
    qtbot.wait(1000)  # longer than the refresh delay: each change asked for a read
    assert reads.reads == 2  # ... but none started beside the one running
    reads.gate.set()
    qtbot.waitUntil(lambda: not view.is_reading() and reads.reads == 3, timeout=10_000)
    qtbot.waitUntil(lambda: sum(view.figures.done_per_day.values()) == done_count(seeded))
    assert done_count(seeded) == before + 4
    qtbot.wait(800)
    assert reads.reads == 3  # nothing more to read
    assert not view.updating.isVisibleTo(shown)


def test_a_read_in_flight_when_the_window_closes_is_dropped(
    qtbot, seeded: Store, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = Reads(monkeypatch)
    reads.gate.clear()
    window = make_window(seeded)
    shown = open_statistics(qtbot, window)
    view = shown.view
    qtbot.waitUntil(lambda: reads.reads == 1)
    assert view.is_reading()
    timer = threading.Timer(0.3, reads.gate.set)  # the read ends while the window closes
    timer.start()
    came: list[object] = []
    view.figures_shown.connect(lambda: came.append(True))
    window.close()  # waits for the read's thread: the database closes after the window
    timer.join()
    qtbot.wait(200)  # the read's result, queued to the GUI thread, arrives and is dropped
    assert not view.is_reading()
    assert view.figures is None
    assert came == []


VIEWS = ("entity_network_view.py", "statistics_view.py")  # where the network is read from


def from_the_view() -> bool:
    """Whether the running call came from the Statistics window's code (on either thread),
    not from the main window's own look for outside changes every two seconds."""
    return any(Path(frame.filename).name in VIEWS for frame in traceback.extract_stack())


class NetworkReads:
    """The entity network's store functions, and every query the database runs for the
    Statistics window: on which thread each ran; a gate holds the network's reads."""

    FUNCTIONS = (
        (store_network, "entity_network"),
        (store_network, "mentions_in"),
        (store_labels, "list_labels"),
        (store_reading, "document_tag_names_in_use"),
    )

    def __init__(self, monkeypatch: pytest.MonkeyPatch, store: Store) -> None:
        self.calls: list[tuple[str, int]] = []
        self.queries: list[tuple[str, int]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.networks = 0
        for module, name in self.FUNCTIONS:
            monkeypatch.setattr(module, name, self._wrap(name, getattr(module, name)))
        real_sql = store.db.execute_sql

        def execute_sql(sql: str, *args: Any, **kwargs: Any) -> Any:
            if from_the_view():
                self.queries.append((sql, threading.get_ident()))
            return real_sql(sql, *args, **kwargs)

        monkeypatch.setattr(store.db, "execute_sql", execute_sql)

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if not from_the_view():
                return real(*args, **kwargs)
            self.calls.append((name, threading.get_ident()))
            if name == "entity_network":
                self.networks += 1
                assert self.gate.wait(30)
            return real(*args, **kwargs)

        return call

    def on_gui_thread(self) -> list[str]:
        gui = threading.get_ident()
        return [name for name, thread in self.calls + self.queries if thread == gui]


def network_tab(qtbot, window: MainWindow):
    shown = open_statistics(qtbot, window)
    bar = shown.tabs.tabBar()
    QTest.mouseClick(
        bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.tabRect(1).center()
    )
    qtbot.waitUntil(shown.network.isVisible)
    return shown


def click_at(widget, point) -> None:
    QTest.mouseClick(
        widget,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(round(point.x()), round(point.y())),
    )


def test_no_query_of_the_entity_network_runs_on_the_gui_thread(
    qtbot, store: Store, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_network(store)
    window = make_window(store)
    reads = NetworkReads(monkeypatch, store)
    reads.gate.clear()  # hold the first read: the tab says it is computing meanwhile
    shown = network_tab(qtbot, window)
    view = shown.network
    qtbot.waitUntil(lambda: reads.networks == 1)
    assert view.computing.isVisibleTo(shown)
    assert view.canvas.computing
    assert not view.canvas.network.nodes
    with qtbot.waitSignal(view.network_shown, timeout=30_000):
        reads.gate.set()
    assert not view.computing.isVisibleTo(shown)
    keys = dict(store.execute("SELECT key, id FROM entity").fetchall())
    mentions, pairs = expected_network(None, None)
    assert {view.canvas.network.nodes[keys[k]].mentions for k in mentions} == set(mentions.values())
    assert len(view.canvas.network.edges) == len(pairs)

    click_at(view.canvas, view.canvas.place(keys["iran"]))  # a node: its mentions
    qtbot.waitUntil(lambda: view.mentions.count() == mentions["iran"])
    a, b = view.canvas.place(keys["baghdad"]), view.canvas.place(keys["iran"])
    click_at(view.canvas, (a + b) / 2)  # a line: the mentions of both
    qtbot.waitUntil(lambda: "mention both" in view.heading.text())
    assert f"{pairs[('baghdad', 'iran')]} documents mention both" in view.heading.text()
    box = view.tag_filter  # a filter: the network again
    box.setCurrentIndex(box.findData("east"))
    box.activated.emit(box.currentIndex())
    east, east_pairs = expected_network("east", None)
    names = {i: k for k, i in keys.items()}
    qtbot.waitUntil(lambda: {names[i] for i in view.canvas.network.nodes} == set(east))
    assert len(view.canvas.network.edges) == len(east_pairs)
    qtbot.waitUntil(lambda: not view.is_reading())

    assert {name for name, _ in reads.calls} == {name for _, name in NetworkReads.FUNCTIONS}
    assert reads.networks == 2
    assert reads.queries  # the database was read, and never on the GUI thread
    assert reads.on_gui_thread() == []


def test_a_network_read_in_flight_when_the_window_closes_is_dropped(
    qtbot, store: Store, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_network(store)
    window = make_window(store)
    reads = NetworkReads(monkeypatch, store)
    reads.gate.clear()
    shown = network_tab(qtbot, window)
    view = shown.network
    qtbot.waitUntil(lambda: reads.networks == 1)
    assert view.is_reading()
    timer = threading.Timer(0.3, reads.gate.set)  # the read ends while the window closes
    timer.start()
    came: list[object] = []
    view.network_shown.connect(lambda: came.append(True))
    window.close()  # waits for the read's thread: the database closes after the window
    timer.join()
    qtbot.wait(200)
    assert not view.is_reading()
    assert not view.canvas.network.nodes
    assert came == []
