"""File > Train a model: `tagdesk train` in its own process, with progress, Cancel and the figures.

Training loads spaCy and runs for minutes, so it never runs in the window's
process. The new pipeline goes to a new folder under the data folder's
`models`, named by the time it started; the command writes it beside that
name and renames it into place at the end, so Cancel (or a failure) leaves
no folder, and nothing that exists is ever written over.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.wording import counted
from tagdesk.gui.plain_text import literal
from tagdesk.gui.preannotate_job import tagdesk_command
from tagdesk.gui.tasks import KILL_AFTER_MS, ProcessTaskRunner
from tagdesk.paths import child_database
from tagdesk.store import Store

MODELS_FOLDER = "models"


def new_model_folder(data_dir: Path) -> Path:
    """A folder name under data_dir/models that nothing holds yet; the folder is not made."""
    base = data_dir / MODELS_FOLDER
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = base / f"model-{stamp}"
    number = 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = base / f"model-{stamp}-{number}"
    return candidate


class TrainDialog(QDialog):
    """Start, follow and stop one training; `use_requested(folder)` asks to pre-annotate with it."""

    use_requested = Signal(str)

    def __init__(self, store: Store, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Train a model")
        self.store = store
        self.data_dir = data_dir
        self.report: dict[str, Any] | None = None
        self.target: Path | None = None
        self._runner = ProcessTaskRunner(self)

        self.intro = QLabel(
            "Fine-tunes the entity recogniser of the pipeline that pre-annotates on your "
            "decisions. A fifth of the documents is held out and scored before and after."
        )
        self.intro.setWordWrap(True)
        self.all_documents = QCheckBox("Also learn from decided spans in documents not done")
        self.steps = QSpinBox()
        self.steps.setRange(0, 100_000)
        self.steps.setSpecialValueText("10 passes over the documents")
        self.steps.setSuffix(" steps")
        self.progress = QProgressBar()
        self.progress.hide()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.figures = QTableWidget(0, 3)
        self.figures.setHorizontalHeaderLabels(["Label", "F before", "F trained"])
        self.figures.verticalHeader().hide()
        self.figures.hide()
        self.buttons = QDialogButtonBox()
        self.train_button = QPushButton("Train")
        self.use_button = QPushButton("Pre-annotate with it")
        self.use_button.hide()
        self.close_button = QPushButton("Close")
        self.buttons.addButton(self.train_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)

        form = QFormLayout()
        form.addRow("Learn from", self.all_documents)
        form.addRow("Stop after", self.steps)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addWidget(self.figures, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 420)

        self.train_button.clicked.connect(self.start)
        self.use_button.clicked.connect(self._use)
        self.close_button.clicked.connect(self._cancel_or_close)
        self._runner.progress.connect(self._progress)
        self._runner.finished.connect(self._finished)
        self._runner.failed.connect(self._failed)
        self._runner.cancelled.connect(self._cancelled)

    def arguments(self, target: Path) -> list[str]:
        database, _ = child_database(self.store.target)
        arguments = ["train", str(target), *database, "--progress", "json"]
        if self.all_documents.isChecked():
            arguments += ["--status", "all"]
        if self.steps.value():
            arguments += ["--max-steps", str(self.steps.value())]
        return arguments

    def start(self) -> None:
        self.target = new_model_folder(self.data_dir)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        program, *prefix = tagdesk_command()
        _, environment = child_database(self.store.target)
        self.report = None
        self.figures.hide()
        self.use_button.hide()
        self.outcome.setText("Loading the pipeline…")
        self.progress.setRange(0, 0)
        self.progress.show()
        for control in (self.train_button, self.all_documents, self.steps):
            control.setEnabled(False)  # a run's options are fixed when it starts
        self.close_button.setText("Cancel")
        self._runner.start(program, [*prefix, *self.arguments(self.target)], environment)

    def is_running(self) -> bool:
        return self._runner.is_running()

    def shutdown(self, msecs: int = KILL_AFTER_MS) -> None:
        self._runner.cancel()
        self._runner.wait(msecs)

    def _progress(self, message: dict[str, Any]) -> None:
        done, total = int(message.get("done", 0)), int(message.get("total", 0))
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.outcome.setText(f"Training: step {done} of {total}")

    def _finished(self, report: object) -> None:
        assert isinstance(report, dict)
        self.report = report
        self._idle()
        self.outcome.setText(
            literal(
                f"Version {report['version']} written to {report['model']}; its suggestions "
                f"name {report['source']}. Trained on "
                f"{counted(int(report['train_documents']), 'document')}, scored on "
                f"{report['dev_documents']} held out."
            )
        )
        self._show_figures(report["base"], report["trained"])
        self.use_button.show()

    def _show_figures(self, base: dict[str, Any], trained: dict[str, Any]) -> None:
        labels = sorted(set(base["by_label"]) | set(trained["by_label"]))
        rows = [("All labels", base.get("ents_f"), trained.get("ents_f"))]
        rows += [
            (
                label,
                (base["by_label"].get(label) or {}).get("f"),
                (trained["by_label"].get(label) or {}).get("f"),
            )
            for label in labels
        ]
        self.figures.setRowCount(len(rows))
        for row, (label, before, after) in enumerate(rows):
            self.figures.setItem(row, 0, QTableWidgetItem(label))
            for column, value in ((1, before), (2, after)):
                text = "–" if value is None else f"{100 * float(value):.1f}"
                self.figures.setItem(row, column, QTableWidgetItem(text))
        self.figures.resizeColumnsToContents()
        self.figures.horizontalHeader().setStretchLastSection(True)
        self.figures.show()

    def _failed(self, message: str) -> None:
        self._idle()
        self.outcome.setText(
            literal(f"Training failed: {message.removeprefix('tagdesk: error: ')}")
        )

    def _cancelled(self) -> None:
        self._idle()
        self.outcome.setText("Training stopped; no model was written.")

    def _idle(self) -> None:
        self.progress.hide()
        for control in (self.train_button, self.all_documents, self.steps):
            control.setEnabled(True)
        self.close_button.setText("Close")

    def _use(self) -> None:
        if self.report is not None:
            self.use_requested.emit(str(self.report["model"]))
            self.use_button.hide()
            self.outcome.setText(self.outcome.text() + " It now pre-annotates.")

    def _cancel_or_close(self) -> None:
        if self._runner.is_running():
            self._runner.cancel()
            return
        self.reject()

    def done(self, result: int) -> None:
        """Closing the dialog (Escape, the title bar) while training stops the training."""
        if self._runner.is_running():
            self.shutdown()
        super().done(result)
