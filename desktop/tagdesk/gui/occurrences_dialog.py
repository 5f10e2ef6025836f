"""Label every occurrence of a text: review the list, untick what is wrong, apply."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.records import LabelRecord
from tagdesk.core.wording import counted
from tagdesk.store import Store
from tagdesk.store.document_list import Occurrence, find_occurrences

MAX_LISTED = 5000


class OccurrencesDialog(QDialog):
    def __init__(
        self,
        store: Store,
        needle: str,
        labels: list[LabelRecord],
        document_id: int,
        default_label: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.needle = needle
        self.document_id = document_id
        self.setWindowTitle("Label all occurrences")
        self.resize(720, 520)
        self._occurrences: list[Occurrence] = []

        self.label_box = QComboBox()
        for label in labels:
            self.label_box.addItem(label.name, label.id)
        if default_label is not None:
            self.label_box.setCurrentIndex(self.label_box.findData(default_label))
        self.scope = QComboBox()
        self.scope.addItem("This document", "document")
        self.scope.addItem("All documents", "corpus")
        self.summary = QLabel()
        self.list = QListWidget()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Label checked")
        form = QFormLayout()
        text = QLabel(needle)
        text.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("Text", text)
        form.addRow("Label", self.label_box)
        form.addRow("Where", self.scope)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)

        self.label_box.currentIndexChanged.connect(self._search)
        self.scope.currentIndexChanged.connect(self._search)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._search()

    def _search(self) -> None:
        in_document = self.scope.currentData() == "document"
        self._occurrences = find_occurrences(
            self.store,
            self.needle,
            document_id=self.document_id if in_document else None,
            label_id=self.label_box.currentData(),
        )[:MAX_LISTED]
        self.list.clear()
        for hit in self._occurrences:
            item = QListWidgetItem(f"{hit.title[:40]}  …{hit.context}…")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        documents = len({hit.document_id for hit in self._occurrences})
        self.summary.setText(
            f"{counted(len(self._occurrences), 'unlabelled occurrence')} "
            f"in {counted(documents, 'document')}"
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self._occurrences))

    def chosen_label(self) -> int:
        return int(self.label_box.currentData())

    def chosen_occurrences(self) -> list[Occurrence]:
        return [
            hit
            for row, hit in enumerate(self._occurrences)
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]
