"""Give documents to annotators from the window: what `tagdesk assign` does."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.changes import ChangeReport
from tagdesk.core.errors import TagdeskError
from tagdesk.core.team import GOLD
from tagdesk.core.wording import counted
from tagdesk.store import Store
from tagdesk.store.assignments import AssignSummary, assign_documents
from tagdesk.store.views import known_annotators


class AssignDialog(QDialog):
    """Annotators, overlap and which documents; OK calls store.assignments.assign_documents."""

    def __init__(
        self, store: Store, listed: list[int], me: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.listed = listed
        self.summary: AssignSummary | None = None
        self.setWindowTitle("Assign documents")
        names = [name for name in known_annotators(store) if name != GOLD] or [me]
        self.annotators = QLineEdit(", ".join(names))
        self.annotators.setPlaceholderText("ana, ben, cleo")
        self.annotators.setToolTip("Who to give documents to, names separated by commas")
        self.overlap = QSpinBox()
        self.overlap.setRange(1, 99)
        self.overlap.setValue(min(2, max(1, len(names))))
        self.overlap.setToolTip("Annotators per document: 2 or more for double annotation")
        self.every = QRadioButton("Every document")
        self.shown = QRadioButton(f"The {counted(len(listed), 'document')} listed")
        self.every.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.every)
        group.addButton(self.shown)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: palette(highlight)")
        note = QLabel(
            "Assignments already made are kept; a document gets only the annotators it lacks, "
            "those who hold the fewest documents first."
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Annotators", self.annotators)
        form.addRow("Per document", self.overlap)
        form.addRow("Documents", self.every)
        form.addRow("", self.shown)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Assign")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.assign)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)

    def names(self) -> list[str]:
        return [name.strip() for name in self.annotators.text().split(",") if name.strip()]

    def assign(self) -> None:
        """Give them out; a problem is said in the dialog and nothing is written."""
        documents = self.listed if self.shown.isChecked() else None
        try:
            self.summary = assign_documents(
                self.store, self.names(), self.overlap.value(), documents
            )
        except TagdeskError as error:
            self.problem.setText(str(error).replace("--annotators: ", "").replace("--", ""))
            return
        self.accept()

    def report(self) -> ChangeReport:
        """What the window refreshes after it: the list's statuses."""
        return ChangeReport(outside=True)
