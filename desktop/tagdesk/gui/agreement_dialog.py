"""How far the annotators agree, as a table: the figures `tagdesk agreement` prints.

The figures are computed in a worker thread (the tokenizer, spaCy's, loads
there too): the dialog opens at once saying it is computing, and a result
for a choice changed since is dropped by the runner's generation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.agreement import PairAgreement
from tagdesk.core.wording import counted
from tagdesk.gui.tasks import TaskControl, ThreadTaskRunner, store_task
from tagdesk.store import Store

HEADERS = ("Annotators", "Label", "Documents", "Span F1", "Overlap F1", "Token kappa")
FIGURES = ("span_f1", "overlap_f1", "token_kappa")
ALL_LABELS = "all labels"
COMPUTING = "Computing agreement…"
RELATION_HEADERS = ("Annotators", "Relation type", "Drawn", "Relation F1", "Overlap F1")
RELATION_FIGURES = ("relation_f1", "overlap_f1")
ALL_TYPES = "all types"


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
        self.busy = QProgressBar()  # no steps to count: it moves while the figures are computed
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(self.fontMetrics().height() // 2 + 4)
        self.results: list[PairAgreement] = []  # what the table shows
        self.runner = ThreadTaskRunner(self)
        self.table = self._table(HEADERS)
        self.relations_summary = QLabel()
        self.relations_summary.setWordWrap(True)
        self.relations_table = self._table(RELATION_HEADERS)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.every_document)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.relations_summary)
        layout.addWidget(self.relations_table, 2)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.every_document.toggled.connect(self.refresh)
        self.runner.finished.connect(self._show)
        self.runner.failed.connect(self._failed)
        self.resize(760, 560)
        self.refresh()

    def _table(self, headers: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return table

    def refresh(self) -> None:
        """Compute the figures for the choice made, in a worker; the table waits, greyed."""
        store, finished = self.store, not self.every_document.isChecked()

        def work(_control: TaskControl) -> list[PairAgreement]:
            return pair_results(store, finished=finished)

        self.summary.setText(COMPUTING)
        self.busy.show()
        self.table.setEnabled(False)
        self.relations_table.setEnabled(False)
        self.runner.start(store_task(store, work))

    def computing(self) -> bool:
        return self.runner.is_running()

    def _failed(self, message: str) -> None:
        self.busy.hide()
        self.summary.setText(f"Agreement could not be computed: {message}")

    def _show(self, value: object) -> None:
        assert isinstance(value, list)
        results: list[PairAgreement] = value
        self.results = results
        self.busy.hide()
        self.table.setEnabled(True)
        self.relations_table.setEnabled(True)
        every = self.every_document.isChecked()
        rows: list[tuple[bool, list[str]]] = []
        for result in results:
            for name, f in [(ALL_LABELS, result.overall), *result.by_label.items()]:
                overall = name == ALL_LABELS
                figures = f.as_json()
                rows.append(
                    (
                        overall,
                        [
                            " / ".join(result.annotators) if overall else "",
                            name,
                            str(result.documents) if overall else "",
                            *(f"{figures[key]:.3f}" for key in FIGURES),
                        ],
                    )
                )
        _fill(self.table, rows)
        relation_rows: list[tuple[bool, list[str]]] = []
        for result in results:
            types = [(ALL_TYPES, result.relations.overall), *result.relations.by_type.items()]
            for name, r in types:
                overall = name == ALL_TYPES
                relation_rows.append(
                    (
                        overall,
                        [
                            " / ".join(result.annotators) if overall else "",
                            name,
                            f"{r.first} / {r.second}",
                            f"{r.relation_f1:.3f}",
                            f"{r.overlap_f1:.3f}",
                        ],
                    )
                )
        _fill(self.relations_table, relation_rows)
        self.relations_summary.setText(
            "Relations: relation F1 needs the same type, direction and both spans; overlap F1 "
            "the same type and direction, each span sharing a character with the other's "
            "(same label). Drawn: each one's accepted relations."
        )
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
        return [result.as_json() for result in self.results]

    def done(self, result: int) -> None:
        self.runner.cancel()  # what it still computes is dropped
        self.runner.wait()
        super().done(result)


def _fill(table: QTableWidget, rows: list[tuple[bool, list[str]]]) -> None:
    """Rows of text, figures right-aligned from the third column, overall rows in bold."""
    table.setRowCount(len(rows))
    for row, (overall, cells) in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if overall:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(row, column, item)
