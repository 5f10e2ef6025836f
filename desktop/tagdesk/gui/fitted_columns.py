"""Table columns as wide as their contents, fitted when the rows change, not at every cell.

Qt's ResizeToContents measures the sampled rows of every such column again
at each dataChanged, synchronously: 20-40 ms for a list of shown rows, once
for each row a refresh names, and a pre-annotation batch names 32. Here the
columns are measured as ResizeToContents would when the rows are read anew
(a reset, a sort, rows added), and a change widens a column only if the
changed rows in sight need more room, measuring just those cells.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView


class FittedColumns(QObject):
    def __init__(self, table: QTableView, columns: range) -> None:
        super().__init__(table)
        self.table = table
        self.columns = columns
        header = table.horizontalHeader()
        for column in columns:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self._fit_soon = QTimer(self)
        self._fit_soon.setSingleShot(True)
        self._fit_soon.setInterval(0)
        self._fit_soon.timeout.connect(self.fit)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged):
            signal.connect(self._fit_soon.start)
        model.rowsInserted.connect(self._rows_inserted)
        model.dataChanged.connect(self._widen)
        self._fit_soon.start()

    def fit(self) -> None:
        """Each column as wide as its title and the sampled rows need."""
        header = self.table.horizontalHeader()
        for column in self.columns:
            wanted = max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column))
            header.resizeSection(column, wanted)

    def _rows_inserted(self, _parent: QModelIndex, first: int, _last: int) -> None:
        """Rows added below the sampled ones (the rest of a list read behind its first page)
        change no width the columns were fitted to."""
        table = self.table
        sampled_to = table.rowAt(table.viewport().height() - 1)
        precision = table.horizontalHeader().resizeContentsPrecision()
        if sampled_to < 0 or first <= sampled_to + max(precision, 0):
            self._fit_soon.start()

    def _widen(self, top: QModelIndex, bottom: QModelIndex, *_roles: object) -> None:
        """The changed rows in sight, measured: a column too narrow for them grows."""
        table = self.table
        first = max(top.row(), table.rowAt(0), 0)
        last = table.rowAt(table.viewport().height() - 1)
        last = bottom.row() if last < 0 else min(bottom.row(), last)
        if first > last:
            return
        header = table.horizontalHeader()
        model = table.model()
        for column in self.columns:
            if not top.column() <= column <= bottom.column():
                continue
            wanted = max(
                (
                    table.sizeHintForIndex(model.index(row, column))
                    for row in range(first, last + 1)
                ),
                key=lambda size: size.width(),
                default=None,
            )
            if wanted is not None and wanted.width() > header.sectionSize(column):
                header.resizeSection(column, wanted.width())
