"""The Statistics window's Entity network tab: who is mentioned with whom.

Entities are circles in their label's colour, sized by their mentions; a
line joins two that a document mentions together, thicker for more such
documents. Choosing a circle lists the entity's mentions, choosing a line
the mentions of both in the documents they share; double-clicking a mention
opens its document. Filtered by label and by document tag.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
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
from tagdesk.store import Store
from tagdesk.store.entity_mentions import EntityMention

PADDING = 40.0
NAMES_SHOWN = 25  # the most mentioned get their name beside the circle; the others on hover
EDGE_REACH = 5.0  # pixels from a line that still choose it


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
        self.setMinimumSize(QSize(420, 360))
        self.setObjectName("entity-network")

    def set_network(self, network: EntityNetwork, colours: dict[str, str]) -> None:
        self.network, self.colours = network, colours
        self.layout_at = force_layout(list(network.nodes), network.edges)
        self.chosen = None
        self.update()

    def place(self, node: int) -> QPointF:
        x, y = self.layout_at[node]
        area = QRectF(self.rect()).adjusted(PADDING, PADDING, -PADDING, -PADDING)
        return QPointF(area.left() + x * area.width(), area.top() + y * area.height())

    def radius(self, node: int) -> float:
        return 5.0 + 3.0 * math.sqrt(self.network.nodes[node].mentions)

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
                "No entity is mentioned yet: link spans to entities in the Entities tab",
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


class EntityNetworkView(QWidget):
    """The filters, the drawing and the list of what was chosen."""

    document_requested = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.stale = True
        self.label_filter = QComboBox()
        self.tag_filter = QComboBox()
        self.summary = QLabel()
        self.canvas = NetworkCanvas()
        self.heading = QLabel("Choose an entity or a line to list its mentions")
        self.heading.setWordWrap(True)
        self.mentions = QListWidget()
        self.mentions.setObjectName("network-mentions")

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Label"))
        filters.addWidget(self.label_filter)
        filters.addWidget(QLabel("Documents tagged"))
        filters.addWidget(self.tag_filter)
        filters.addWidget(self.summary, 1)
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

        self.label_filter.activated.connect(self.refresh)
        self.tag_filter.activated.connect(self.refresh)
        self.canvas.node_chosen.connect(self._list_node)
        self.canvas.edge_chosen.connect(self._list_edge)
        self.mentions.itemActivated.connect(
            lambda item: self.document_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )

    def refresh(self) -> None:
        from tagdesk.store.entity_network import entity_network
        from tagdesk.store.labels import list_labels
        from tagdesk.store.reading import document_tag_names_in_use

        self.stale = False
        colours = {label.name: label.colour for label in list_labels(self.store)}
        _fill(self.label_filter, "All labels", list(colours))
        _fill(self.tag_filter, "All documents", document_tag_names_in_use(self.store))
        label = self.label_filter.currentData()
        network = entity_network(
            self.store,
            labels=None if label is None else [label],
            tag=self.tag_filter.currentData(),
        )
        self.canvas.set_network(network, colours)
        said = f"{counted(len(network.nodes), 'entity')}, {counted(len(network.edges), 'link')}"
        if network.left_out:
            said += f" ({network.left_out} mentioned least left out)"
        self.summary.setText(said)
        self.mentions.clear()

    def _list_node(self, entity_id: int) -> None:
        node = self.canvas.network.nodes[entity_id]
        self.heading.setText(f"{node.name} ({node.label}): {counted(node.mentions, 'mention')}")
        self._list(self._mentions(entity_id))

    def _list_edge(self, first: int, second: int) -> None:
        shared_by = self._mentions(first), self._mentions(second)
        shared = {m.document_id for m in shared_by[0]} & {m.document_id for m in shared_by[1]}
        names = " and ".join(self.canvas.network.nodes[n].name for n in (first, second))
        self.heading.setText(f"{names}: {counted(len(shared), 'document')} mention both")
        both = [m for m in shared_by[0] + shared_by[1] if m.document_id in shared]
        self._list(sorted(both, key=lambda m: (m.document_id, m.start, m.end)))

    def _mentions(self, entity_id: int) -> list[EntityMention]:
        from tagdesk.store.entity_network import mentions_in

        return mentions_in(self.store, entity_id, self.tag_filter.currentData())

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
