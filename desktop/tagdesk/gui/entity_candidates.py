"""The selected span's entity: the one it is linked to, and the entities it may name.

Shown under the span inspector. The candidates come ranked from the entity
controller (core.entity_clusters.rank_candidates); Ctrl+K links the first,
a double-click or the Link button the one chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.entities import EntitySummary
from tagdesk.core.records import SpanRecord
from tagdesk.core.wording import counted
from tagdesk.gui.entity_controller import Candidate
from tagdesk.gui.fitting_label import FittingLabel

ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
VISIBLE_CANDIDATES = 3


class EntityCandidates(QGroupBox):
    link_requested = Signal(int)  # entity id
    unlink_requested = Signal()
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Entity", parent)
        self.candidates: list[Candidate] = []
        self._span: SpanRecord | None = None
        self._empty_for: tuple[int | None] | None = None  # the span an empty list is shown for
        self.linked = FittingLabel()
        self.linked.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setToolTip("Entities this span may name, best first; double-click to link")
        row = self.list.fontMetrics().height() + 6
        self.list.setMinimumHeight(row * 2 + 6)
        self.list.setMaximumHeight(row * VISIBLE_CANDIDATES + 8)
        self.link_button = QPushButton("Link")
        self.link_button.setToolTip("Link the span to the chosen entity (Ctrl+K: the first)")
        self.unlink_button = QPushButton("Unlink")
        self.new_button = QPushButton("New entity")
        self.new_button.setToolTip("Make an entity named by this span and link the span to it")

        self.details = QWidget()  # hidden while no span is selected, its room kept: choosing
        kept = self.details.sizePolicy()  # a span, or none, moves nothing around the box
        kept.setRetainSizeWhenHidden(True)
        self.details.setSizePolicy(kept)
        buttons = QHBoxLayout()
        for button in (self.link_button, self.unlink_button, self.new_button):
            buttons.addWidget(button)
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(self.list)
        details.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.linked)
        layout.addWidget(self.details)

        self.list.itemDoubleClicked.connect(self._link_item)
        self.link_button.clicked.connect(self._link_chosen)
        self.unlink_button.clicked.connect(self.unlink_requested)
        self.new_button.clicked.connect(self.new_requested)
        self.show_span(None, None)

    def show_span(self, span: SpanRecord | None, entity: EntitySummary | None) -> None:
        """The span's link; its candidates follow (show_candidates) once they are ranked."""
        left = span is None or self._span is None or span.id != self._span.id
        self._span = span
        if left:
            self.show_candidates([])
        self.details.setVisible(span is not None)
        if span is None:
            self.linked.setText("Select a span to link it to an entity")
        elif entity is None:
            self.linked.setText("Not linked")
        else:
            record = entity.record
            key = " · ".join(part for part in (record.key, record.external_id) if part)
            self.linked.setText(f"{record.name}\n{key}")
        self.unlink_button.setEnabled(span is not None and span.entity_id is not None)
        self.new_button.setEnabled(span is not None)

    def show_candidates(self, candidates: list[Candidate]) -> None:
        """The ranked candidates; none for a span shown with none already is shown as it is
        (choosing a span clears the list, and its ranking, finding none, says so again)."""
        empty_for = (self._span.id if self._span is not None else None,)
        if not candidates and not self.candidates and self._empty_for == empty_for:
            return
        self._empty_for = None if candidates else empty_for
        self.candidates = candidates
        self.list.clear()
        for candidate in candidates:
            record = candidate.summary.record
            item = QListWidgetItem(f"{record.name}  {round(candidate.score * 100)}%")
            item.setData(ENTITY_ID_ROLE, record.id)
            aliases = ", ".join(record.aliases) or "no aliases"
            mentions = counted(candidate.summary.mentions, "mention")
            documents = counted(candidate.summary.documents, "document")
            item.setToolTip(f"{record.key}: {mentions} in {documents}; {aliases}")
            self.list.addItem(item)
        if candidates:
            self.list.setCurrentRow(0)
        elif self._span is not None:
            self.list.addItem(QListWidgetItem("No matching entity"))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.link_button.setEnabled(bool(candidates))

    def _link_item(self, item: QListWidgetItem) -> None:
        entity_id = item.data(ENTITY_ID_ROLE)
        if entity_id is not None:
            self.link_requested.emit(int(entity_id))

    def _link_chosen(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._link_item(item)
