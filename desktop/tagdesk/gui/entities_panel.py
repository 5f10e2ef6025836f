"""The Entities panel: every entity, and the chosen one's mentions across the corpus.

A tab beside the document list (View > Entities), so it takes no height from
the text. It asks through `*_requested` signals and shows what it is given;
the entity controller writes and gui/entity_panes.py wires the two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.entities import EntityRecord, EntitySummary
from tagdesk.core.records import LabelRecord
from tagdesk.core.wording import counted
from tagdesk.gui.entity_controller import AutoLinked
from tagdesk.gui.entity_model import ENTITY_ID_ROLE, SORT_ROLE, EntityListModel
from tagdesk.gui.fitting_label import FittingLabel

if TYPE_CHECKING:
    from tagdesk.store.entity_mentions import EntityMention

SPAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
NAME_SHARE = 0.6  # of the table's width left by the counts; the aliases get the rest
NARROWEST_NAME = 170  # pixels: below this the aliases column gives the name its room
STATUS_TEXT = {"suggested": "suggestion", "accepted": "accepted", "rejected": "rejected"}


class EntitiesPanel(QWidget):
    entity_chosen = Signal(object)  # entity id | None
    merge_requested = Signal(list)  # entity ids
    split_requested = Signal(int, list, str)  # entity id, span ids, the new entity's name
    edit_requested = Signal(object)  # EntityRecord as edited
    link_all_requested = Signal()
    mention_opened = Signal(int, int)  # document id, span id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chosen: EntitySummary | None = None
        self.model = EntityListModel()
        self.sorted = QSortFilterProxyModel(self)
        self.sorted.setSourceModel(self.model)
        self.sorted.setSortRole(SORT_ROLE)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter entities")
        self.filter.setToolTip("Matches names, keys, aliases, external ids and labels")
        self.filter.setClearButtonEnabled(True)
        self.show_all_button = QPushButton("Show all")
        self.show_all_button.setToolTip("Show every entity, not only those just proposed")
        self.show_all_button.hide()
        self.link_all_button = QPushButton("Link automatically")
        self.link_all_button.setToolTip(
            "Link every unlinked span the matcher is sure of, and propose new entities "
            "for mentions that belong together: one step, Ctrl+Z undoes it"
        )
        self.banner = FittingLabel()
        self.banner.hide()
        self.table = QTableView()
        self.table.setModel(self.sorted)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # the aliases take what the name leaves
        self.merge_button = QPushButton("Merge")
        self.merge_button.setToolTip(
            "Make the chosen entities one: the one with the most mentions keeps its key"
        )
        self.edit_button = QPushButton("Edit…")
        self.count_label = QLabel()

        self.mentions_title = FittingLabel()
        self.mentions = QTableWidget(0, 3)
        self.mentions.setHorizontalHeaderLabels(["Document", "Text", "Status"])
        self.mentions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mentions.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.mentions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mentions.verticalHeader().hide()
        self.mentions.setWordWrap(False)
        self.mentions.setToolTip("Double-click a mention to open its document there")
        mention_header = self.mentions.horizontalHeader()
        mention_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        mention_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        mention_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.split_button = QPushButton("Split off…")
        self.split_button.setToolTip("Move the chosen mentions to a new entity")

        self._lay_out()
        self.filter.textChanged.connect(self.model.set_filter)
        self.show_all_button.clicked.connect(self.show_all)
        self.link_all_button.clicked.connect(self.link_all_requested)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.merge_button.clicked.connect(self._merge)
        self.edit_button.clicked.connect(self._edit)
        self.mentions.itemDoubleClicked.connect(self._open_mention)
        self.mentions.itemSelectionChanged.connect(self._update_buttons)
        self.split_button.clicked.connect(self._split)
        self._update_buttons()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.show_all_button)
        top.addWidget(self.link_all_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        entity_buttons = QHBoxLayout()
        entity_buttons.addWidget(self.count_label, 1)
        entity_buttons.addWidget(self.merge_button)
        entity_buttons.addWidget(self.edit_button)
        upper_layout.addLayout(entity_buttons)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.mentions_title)
        lower_layout.addWidget(self.mentions, 1)
        mention_buttons = QHBoxLayout()
        mention_buttons.addStretch(1)
        mention_buttons.addWidget(self.split_button)
        lower_layout.addLayout(mention_buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        split.setHandleWidth(9)
        split.setSizes([400, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_columns)  # once the table has its new width

    def _fit_columns(self) -> None:
        """The name keeps most of a narrow table; the aliases (in each row's tooltip too)
        take the rest, so no column is pushed out of sight."""
        header = self.table.horizontalHeader()
        counts = header.sectionSizeHint(1) + header.sectionSizeHint(2)
        left = self.table.viewport().width() - counts
        narrow = left < NARROWEST_NAME / NAME_SHARE  # (1024x700): the aliases only in tooltips
        header.setSectionHidden(3, narrow)
        header.setStretchLastSection(not narrow)
        name = left if narrow else int(left * NAME_SHARE)
        header.resizeSection(0, max(name, header.minimumSectionSize()))

    # -- what it shows ------------------------------------------------------------------

    def set_labels(self, labels: list[LabelRecord]) -> None:
        self.model.set_labels(labels)

    def set_entities(self, entities: list[EntitySummary]) -> None:
        """The registry again: the chosen entities stay chosen while they are there."""
        chosen = self.chosen_ids()
        self.model.set_entities(entities)
        self._select(chosen)
        self.count_label.setText(counted(len(entities), "entity"))
        self._fit_columns()

    def show_mentions(self, entity: EntitySummary | None, mentions: list[EntityMention]) -> None:
        self._chosen = entity
        self.mentions.setRowCount(0)
        if entity is None:
            self.mentions_title.setText("Choose an entity to see its mentions")
        else:
            documents = len({mention.document_id for mention in mentions})
            self.mentions_title.setText(
                f"{entity.record.name}: {counted(len(mentions), 'mention')} in "
                f"{counted(documents, 'document')}"
            )
        self.mentions.setRowCount(len(mentions))
        for row, mention in enumerate(mentions):
            cells = (mention.title, mention.text, STATUS_TEXT.get(mention.status, mention.status))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(" ".join(text.split()))
                item.setData(SPAN_ID_ROLE, mention.span_id)
                item.setData(DOCUMENT_ID_ROLE, mention.document_id)
                item.setToolTip(text)
                self.mentions.setItem(row, column, item)
        self._update_buttons()

    def show_auto_linked(self, result: AutoLinked) -> None:
        """Say what linking did; the entities it proposed are listed for review."""
        text = result.describe()
        if result.created:
            text += ". The new entities are listed: merge, split or edit them, or Ctrl+Z"
            self.filter.clear()
            self.model.show_only(result.created)
            self.show_all_button.show()
        self.banner.setText(text)
        self.banner.show()

    def show_all(self) -> None:
        self.model.show_only(None)
        self.show_all_button.hide()
        self.banner.hide()

    def set_busy(self, busy: bool) -> None:
        self.link_all_button.setEnabled(not busy)
        self.link_all_button.setText("Linking…" if busy else "Link automatically")

    def chosen_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [int(self.sorted.data(index, ENTITY_ID_ROLE)) for index in rows]

    def choose(self, entity_id: int) -> None:
        self._select([entity_id])

    def _select(self, entity_ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        selection.clearSelection()
        first = None
        for entity_id in entity_ids:
            row = self.model.row_of(entity_id)
            if row is None:
                continue
            index = self.sorted.mapFromSource(self.model.index(row, 0))
            first = first or index
            selection.select(
                index,
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        if first is not None:
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(first)
        selection.blockSignals(False)
        self._selection_changed()

    # -- what it asks ------------------------------------------------------------------

    def _selection_changed(self) -> None:
        chosen = self.chosen_ids()
        self.entity_chosen.emit(chosen[0] if len(chosen) == 1 else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.chosen_ids()
        self.merge_button.setEnabled(len(chosen) >= 2)
        self.edit_button.setEnabled(len(chosen) == 1)
        self.split_button.setEnabled(self._chosen is not None and bool(self._chosen_spans()))

    def _chosen_spans(self) -> list[int]:
        rows = sorted({index.row() for index in self.mentions.selectedIndexes()})
        return [int(self.mentions.model().index(row, 0).data(SPAN_ID_ROLE)) for row in rows]

    def _merge(self) -> None:
        chosen = self.chosen_ids()
        if len(chosen) >= 2:
            self.merge_requested.emit(chosen)

    def _edit(self) -> None:
        chosen = self.chosen_ids()
        entity = self._chosen
        if len(chosen) != 1 or entity is None or entity.record.id != chosen[0]:
            return
        from tagdesk.gui.entity_dialog import EntityDialog  # the dialog's Qt classes wait for it

        dialog = EntityDialog(entity.record, entity.label, self)
        if dialog.exec():
            edited: EntityRecord = dialog.edited()
            if edited != entity.record:
                self.edit_requested.emit(edited)

    def _split(self) -> None:
        entity = self._chosen
        spans = self._chosen_spans()
        if entity is None or not spans:
            return
        first_row = min(index.row() for index in self.mentions.selectedIndexes())
        first = str(self.mentions.model().index(first_row, 1).data())
        name, ok = QInputDialog.getText(
            self,
            "Split off a new entity",
            f"Move {counted(len(spans), 'mention')} of {entity.record.name} to a new entity named",
            text=first,
        )
        if ok and name.strip():
            self.split_requested.emit(entity.record.id, spans, name.strip())

    def _open_mention(self, item: QTableWidgetItem) -> None:
        self.mention_opened.emit(int(item.data(DOCUMENT_ID_ROLE)), int(item.data(SPAN_ID_ROLE)))
