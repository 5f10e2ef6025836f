"""The relations lists' item model: rows of core.relation_rows, one relation each.

The same model serves the span inspector (a span's relations, read from its
side: the direction, the type, the other span) and the document panel's
Relations tab (every relation of the document: head, type, child).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap

from tagdesk.core.relation_rows import RelationRow
from tagdesk.gui.plain_text import escape
from tagdesk.gui.relation_sides import SIDES_ROLE

RELATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_TEXT = {"suggested": "Suggestion", "accepted": "Accepted", "rejected": "Rejected"}
# The side column is narrow: the status is a mark (its word in the tooltip), the two spans
# one column, so that their words get the room.
STATUS_MARK = {"suggested": "?", "accepted": "✓", "rejected": "✗"}
SPAN_COLUMNS = ("Type", "Other span", "")
DOCUMENT_COLUMNS = ("Type", "Relation", "")
TYPE_COLUMN, SPANS_COLUMN, STATUS_COLUMN = 0, 1, 2
Index = QModelIndex | QPersistentModelIndex


class RelationListModel(QAbstractTableModel):
    def __init__(self, *, of_span: bool) -> None:
        super().__init__()
        self.of_span = of_span
        self.rows: list[RelationRow] = []
        self._swatches: dict[str, QIcon] = {}

    def set_rows(self, rows: list[RelationRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, relation_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.relation.id == relation_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SPAN_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (SPAN_COLUMNS if self.of_span else DOCUMENT_COLUMNS)[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == STATUS_COLUMN:
            return "Status: ✓ accepted, ? suggestion, ✗ rejected"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(row)[column]
        if role == RELATION_ID_ROLE:
            return row.relation.id
        if role == SIDES_ROLE and column == SPANS_COLUMN and not self.of_span:
            return (row.head_text, "→" if row.directed else "—", row.child_text)
        if role == Qt.ItemDataRole.DecorationRole and column == TYPE_COLUMN:
            return self._swatch(row.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and row.relation.status == "rejected":
            return QColor(128, 128, 128)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == STATUS_COLUMN:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.FontRole and row.relation.status == "suggested":
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _cells(self, row: RelationRow) -> tuple[str, str, str]:
        status = STATUS_MARK.get(row.relation.status, row.relation.status)
        if self.of_span:
            return (row.type_name, f"{row.arrow} {row.other_text}", status)
        join = "→" if row.directed else "—"
        return (row.type_name, f"{row.head_text} {join} {row.child_text}", status)

    def _swatch(self, colour: str) -> QIcon:
        if colour not in self._swatches:
            pixmap = QPixmap(12, 12)
            pixmap.fill(QColor(colour))
            self._swatches[colour] = QIcon(pixmap)
        return self._swatches[colour]


def _tooltip(row: RelationRow) -> str:
    relation = row.relation
    status = STATUS_TEXT.get(relation.status, relation.status)
    lines = [
        f"<b>{escape(row.type_name)}</b> · {escape(status)}",
        f"{escape(row.head_words or row.head_text)} ({escape(row.head_label)}) "
        f"{'→' if row.directed else '—'} "
        f"{escape(row.child_words or row.child_text)} ({escape(row.child_label)})",
        f"source: {escape(relation.source)}",
    ]
    if relation.annotator:
        lines.append("by " + escape(relation.annotator))
    if relation.note:
        lines.append("note: " + escape(relation.note))
    return "<qt>" + "<br>".join(lines) + "</qt>"
