"""View > Statistics: the corpus, the model's quality and the team's progress as charts.

Imported only when the view first opens, so the window starts as fast as
before. Clicking a bar asks the document list to show what the bar counts
(`filter_requested`); clicking a document's strip opens it.

The figures are read in a worker thread (gui/tasks.py), never on the GUI
thread: at millions of spans the queries take seconds. While a read runs,
the charts keep showing the last figures and the summary says "updating".
A change the controller reports starts a read REFRESH_DELAY_MS later, while
the view is shown, however many changes come in between; a change that
comes while a read runs starts one more read when it ends, so at most one
read runs at a time. A read the view no longer wants (the window closes) is
cancelled and what it brings back is dropped, by the runner's generation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.statistics import DocumentStrip, Statistics
from tagdesk.core.wording import counted
from tagdesk.gui.agreement_matrix import AgreementFigures, AgreementPanel, read_agreement
from tagdesk.gui.chart_painter import BarChart, Hit, paint_chart, paint_strips
from tagdesk.gui.document_list_pane import ChartFilters
from tagdesk.gui.entity_network_view import EntityNetworkView
from tagdesk.gui.statistics_charts import ChartFilter, chart_filter, charts
from tagdesk.gui.tasks import ThreadTaskRunner, store_read
from tagdesk.store import Store

if TYPE_CHECKING:
    from tagdesk.gui.main_window import MainWindow

REFRESH_DELAY_MS = 400
STRIPS_SHOWN = 30  # the first documents of the list as it is filtered and sorted
PADDING = 10.0


@dataclass(frozen=True)
class ReadFigures:
    """What one read in the worker brings back."""

    figures: Statistics
    strips: list[DocumentStrip]
    agreement: AgreementFigures


def read_figures(store: Store, strip_ids: list[int], *, finished: bool) -> ReadFigures:
    """Every figure of the view, read from `store`: run in a worker thread.

    `finished`: agreement over the documents both annotators marked done, else
    over every document both have spans in.
    """
    from tagdesk.store.statistics import document_strips, statistics

    return ReadFigures(
        statistics(store),
        document_strips(store, strip_ids),
        read_agreement(store, finished=finished),
    )


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
    figures_shown = Signal()  # the figures of a read are on screen, and no read is running

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
        self._read_again = False
        self.summary = QLabel("Reading the figures…")
        self.summary.setWordWrap(True)
        self.updating = QLabel("Updating…")
        self.updating.setObjectName("statistics-updating")
        self.updating.setEnabled(False)  # drawn faint: a state, not news
        self.updating.hide()
        self.canvases: dict[str, ChartCanvas] = {}
        self.agreement = AgreementPanel()
        self.agreement.hide()  # shown once two annotators have work
        self.strips = StripCanvas()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._reader = ThreadTaskRunner(self)

        grid = QGridLayout()
        grid.setSpacing(4)
        inner = QWidget()
        inner.setObjectName("statistics-charts")
        heading = QHBoxLayout()
        heading.addWidget(self.summary, 1)
        heading.addWidget(self.updating, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(inner)
        layout.addLayout(heading)
        layout.addLayout(grid)
        layout.addWidget(self.agreement)
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
        self._reader.finished.connect(self._read)
        self._reader.failed.connect(self._failed)
        self.strips.document_clicked.connect(self.document_requested)
        self.agreement.document_requested.connect(self.document_requested)
        self.agreement.scope_changed.connect(self.refresh)

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

    def is_reading(self) -> bool:
        return self._reader.is_running()

    def refresh(self) -> None:
        """Read the figures in the worker; if a read runs, read once more after it."""
        self.stale = False
        if self._reader.is_running():
            self._read_again = True
            return
        store, strip_ids = self.store, self.documents()[:STRIPS_SHOWN]
        finished = self.agreement.finished

        self.updating.show()
        self._reader.start(
            store_read(store, lambda: read_figures(store, strip_ids, finished=finished))
        )

    def stop(self) -> None:
        """Cancel a read and wait for its thread (the window closes, its database with it)."""
        self._timer.stop()
        if self._reader.is_running():
            self.stale = True
        self._read_again = False
        self._reader.cancel()
        self._reader.wait()
        self.updating.hide()

    def wait_for_figures(self, timeout_ms: int = 60_000) -> bool:
        """Run the event loop until a read's figures are shown (a screenshot waits for them)."""
        if not self._reader.is_running() and self.figures is not None:
            return True
        loop = QEventLoop()
        self.figures_shown.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        self.figures_shown.disconnect(loop.quit)
        for _ in range(3):  # the charts' new sizes reach the scroll area a layout pass later
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QCoreApplication.processEvents()
        return self.figures is not None and not self._reader.is_running()

    def _read(self, read: ReadFigures) -> None:
        if self._read_again:
            self._read_again = False
            self.refresh()  # changes came while it read: show these, and read again
        self._show(read)
        if not self._reader.is_running():
            self.updating.hide()
            self.figures_shown.emit()

    def _failed(self, message: str) -> None:
        self.updating.hide()
        self._read_again = False
        self.stale = True
        self.summary.setText(f"The figures could not be read: {message}")

    def _show(self, read: ReadFigures) -> None:
        figures = read.figures
        self.figures = figures
        for number, chart in enumerate(charts(figures)):
            canvas = self.canvases.get(chart.key)
            if canvas is None:
                canvas = self.canvases[chart.key] = ChartCanvas()
                canvas.bar_clicked.connect(self._bar_clicked)
                self._grid.addWidget(canvas, number // 2, number % 2)
            canvas.set_chart(chart)
        self.strips.set_strips(read.strips, figures.label_colours)
        self.agreement.show_figures(read.agreement)
        self.agreement.setVisible(len(figures.annotators) >= 2 or bool(read.agreement.pairs))
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
        self.network.schedule_refresh(report)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The main window closes: no read may outlive its database."""
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.view.stop()
            self.network.stop()
        return False

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
        window.installEventFilter(found)
        window.controller.changed.connect(found.schedule_refresh)
        network.document_requested.connect(window.open_document)
        view.filter_requested.connect(lambda chosen: _list_only(window, chosen))
        view.document_requested.connect(window.open_document)
    found.show()
    found.raise_()
    found.activateWindow()
    return found
