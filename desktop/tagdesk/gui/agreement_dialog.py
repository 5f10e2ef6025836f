"""How far the annotators agree, as a table: the figures `tagdesk agreement` prints."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.agreement import PairAgreement
from tagdesk.core.wording import counted
from tagdesk.store import Store

HEADERS = ("Annotators", "Label", "Documents", "Span F1", "Overlap F1", "Token kappa")
FIGURES = ("span_f1", "overlap_f1", "token_kappa")
ALL_LABELS = "all labels"


def pair_results(store: Store, *, finished: bool) -> list[PairAgreement]:
    """Each pair's figures, computed as the command line computes them (team_commands.py)."""
    from tagdesk.core.agreement import agreement
    from tagdesk.nlp.tokens import spacy_tokenizer
    from tagdesk.store.agreement_data import documents_by_pair

    pairs = documents_by_pair(store, spacy_tokenizer(), finished=finished)
    return [agreement(pair, documents) for pair, documents in pairs.items()]


class AgreementDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Agreement")
        self.every_document = QCheckBox("Every document both have spans in, done or not")
        self.every_document.setToolTip(
            "Off: only the documents both annotators marked done (tagdesk agreement); "
            "on: as tagdesk agreement --all"
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.every_document)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.every_document.toggled.connect(self.refresh)
        self.resize(760, 420)
        self.refresh()

    def refresh(self) -> None:
        every = self.every_document.isChecked()
        results = pair_results(self.store, finished=not every)
        rows: list[tuple[PairAgreement, str, dict[str, float]]] = []
        for result in results:
            rows.append((result, ALL_LABELS, result.overall.as_json()))
            rows += [(result, name, f.as_json()) for name, f in result.by_label.items()]
        self.table.setRowCount(len(rows))
        for row, (result, label, figures) in enumerate(rows):
            overall = label == ALL_LABELS
            cells = [
                " / ".join(result.annotators) if overall else "",
                label,
                str(result.documents) if overall else "",
                *(f"{figures[key]:.3f}" for key in FIGURES),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if overall:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        if results:
            self.summary.setText(
                f"{counted(len(results), 'pair')} of annotators; span F1 needs the same start, "
                "end and label, overlap F1 the same label and one character shared"
            )
        else:
            self.summary.setText(
                "No two annotators have "
                + ("spans in one document" if every else "both marked one document done")
            )

    def figures(self) -> list[dict[str, object]]:
        """What the table shows, as `tagdesk agreement --json` writes it: for tests and copying."""
        return [
            r.as_json()
            for r in pair_results(self.store, finished=not self.every_document.isChecked())
        ]
