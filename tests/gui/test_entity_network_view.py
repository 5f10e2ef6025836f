"""The Statistics window's entity network, clicked as a person would."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tagdesk.core.entity_network import EntityNetwork, EntityNode
from tagdesk.gui.entity_network_view import NetworkCanvas
from tagdesk.gui.statistics_view import open_statistics
from tagdesk.store import Store
from tests.gui.conftest import WindowFactory
from tests.store.test_entity_network import PLAN, build, expected


def network_tab(qtbot, store: Store, make_window: WindowFactory):
    build(store)
    window = make_window(store)
    shown = open_statistics(window)
    qtbot.waitUntil(shown.isVisible)
    bar = shown.tabs.tabBar()
    QTest.mouseClick(
        bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.tabRect(1).center()
    )
    view = shown.network
    qtbot.waitUntil(lambda: view.isVisible() and bool(view.canvas.network.nodes))
    keys = dict(store.execute("SELECT key, id FROM entity").fetchall())
    return window, view, keys


def click(canvas, point) -> None:
    QTest.mouseClick(
        canvas,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(round(point.x()), round(point.y())),
    )


def test_choosing_an_entity_lists_its_mentions_and_opens_one(
    qtbot, store: Store, make_window: WindowFactory
) -> None:
    window, view, keys = network_tab(qtbot, store, make_window)
    mentions, pairs = expected(None, None)
    assert {view.canvas.network.nodes[keys[k]].mentions for k in mentions} == set(mentions.values())
    assert len(view.canvas.network.edges) == len(pairs)
    click(view.canvas, view.canvas.place(keys["iran"]))
    qtbot.waitUntil(lambda: view.mentions.count() == mentions["iran"] == 4)
    assert view.heading.text().endswith(": 4 mentions")
    documents = sorted(n + 1 for n, (_, ks) in enumerate(PLAN) if "iran" in ks)
    listed = [
        view.mentions.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(view.mentions.count())
    ]
    assert sorted(set(listed)) == documents
    item = view.mentions.item(view.mentions.count() - 1)
    rect = view.mentions.visualItemRect(item)
    viewport = view.mentions.viewport()
    no_key = Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, no_key, rect.center())
    QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, no_key, rect.center())
    qtbot.waitUntil(
        lambda: (
            window.controller.document is not None
            and window.controller.document.id == documents[-1]
        )
    )


def test_choosing_a_line_lists_the_documents_both_are_in(
    qtbot, store: Store, make_window: WindowFactory
) -> None:
    _, view, keys = network_tab(qtbot, store, make_window)
    _, pairs = expected(None, None)
    first, second = keys["baghdad"], keys["iran"]
    a, b = view.canvas.place(first), view.canvas.place(second)
    middle = (a + b) / 2
    assert view.canvas.node_at(middle) is None
    click(view.canvas, middle)
    qtbot.waitUntil(lambda: "mention both" in view.heading.text())
    assert f"{pairs[('baghdad', 'iran')]} documents mention both" in view.heading.text()
    assert {
        view.mentions.item(r).text().split(" — ")[0][:4] for r in range(view.mentions.count())
    } == {"bagh", "iran"}


def test_the_label_filter_keeps_that_labels_entities(
    qtbot, store: Store, make_window: WindowFactory
) -> None:
    _, view, keys = network_tab(qtbot, store, make_window)
    box = view.label_filter
    box.setFocus()
    box.setCurrentIndex(box.findData("GPE"))
    box.activated.emit(box.currentIndex())
    mentions, pairs = expected(None, {"GPE"})
    names = {i: k for k, i in keys.items()}
    qtbot.waitUntil(lambda: {names[i] for i in view.canvas.network.nodes} == set(mentions))
    assert {names[i] for i in view.canvas.network.nodes} == set(mentions)
    assert len(view.canvas.network.edges) == len(pairs) == 1


def radii(canvas: NetworkCanvas, counts: dict[int, int]) -> list[float]:
    nodes = {n: EntityNode(n, f"e{n}", "GPE", m, m) for n, m in counts.items()}
    canvas.set_network(
        EntityNetwork(nodes, {}), {"GPE": "#f0b050"}, dict.fromkeys(nodes, (0.5, 0.5))
    )
    return [canvas.radius(n) for n in sorted(counts)]


def test_circles_grow_with_mentions_but_never_cover_the_drawing(qtbot) -> None:
    canvas = NetworkCanvas()
    qtbot.addWidget(canvas)
    big = radii(canvas, {1: 25_000, 2: 6_000, 3: 40, 4: 4, 5: 1})
    assert big == sorted(big, reverse=True)  # more mentions, a larger circle
    assert big[0] == 25.0  # the most mentioned: a radius of 25 pixels at most
    assert big[-1] > 5.0
    assert radii(canvas, {1: 4, 2: 1}) == [11.0, 8.0]  # a small network: 5 + 3 * sqrt(mentions)
