"""The label palette's model: colour swatch, name, hotkey and count in this document."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from tagdesk.core.records import LabelRecord

LABEL_ID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


class LabelListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._labels: list[LabelRecord] = []
        self._counts: dict[int, int] = {}
        self._swatches: dict[str, QIcon] = {}

    def set_labels(self, labels: list[LabelRecord]) -> None:
        self.beginResetModel()
        self._labels = list(labels)
        self.endResetModel()

    def set_counts(self, counts: dict[int, int]) -> None:
        """Only the rows whose count changed are repainted: an edit changes one or two."""
        old, self._counts = self._counts, counts
        for row, label in enumerate(self._labels):
            if old.get(label.id, 0) != counts.get(label.id, 0):
                self.dataChanged.emit(self.index(row), self.index(row))

    def label_at(self, row: int) -> LabelRecord:
        return self._labels[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._labels)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._labels):
            return None
        label = self._labels[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            count = self._counts.get(label.id, 0)
            hotkey = f"[{label.hotkey}]  " if label.hotkey else ""
            return f"{hotkey}{label.name}" + (f"  ·  {count}" if count else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return self._swatch(label.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return label.description or label.name
        if role == LABEL_ID_ROLE:
            return label.id
        return None

    def _swatch(self, colour: str) -> QIcon:
        icon = self._swatches.get(colour)
        if icon is None:
            pixmap = QPixmap(14, 14)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor(colour))
            painter.setPen(QColor(colour).darker(140))
            painter.drawRoundedRect(1, 1, 12, 12, 3, 3)
            painter.end()
            icon = QIcon(pixmap)
            self._swatches[colour] = icon
        return icon
