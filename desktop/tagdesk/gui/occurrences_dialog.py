"""Label every occurrence of a text: review the list, untick what is wrong, apply.

The search runs in a thread: across a large corpus it reads every document
that holds the text, and the window keeps drawing and answering meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.records import LabelRecord
from tagdesk.core.wording import counted
from tagdesk.gui.tasks import TaskControl, ThreadTaskRunner, store_task
from tagdesk.store import Store
from tagdesk.store.document_list import Occurrence, find_occurrences

MAX_LISTED = 5000


class OccurrencesDialog(QDialog):
    results_shown = Signal()  # a search finished and its list is on screen

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
        self.runner = ThreadTaskRunner(self)

        self.label_box = QComboBox()
        for label in labels:
            self.label_box.addItem(label.name, label.id)
        if default_label is not None:
            self.label_box.setCurrentIndex(self.label_box.findData(default_label))
        self.scope = QComboBox()
        self.scope.addItem("This document", "document")
        self.scope.addItem("All documents", "corpus")
        self.summary = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop searching; nothing is labelled")
        self.stop_button.hide()
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
        status = QHBoxLayout()
        status.addWidget(self.summary, 1)
        status.addWidget(self.progress)
        status.addWidget(self.stop_button)
        layout.addLayout(status)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)

        self.label_box.currentIndexChanged.connect(self._search)
        self.scope.currentIndexChanged.connect(self._search)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.stop_button.clicked.connect(self.runner.cancel)
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self._show)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._stopped)
        self._search()

    def searching(self) -> bool:
        return self.runner.is_running()

    def _search(self) -> None:
        """Search again for the chosen label and scope; a search still running is dropped."""
        self.runner.cancel()
        store, needle = self.store, self.needle
        document_id = self.document_id if self.scope.currentData() == "document" else None
        label_id = self.label_box.currentData()

        def work(control: TaskControl) -> list[Occurrence]:
            return find_occurrences(
                store,
                needle,
                document_id=document_id,
                label_id=label_id,
                limit=MAX_LISTED,
                progress=lambda done, total: control.report((done, total)),
                cancelled=lambda: control.cancelled,
            )

        self._occurrences = []
        self.list.clear()
        self.summary.setText("Searching…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.stop_button.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.runner.start(store_task(store, work))

    def _progress(self, value: object) -> None:
        assert isinstance(value, tuple)
        done, total = value
        self.progress.setRange(0, max(int(total), 1))
        self.progress.setValue(int(done))
        self.summary.setText(f"Searching… {done} of {counted(int(total), 'document')} read")

    def _show(self, found: object) -> None:
        assert isinstance(found, list)
        self._idle()
        self._occurrences = found
        self.list.setUpdatesEnabled(False)
        for hit in found:
            item = QListWidgetItem(f"{hit.title[:40]}  …{hit.context}…")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.setUpdatesEnabled(True)
        documents = len({hit.document_id for hit in found})
        self.summary.setText(
            f"{counted(len(found), 'unlabelled occurrence')} in {counted(documents, 'document')}"
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(found))
        self.results_shown.emit()

    def _failed(self, message: str) -> None:
        self._idle()
        self.summary.setText(f"Search failed: {message}")

    def _stopped(self) -> None:
        self._idle()
        self.summary.setText("Search stopped; choose the label or scope to search again")

    def _idle(self) -> None:
        self.progress.hide()
        self.stop_button.hide()

    def done(self, result: int) -> None:
        """Closing stops a search at the next document and waits for its thread."""
        self.runner.cancel()
        self.runner.wait()
        super().done(result)

    def chosen_label(self) -> int:
        return int(self.label_box.currentData())

    def chosen_occurrences(self) -> list[Occurrence]:
        return [
            hit
            for row, hit in enumerate(self._occurrences)
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]
