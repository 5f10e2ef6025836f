"""The left pane: filters, a text search and the sortable document table."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.records import LabelRecord
from tagdesk.gui.document_model import DocumentListModel
from tagdesk.gui.fitted_columns import FittedColumns
from tagdesk.store.document_list import ListQuery

SEARCH_DELAY_MS = 250
# Rows the fitted column widths are measured on: the shown ones and their neighbours. Qt's
# default, 1,000, reads five pages of rows from the database on every sort and filter.
WIDTH_SAMPLE_ROWS = 100


@dataclass(frozen=True)
class ChartFilters:
    """The filters only a statistics chart's bar sets: each shows as a button that clears it."""

    done_on: str | None = None
    given_to: str | None = None
    spans_by: str | None = None

    def shown(self) -> list[tuple[str, str]]:
        """(field, what its button says) of each filter set."""
        said = {
            "done_on": f"Done on {self.done_on}",
            "given_to": f"Given to {self.given_to}",
            "spans_by": f"Spans by {self.spans_by}",
        }
        return [(name, text) for name, text in said.items() if getattr(self, name) is not None]


class DocumentListPane(QWidget):
    document_chosen = Signal(int)

    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._waiting: int | None = None  # the current document, its row not read yet
        self._current_before_reset: int | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search document text…")
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        for text, key in (
            ("All statuses", None),
            ("To do", "todo"),
            ("In progress", "in_progress"),
            ("Done", "done"),
        ):
            self.status_filter.addItem(text, key)
        self.scope_filter = QComboBox()  # shown where documents are given out: whose to list
        self.scope_filter.setToolTip("The documents given to you, or every document")
        self.scope_filter.hide()
        self._annotator = ""
        self.label_filter = QComboBox()
        self.tag_filter = QComboBox()
        self.chart_filters = ChartFilters()
        self.chart_filter_row = QWidget()
        self.chart_filter_row.setObjectName("chart-filters")
        self.chart_filter_row.hide()
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Corpus order until the analyst clicks a column header.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(WIDTH_SAMPLE_ROWS)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.fitted = FittedColumns(self.table, range(1, model.columnCount()))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for box in (self.scope_filter, self.status_filter, self.label_filter, self.tag_filter):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(6)
            filters.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.chart_filter_row)
        layout.addWidget(self.table, 1)
        chips = QHBoxLayout(self.chart_filter_row)
        chips.setContentsMargins(0, 0, 0, 0)
        chips.setSpacing(4)
        self._chart_buttons: dict[str, QToolButton] = {}
        for name in ChartFilters.__dataclass_fields__:
            button = self._chart_buttons[name] = QToolButton(self.chart_filter_row)
            button.setObjectName(f"clear-{name}")
            button.setToolTip("Clear this filter")
            button.hide()
            button.clicked.connect(lambda _checked=False, n=name: self.clear_chart_filter(n))
            chips.addWidget(button)
        chips.addStretch(1)

        self.search.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.returnPressed.connect(self.apply_filters)
        for box in (self.status_filter, self.label_filter, self.tag_filter):
            box.activated.connect(self.apply_filters)
        self.scope_filter.activated.connect(self._scope_chosen)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        model.modelAboutToBeReset.connect(self._before_reset)
        model.modelReset.connect(self._after_reset)
        model.rowsInserted.connect(self._rows_read)

    def set_team(self, annotator: str, given_out: bool, given_me: bool) -> None:
        """Where documents are given out, the list starts with the analyst's own (all of them
        for one given none, a reviewer say)."""
        if given_out != self.scope_filter.isHidden() and annotator == self._annotator:
            return
        self._annotator = annotator
        self.scope_filter.clear()
        if given_out:
            self.scope_filter.addItem("Mine", annotator)
            self.scope_filter.addItem("Everyone's", None)
            self.scope_filter.setCurrentIndex(0 if given_me else 1)
        self.scope_filter.setVisible(given_out)
        self.model.list_mine(annotator if given_out and given_me else None)

    def count_view(self, viewer: str, view: str) -> None:
        """The Spans and Open columns count the work the text shows (store.views)."""
        self.model.count_view(viewer, view)

    def show_all_documents(self) -> bool:
        """List every document again (to reach one that is not mine); False if it did already."""
        if self.model.mine is None:
            return False
        self.scope_filter.setCurrentIndex(1)
        self.model.list_mine(None)
        return True

    def _scope_chosen(self) -> None:
        current = self.current_document()
        self.model.list_mine(self.scope_filter.currentData())
        if current is not None:
            self.select_document(current, emit=False)

    def set_labels(self, labels: list[LabelRecord]) -> None:
        label_id = self.label_filter.currentData()
        self.label_filter.clear()
        self.label_filter.addItem("All labels", None)
        for label in labels:
            self.label_filter.addItem(label.name, label.id)
        self._keep_choice(self.label_filter, label_id)

    def set_tags(self, tags: list[str]) -> None:
        """The document tags in use; kept current as tags come and go, here or from outside."""
        shown = [self.tag_filter.itemData(row) for row in range(1, self.tag_filter.count())]
        if self.tag_filter.count() and shown == tags:
            return
        tag = self.tag_filter.currentData()
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        for name in tags:
            self.tag_filter.addItem(name, name)
        self._keep_choice(self.tag_filter, tag)

    def _keep_choice(self, box: QComboBox, chosen: object) -> None:
        """Choose again what was chosen; if it is gone, show all and filter by it no more."""
        found = box.findData(chosen)
        box.setCurrentIndex(max(0, found))
        if chosen is not None and found < 0:
            self.apply_filters()

    def drop_pending_search(self) -> None:
        """A search typed but not run yet never runs: the window closes, its database with it."""
        self._search_timer.stop()

    def show_only(
        self,
        *,
        status: str | None = None,
        label_id: int | None = None,
        chart: ChartFilters | None = None,
    ) -> None:
        """List what a chart's bar counts: documents of one status, with spans of one label,
        done on a day, given to an annotator or holding their spans. The bars count every
        analyst's documents, so a filter by day or annotator lists everyone's."""
        chart = chart or ChartFilters()
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(status)))
        self.label_filter.setCurrentIndex(max(0, self.label_filter.findData(label_id)))
        self.chart_filters = chart
        self._show_chart_filters()
        if chart.shown():
            self.show_all_documents()
        self.apply_filters()

    def clear_chart_filter(self, name: str) -> None:
        """Filter by that day or annotator no more (its button's click)."""
        self.chart_filters = replace(self.chart_filters, **{name: None})
        self._show_chart_filters()
        self.apply_filters()

    def _show_chart_filters(self) -> None:
        shown = dict(self.chart_filters.shown())
        for name, button in self._chart_buttons.items():
            button.setText(f"{shown.get(name, '')}  \u2715")
            button.setVisible(name in shown)
        self.chart_filter_row.setVisible(bool(shown))

    def apply_filters(self) -> None:
        current = self.current_document()
        old = self.model.query
        self.model.set_query(
            ListQuery(
                status=self.status_filter.currentData(),
                label_id=self.label_filter.currentData(),
                tag=self.tag_filter.currentData(),
                search=self.search.text(),
                sort=old.sort,
                descending=old.descending,
                done_on=self.chart_filters.done_on,
                given_to=self.chart_filters.given_to,
                spans_by=self.chart_filters.spans_by,
            )
        )
        self._keep_current(current, scroll=True)

    def shown_documents(self) -> list[int]:
        """The documents of the rows in sight (and the current one), top to bottom."""
        table = self.table
        ids = self.model.ids
        if not ids:
            return []
        top = table.rowAt(0)
        bottom = table.rowAt(table.viewport().height() - 1)
        top = 0 if top < 0 else top
        bottom = len(ids) - 1 if bottom < 0 else bottom
        shown = ids[top : bottom + 1]
        current = self.current_document()
        return shown if current is None or current in shown else [*shown, current]

    def current_document(self) -> int | None:
        """The document of the current row, or the one whose row is not read yet."""
        index = self.table.currentIndex()
        return self.model.document_id(index.row()) if index.isValid() else self._waiting

    def _keep_current(self, current: int | None, *, scroll: bool) -> None:
        """The current document's row again after the list was read anew: at once if it is
        in the first page, else once the rest of the list is read (store.list_pages)."""
        self._waiting = None
        if current is None or self.table.currentIndex().isValid():
            return
        if self.model.loaded(current):
            self.select_document(current, emit=False, scroll=scroll)
        elif not self.model.complete:
            self._waiting = current

    def _rows_read(self) -> None:
        if self._waiting is not None and not self.table.currentIndex().isValid():
            waiting, self._waiting = self._waiting, None
            self.select_document(waiting, emit=False, scroll=False)

    def _before_reset(self) -> None:
        self._current_before_reset = self.current_document()

    def _after_reset(self) -> None:
        self._keep_current(self._current_before_reset, scroll=False)

    def select_document(self, document_id: int, *, emit: bool = True, scroll: bool = True) -> bool:
        row = self.model.row_of(document_id)
        if row is None:
            return False
        self.table.blockSignals(not emit)
        self.table.selectionModel().blockSignals(not emit)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.selectionModel().blockSignals(False)
        self.table.blockSignals(False)
        if scroll:
            self.table.scrollTo(self.model.index(row, 0))
        return True

    def step(self, delta: int) -> None:
        if self._waiting is not None:
            self.model.read_rest()  # the current document's row, to step from
        row = self.table.currentIndex().row()
        target = min(max(row + delta, 0), self.model.rowCount() - 1)
        if target >= 0 and target != row:
            self.select_document(self.model.document_id(target))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.document_chosen.emit(self.model.document_id(current.row()))
