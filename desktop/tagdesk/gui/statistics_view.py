"""View > Statistics: the corpus, the model's quality and the team's progress as charts.

Imported only when the view first opens, so the window starts as fast as
before. Clicking a bar asks the document list to show what the bar counts
(`filter_requested`); clicking a document's strip opens it. The figures are
read again shortly after the controller reports a change, while the view is
shown, at most once per REFRESH_DELAY_MS however many changes come.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.statistics import DocumentStrip, Statistics
from tagdesk.core.wording import counted
from tagdesk.gui.chart_painter import BarChart, Hit, paint_chart, paint_strips
from tagdesk.gui.document_list_pane import ChartFilters
from tagdesk.gui.entity_network_view import EntityNetworkView
from tagdesk.gui.statistics_charts import ChartFilter, chart_filter, charts
from tagdesk.store import Store

if TYPE_CHECKING:
    from tagdesk.gui.main_window import MainWindow

REFRESH_DELAY_MS = 400
STRIPS_SHOWN = 30  # the first documents of the list as it is filtered and sorted
PADDING = 10.0


class ChartCanvas(QWidget):
    """One bar chart; a click on a bar says which (category, series)."""

    bar_clicked = Signal(object)  # Hit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: BarChart | None = None
        self.hits: list[Hit] = []
        self.setMinimumSize(QSize(380, 260))
        self.setMouseTracking(True)

    def set_chart(self, chart: BarChart) -> None:
        self.chart = chart
        self.setObjectName(chart.key)
        rows = len(chart.categories) if chart.horizontal else 8
        self.setMinimumHeight(int(max(260, 90 + 26 * rows)))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.chart is None:
            return
        painter = QPainter(self)
        area = QRectF(self.rect()).adjusted(PADDING, PADDING, -PADDING, -PADDING)
        self.hits = paint_chart(painter, area, self.chart, self.palette())
        painter.end()

    def hit_at(self, point: QPointF) -> Hit | None:
        return next((hit for hit in self.hits if hit.rect.contains(point)), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.hit_at(event.position())
        clickable = hit is not None and self.chart is not None
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        )
        if hit is None or self.chart is None:
            QToolTip.hideText()
            return
        chart = self.chart
        value = chart.values[hit.category][hit.series]
        total = sum(chart.values[hit.category])
        share = f" ({100 * value / total:.0f}%)" if chart.shares and total else ""
        QToolTip.showText(
            event.globalPosition().toPoint(),
            f"{chart.categories[hit.category]}: {chart.series[hit.series].name} {value}{share}",
            self,
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.hit_at(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.bar_clicked.emit(hit)


class StripCanvas(QWidget):
    """Where the spans fall in each of the first documents of the list."""

    document_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strips: list[DocumentStrip] = []
        self.colours: dict[str, str] = {}
        self.rows: list[tuple[int, QRectF]] = []
        self.setObjectName("span_positions")

    def set_strips(self, strips: list[DocumentStrip], colours: dict[str, str]) -> None:
        self.strips, self.colours = strips, colours
        self.setMinimumHeight(int(110 + 26 * max(len(strips), 3)))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = QRectF(self.rect()).adjusted(PADDING, PADDING, -PADDING, -PADDING)
        self.rows = paint_strips(painter, area, self.strips, self.colours, self.palette())
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for document_id, row in self.rows:
            if row.contains(event.position()) and event.button() == Qt.MouseButton.LeftButton:
                self.document_clicked.emit(document_id)
                return


class StatisticsView(QWidget):
    """Every chart, read from `store`; `documents` gives the list's ids for the strips."""

    filter_requested = Signal(object)  # ChartFilter
    document_requested = Signal(int)

    def __init__(
        self,
        store: Store,
        documents: Callable[[], list[int]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.documents = documents
        self.figures: Statistics | None = None
        self.stale = True
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.canvases: dict[str, ChartCanvas] = {}
        self.strips = StripCanvas()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)

        grid = QGridLayout()
        grid.setSpacing(4)
        inner = QWidget()
        inner.setObjectName("statistics-charts")
        layout = QVBoxLayout(inner)
        layout.addWidget(self.summary)
        layout.addLayout(grid)
        layout.addWidget(self.strips)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._grid = grid

        self._timer.timeout.connect(self.refresh)
        self.strips.document_clicked.connect(self.document_requested)

    def schedule_refresh(self, _report: object = None) -> None:
        """A change was written (here or by someone else): read the figures again soon,
        or when the view is shown next."""
        self.stale = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        from tagdesk.store.statistics import document_strips, statistics

        self.stale = False

        figures = statistics(self.store)
        self.figures = figures
        for number, chart in enumerate(charts(figures)):
            canvas = self.canvases.get(chart.key)
            if canvas is None:
                canvas = self.canvases[chart.key] = ChartCanvas()
                canvas.bar_clicked.connect(self._bar_clicked)
                self._grid.addWidget(canvas, number // 2, number % 2)
            canvas.set_chart(chart)
        self.strips.set_strips(
            document_strips(self.store, self.documents()[:STRIPS_SHOWN]), figures.label_colours
        )
        self.summary.setText(_summary(figures))

    def _bar_clicked(self, hit: Hit) -> None:
        canvas = self.canvases.get(hit.chart)
        if canvas is None or canvas.chart is None:
            return
        chosen = chart_filter(canvas.chart, hit.category)
        if chosen is not None:
            self.filter_requested.emit(chosen)


def _summary(figures: Statistics) -> str:
    spans = sum(sum(row.values()) for row in figures.labels.values())
    done = sum(figures.done_per_day.values())
    logged = sum(sum(row.values()) for row in figures.model_quality.values())
    accepted = sum(row["accepted"] for row in figures.model_quality.values())
    said = [counted(spans, "span"), f"{counted(done, 'document')} done"]
    if logged:
        said.append(
            f"{accepted / logged:.0%} of the model's {counted(logged, 'suggestion')} accepted as "
            "they were"
        )
    return "; ".join(said) + ". Click a bar to list its documents, a strip to open it."


class StatisticsWindow(QDialog):
    """The charts and the entity network, in a window of their own (View > Statistics)."""

    def __init__(
        self, view: StatisticsView, network: EntityNetworkView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.network = network
        self.setWindowTitle("Statistics")
        self.setObjectName("statistics-window")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(view, "Charts")
        self.tabs.addTab(network, "Entity network")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        self.resize(1100, 760)
        self.tabs.currentChanged.connect(self._tab_changed)

    def schedule_refresh(self, report: object = None) -> None:
        self.view.schedule_refresh(report)
        self.network.stale = True
        if self.network.isVisible():
            self.network.refresh()

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.network and self.network.stale:
            self.network.refresh()


def _list_only(window: MainWindow, chosen: ChartFilter) -> None:
    ids = {label.name: label.id for label in window.controller.labels_by_id.values()}
    window.document_list.show_only(
        status=chosen.status,
        label_id=ids.get(chosen.label or ""),
        chart=ChartFilters(chosen.done_on, chosen.given_to, chosen.spans_by),
    )


def open_statistics(window: MainWindow) -> StatisticsWindow:
    """Show the statistics window of `window`, made on first use and kept after."""
    found = window.findChild(StatisticsWindow)
    if found is None:
        view = StatisticsView(window.store, lambda: list(window.document_model.ids))
        network = EntityNetworkView(window.store)
        found = StatisticsWindow(view, network, window)
        window.controller.changed.connect(found.schedule_refresh)
        network.document_requested.connect(window.open_document)
        view.filter_requested.connect(lambda chosen: _list_only(window, chosen))
        view.document_requested.connect(window.open_document)
    found.show()
    found.raise_()
    found.activateWindow()
    return found
