"""The Entities panel's table: every entity with its label, mentions, documents and aliases.

Rows are the registry the entity controller read (a thousand entities is a
thousand small records); the filter matches the name, key, external id and
aliases, and can narrow the list to the entities `link --auto` just proposed.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap

from tagdesk.core.entities import EntitySummary
from tagdesk.core.records import LabelRecord

ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Name", "Mentions", "Docs", "Aliases")
SWATCH = 12

Index = QModelIndex | QPersistentModelIndex


class EntityListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._all: list[EntitySummary] = []
        self._rows: list[EntitySummary] = []
        self._needle = ""
        self._only: frozenset[int] | None = None
        self._swatches: dict[str, QIcon] = {}
        self._colours: dict[str, str] = {}

    # -- contents -----------------------------------------------------------------

    def set_entities(self, entities: list[EntitySummary]) -> None:
        self._all = entities
        self._apply()

    def set_labels(self, labels: list[LabelRecord]) -> None:
        self._colours = {label.name: label.colour for label in labels}
        self._swatches = {}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def set_filter(self, needle: str) -> None:
        self._needle = needle.casefold().strip()
        self._apply()

    def show_only(self, entity_ids: Collection[int] | None) -> None:
        """Only these entities (those just proposed), or every one again with None."""
        self._only = None if entity_ids is None else frozenset(entity_ids)
        self._apply()

    @property
    def showing_only(self) -> bool:
        return self._only is not None

    def _apply(self) -> None:
        self.beginResetModel()
        self._rows = [entity for entity in self._all if self._wanted(entity)]
        self.endResetModel()

    def _wanted(self, entity: EntitySummary) -> bool:
        if self._only is not None and entity.record.id not in self._only:
            return False
        if not self._needle:
            return True
        record = entity.record
        words = (record.name, record.key, record.external_id, entity.label, *record.aliases)
        return any(self._needle in word.casefold() for word in words)

    def entity_at(self, row: int) -> EntitySummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, entity_id: int) -> int | None:
        return next((i for i, e in enumerate(self._rows) if e.record.id == entity_id), None)

    # -- Qt -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entity = self._rows[index.row()]
        record = entity.record
        column = index.column()
        if role == ENTITY_ID_ROLE:
            return record.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                record.name,
                str(entity.mentions),
                str(entity.documents),
                ", ".join(record.aliases),
            )[column]
        if role == SORT_ROLE:
            return (
                record.name.casefold(),
                entity.mentions,
                entity.documents,
                len(record.aliases),
            )[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._swatch(entity.label)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{record.name} ({entity.label})", f"key: {record.key}"]
            if record.external_id:
                lines.append(f"external id: {record.external_id}")
            if record.aliases:
                lines.append("aliases: " + ", ".join(record.aliases))
            if record.former_keys:
                lines.append("former keys: " + ", ".join(record.former_keys))
            if record.description:
                lines.append(record.description)
            return "\n".join(lines)
        return None

    def _swatch(self, label: str) -> QIcon:
        found = self._swatches.get(label)
        if found is None:
            pixmap = QPixmap(SWATCH, SWATCH)
            pixmap.fill(QColor(self._colours.get(label, "#999999")))
            found = self._swatches[label] = QIcon(pixmap)
        return found
