"""The Statistics window's Entity network tab: who is mentioned with whom.

Entities are circles in their label's colour, sized by their mentions; a
line joins two that a document mentions together, thicker for more such
documents. Choosing a circle lists the entity's mentions, choosing a line
the mentions of both in the documents they share; double-clicking a mention
opens its document. Filtered by label and by document tag.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.entity_network import EntityNetwork, Pair, force_layout
from tagdesk.core.wording import counted
from tagdesk.gui.chart_painter import Series, paint_legend
from tagdesk.gui.tasks import ThreadTaskRunner, store_read
from tagdesk.store import Store
from tagdesk.store.entity_mentions import EntityMention

PADDING = 40.0
NAMES_SHOWN = 25  # the most mentioned get their name beside the circle; the others on hover
EDGE_REACH = 5.0  # pixels from a line that still choose it
REFRESH_DELAY_MS = 400  # a reported change reads the network again this much later
RADIUS_MOST = 20.0  # pixels past the smallest circle's 5
CHOOSE = "Choose an entity or a line to list its mentions"


class NetworkCanvas(QWidget):
    """The drawing; a click chooses a node (`node_chosen`) or an edge (`edge_chosen`)."""

    node_chosen = Signal(int)
    edge_chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.network = EntityNetwork({}, {})
        self.colours: dict[str, str] = {}
        self.layout_at: dict[int, tuple[float, float]] = {}
        self.chosen: int | Pair | None = None
        self._most = 1  # the most mentions of one entity in the network drawn
        self.computing = False  # the first network is being read: say so, not "no entity"
        self.setMinimumSize(QSize(420, 360))
        self.setObjectName("entity-network")

    def set_network(
        self,
        network: EntityNetwork,
        colours: dict[str, str],
        layout: dict[int, tuple[float, float]],
    ) -> None:
        """Draw `network` with the places `layout` gives (force_layout, run in the worker)."""
        self.network, self.colours = network, colours
        self._most = max((found.mentions for found in network.nodes.values()), default=0) or 1
        self.layout_at = layout
        self.chosen = None
        self.update()

    def place(self, node: int) -> QPointF:
        x, y = self.layout_at[node]
        area = QRectF(self.rect()).adjusted(PADDING, PADDING, -PADDING, -PADDING)
        return QPointF(area.left() + x * area.width(), area.top() + y * area.height())

    def radius(self, node: int) -> float:
        """Grows with the mentions, and at most to RADIUS_MOST for the most mentioned:
        at thousands of mentions a circle would cover the drawing."""
        mentions, most = self.network.nodes[node].mentions, self._most
        return 5.0 + min(3.0 * math.sqrt(mentions), RADIUS_MOST * math.sqrt(mentions / most))

    def node_at(self, point: QPointF) -> int | None:
        for node in sorted(self.network.nodes, key=lambda n: self.radius(n)):
            centre = self.place(node)
            if math.hypot(point.x() - centre.x(), point.y() - centre.y()) <= self.radius(node) + 2:
                return node
        return None

    def edge_at(self, point: QPointF) -> Pair | None:
        best, nearest = None, EDGE_REACH
        for pair in self.network.edges:
            distance = _to_segment(point, self.place(pair[0]), self.place(pair[1]))
            if distance <= nearest:
                best, nearest = pair, distance
        return best

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        if not self.network.nodes:
            faint = QColor(text)
            faint.setAlphaF(0.55)
            painter.setPen(faint)
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                "Computing the entity network…"
                if self.computing
                else "No entity is mentioned yet: link spans to entities in the Entities tab",
            )
            painter.end()
            return
        used = {node.label for node in self.network.nodes.values()}
        key = tuple(Series(name, colour) for name, colour in self.colours.items() if name in used)
        paint_legend(painter, QRectF(8, 6, self.width() - 16, 0), key, text)
        heaviest = max(self.network.edges.values(), default=1)
        for pair, weight in self.network.edges.items():
            colour = QColor(
                palette.color(QPalette.ColorRole.Highlight) if pair == self.chosen else text
            )
            colour.setAlphaF(0.9 if pair == self.chosen else 0.15 + 0.35 * weight / heaviest)
            painter.setPen(QPen(colour, 1.0 + 4.0 * weight / heaviest))
            painter.drawLine(self.place(pair[0]), self.place(pair[1]))
        metrics = QFontMetricsF(painter.font())
        ranked = sorted(self.network.nodes.values(), key=lambda n: (-n.mentions, n.id))
        named = {node.id for node in ranked[:NAMES_SHOWN]}
        if isinstance(self.chosen, int):
            named.add(self.chosen)
        for node in reversed(ranked):
            centre, radius = self.place(node.id), self.radius(node.id)
            outline = QColor(
                palette.color(QPalette.ColorRole.Highlight)
                if node.id == self.chosen
                else palette.color(QPalette.ColorRole.Window)
            )
            painter.setPen(QPen(outline, 3.0 if node.id == self.chosen else 1.5))
            painter.setBrush(QColor(self.colours.get(node.label, "#999999")))
            painter.drawEllipse(centre, radius, radius)
            if node.id in named:
                painter.setPen(text)
                painter.drawText(
                    QPointF(
                        centre.x() - metrics.horizontalAdvance(node.name) / 2,
                        centre.y() + radius + metrics.ascent() + 1,
                    ),
                    node.name,
                )
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        node = self.node_at(event.position())
        if node is not None:
            self.chosen = node
            self.update()
            self.node_chosen.emit(node)
            return
        pair = self.edge_at(event.position())
        if pair is not None:
            self.chosen = pair
            self.update()
            self.edge_chosen.emit(*pair)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        node = self.node_at(event.position())
        if node is not None:
            found = self.network.nodes[node]
            self.setToolTip(
                f"{found.name} ({found.label}): {counted(found.mentions, 'mention')} "
                f"in {counted(found.documents, 'document')}"
            )
            return
        pair = self.edge_at(event.position())
        if pair is not None:
            first, second = (self.network.nodes[n].name for n in pair)
            both = counted(self.network.edges[pair], "document")
            self.setToolTip(f"{first} and {second}: {both}")
            return
        self.setToolTip("")


def _to_segment(point: QPointF, start: QPointF, end: QPointF) -> float:
    dx, dy = end.x() - start.x(), end.y() - start.y()
    length = dx * dx + dy * dy
    if length == 0:
        return math.hypot(point.x() - start.x(), point.y() - start.y())
    share = max(
        0.0, min(1.0, ((point.x() - start.x()) * dx + (point.y() - start.y()) * dy) / length)
    )
    return math.hypot(point.x() - start.x() - share * dx, point.y() - start.y() - share * dy)


@dataclass(frozen=True)
class NetworkRead:
    """What one read of the network in the worker brings back."""

    label: str | None  # the choices it was read for
    tag: str | None
    colours: dict[str, str]
    tags: list[str]
    network: EntityNetwork
    layout: dict[int, tuple[float, float]]


@dataclass(frozen=True)
class MentionsRead:
    """The mentions of one chosen node, or of both ends of a chosen line."""

    chosen: int | Pair
    mentions: dict[int, list[EntityMention]]  # entity id -> its mentions


def read_network(store: Store, label: str | None, tag: str | None) -> NetworkRead:
    """The filters' choices, the network and where to draw it: run in a worker thread.

    The force layout is plain Python over every pair of nodes (tenths of a
    second at sixty nodes), so it runs here too, not in the paint.
    """
    from tagdesk.store.entity_network import entity_network
    from tagdesk.store.labels import list_labels
    from tagdesk.store.reading import document_tag_names_in_use

    colours = {found.name: found.colour for found in list_labels(store)}
    tags = document_tag_names_in_use(store)
    network = entity_network(store, labels=None if label is None else [label], tag=tag)
    layout = force_layout(list(network.nodes), network.edges)
    return NetworkRead(label, tag, colours, tags, network, layout)


def read_mentions(store: Store, chosen: int | Pair, tag: str | None) -> MentionsRead:
    """The mentions of the chosen node or of both ends of the line: run in a worker thread."""
    from tagdesk.store.entity_network import mentions_in

    ends = (chosen,) if isinstance(chosen, int) else chosen
    return MentionsRead(
        chosen, {entity_id: mentions_in(store, entity_id, tag) for entity_id in ends}
    )


class EntityNetworkView(QWidget):
    """The filters, the drawing and the list of what was chosen.

    Every read of the store runs in a worker thread (gui/tasks.py), as the
    charts' do: at a million linked spans the network takes seconds. While a
    read runs the drawing keeps the last network and a faint "Computing…"
    shows. A change reported meanwhile, or a filter chosen, asks for one more
    read when it ends, so at most one read runs at a time; a network read
    for filters no longer chosen is not drawn. Choosing a node or a line
    reads its mentions the same way; a newer choice drops an older one's.
    `stop()` cancels both when the window closes.
    """

    document_requested = Signal(int)
    network_shown = Signal()  # a read's network is drawn, and no read is running

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.stale = True
        self.read_once = False
        self._read_again = False
        self.label_filter = QComboBox()
        self.tag_filter = QComboBox()
        for box in (self.label_filter, self.tag_filter):  # filled when the first read is back
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        _fill(self.label_filter, "All labels", [])
        _fill(self.tag_filter, "All documents", [])
        self.summary = QLabel()
        self.computing = QLabel("Computing…")
        self.computing.setObjectName("network-computing")
        self.computing.setEnabled(False)  # drawn faint: a state, not news
        self.computing.hide()
        self.canvas = NetworkCanvas()
        self.heading = QLabel(CHOOSE)
        self.heading.setWordWrap(True)
        self.mentions = QListWidget()
        self.mentions.setObjectName("network-mentions")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._reader = ThreadTaskRunner(self)
        self._lister = ThreadTaskRunner(self)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Label"))
        filters.addWidget(self.label_filter)
        filters.addWidget(QLabel("Documents tagged"))
        filters.addWidget(self.tag_filter)
        filters.addWidget(self.summary, 1)
        filters.addWidget(self.computing)
        side = QWidget()
        side.setMinimumWidth(300)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.heading)
        side_layout.addWidget(self.mentions, 1)
        splitter = QSplitter()
        splitter.addWidget(self.canvas)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self._timer.timeout.connect(self.refresh)
        self._reader.finished.connect(self._read)
        self._reader.failed.connect(self._failed)
        self._lister.finished.connect(self._listed)
        self._lister.failed.connect(self._list_failed)
        self.label_filter.activated.connect(self.refresh)
        self.tag_filter.activated.connect(self.refresh)
        self.canvas.node_chosen.connect(self._choose)
        self.canvas.edge_chosen.connect(lambda first, second: self._choose((first, second)))
        self.mentions.itemActivated.connect(
            lambda item: self.document_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )

    def schedule_refresh(self, _report: object = None) -> None:
        """A change was written: read the network again soon, or when the tab is shown next."""
        self.stale = True
        if self.isVisible():
            self._timer.start()

    def is_reading(self) -> bool:
        return self._reader.is_running()

    def refresh(self) -> None:
        """Read the network in the worker; if a read runs, read once more after it."""
        self.stale = False
        if self._reader.is_running():
            self._read_again = True
            return
        store, (label, tag) = self.store, self._chosen()
        self.computing.show()
        self.canvas.computing = not self.read_once
        self.canvas.update()
        self._reader.start(store_read(store, lambda: read_network(store, label, tag)))

    def stop(self) -> None:
        """Cancel the reads and wait for their threads (the window closes, its database with it)."""
        self._timer.stop()
        if self._reader.is_running():
            self.stale = True
        self._read_again = False
        for runner in (self._reader, self._lister):
            runner.cancel()
            runner.wait()
        self.computing.hide()

    def wait_for_network(self, timeout_ms: int = 60_000) -> bool:
        """Run the event loop until a read's network is drawn (a screenshot waits for it)."""
        if not self._reader.is_running() and self.read_once:
            return True
        loop = QEventLoop()
        self.network_shown.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        self.network_shown.disconnect(loop.quit)
        return self.read_once and not self._reader.is_running()

    def _read(self, read: NetworkRead) -> None:
        again, self._read_again = self._read_again, False
        if again:
            self.refresh()  # a change or a choice came while it read
        if (read.label, read.tag) == self._chosen():
            self._show(read)
        if not self._reader.is_running():
            self.computing.hide()
            self.network_shown.emit()

    def _chosen(self) -> tuple[str | None, str | None]:
        """The label and the document tag chosen (None: all)."""
        return self.label_filter.currentData(), self.tag_filter.currentData()

    def _failed(self, message: str) -> None:
        self.computing.hide()
        self.canvas.computing = False
        self.canvas.update()
        self._read_again = False
        self.stale = True
        self.summary.setText(f"The network could not be read: {message}")

    def _show(self, read: NetworkRead) -> None:
        self.read_once = True
        _fill(self.label_filter, "All labels", list(read.colours))
        _fill(self.tag_filter, "All documents", read.tags)
        self._lister.cancel()
        self.canvas.computing = False
        self.canvas.set_network(read.network, read.colours, read.layout)
        network = read.network
        said = f"{counted(len(network.nodes), 'entity')}, {counted(len(network.edges), 'link')}"
        if network.left_out:
            said += f" ({network.left_out} mentioned least left out)"
        self.summary.setText(said)
        self.heading.setText(CHOOSE)
        self.mentions.clear()

    def _choose(self, chosen: int | Pair) -> None:
        """List the mentions of a node, or of both ends of a line, read in the worker."""
        store, tag = self.store, self.tag_filter.currentData()
        self.mentions.clear()
        self.heading.setText(f"{self._named(chosen)}: listing the mentions…")
        self._lister.start(store_read(store, lambda: read_mentions(store, chosen, tag)))

    def _named(self, chosen: int | Pair) -> str:
        ends = (chosen,) if isinstance(chosen, int) else chosen
        return " and ".join(self.canvas.network.nodes[n].name for n in ends)

    def _listed(self, read: MentionsRead) -> None:
        if read.chosen != self.canvas.chosen or any(
            n not in self.canvas.network.nodes for n in read.mentions
        ):
            return  # the network was drawn again meanwhile
        if isinstance(read.chosen, int):
            node = self.canvas.network.nodes[read.chosen]
            self.heading.setText(f"{node.name} ({node.label}): {counted(node.mentions, 'mention')}")
            self._list(read.mentions[read.chosen])
            return
        first, second = (read.mentions[n] for n in read.chosen)
        shared = {m.document_id for m in first} & {m.document_id for m in second}
        self.heading.setText(
            f"{self._named(read.chosen)}: {counted(len(shared), 'document')} mention both"
        )
        both = [m for m in first + second if m.document_id in shared]
        self._list(sorted(both, key=lambda m: (m.document_id, m.start, m.end)))

    def _list_failed(self, message: str) -> None:
        self.heading.setText(f"The mentions could not be read: {message}")

    def _list(self, mentions: list[EntityMention]) -> None:
        self.mentions.clear()
        for mention in mentions:
            item = QListWidgetItem(f"{mention.text} — {mention.title}")
            item.setData(Qt.ItemDataRole.UserRole, mention.document_id)
            item.setToolTip("Double-click to open the document")
            self.mentions.addItem(item)


def _fill(box: QComboBox, everything: str, names: list[str]) -> None:
    """The choices, keeping the one made while it is still there."""
    chosen = box.currentData()
    box.clear()
    box.addItem(everything, None)
    for name in names:
        box.addItem(name, name)
    box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)
