"""File > Export: format, where, which documents and spans, with progress and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.errors import TagdeskError
from tagdesk.core.exported import ExportSummary
from tagdesk.core.wording import counted, sentence
from tagdesk.formats.registry import FORMATS, exportable
from tagdesk.gui.tasks import TaskControl, ThreadTaskRunner, store_task
from tagdesk.store import Store
from tagdesk.store.reading import (
    count_export_documents,
    document_tag_names_in_use,
    label_names,
)
from tagdesk.transfer import ExportFilter, check_export_targets, export_file

SUFFIX = {
    "spacy-jsonl": ".jsonl",
    "docbin": ".spacy",
    "doccano": ".jsonl",
    "label-studio": ".json",
    "conll": ".conll",
}


class ExportDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.summary: ExportSummary | None = None
        self.setWindowTitle("Export")
        self.resize(620, 560)
        self.runner = ThreadTaskRunner(self)
        self._stop = threading.Event()  # Stop asks; the worker says what really happened

        self.format_box = QComboBox()
        for name in exportable():
            self.format_box.addItem(name, name)
            self.format_box.setItemData(
                self.format_box.count() - 1, FORMATS[name].description, Qt.ItemDataRole.ToolTipRole
            )
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setPlaceholderText("Where to write the export")
        self.browse = QPushButton("Browse…")
        self.done_only = QRadioButton("Documents marked done")
        self.all_documents = QRadioButton("All documents")
        self.done_only.setChecked(True)
        self.accepted_only = QRadioButton("Accepted spans")
        self.with_suggestions = QRadioButton("Accepted spans and open suggestions")
        self.accepted_only.setChecked(True)
        self.suggested_relations = QCheckBox("Suggested relations too")
        self.suggested_relations.setToolTip(
            "Off: accepted relations only (tagdesk export --relations accepted); on: suggested "
            "ones too (--relations all). A relation is written only when both its spans are; "
            "the others are counted when the export is done"
        )
        self._groups = [QButtonGroup(self), QButtonGroup(self)]
        for button in (self.done_only, self.all_documents):
            self._groups[0].addButton(button)
        for button in (self.accepted_only, self.with_suggestions):
            self._groups[1].addButton(button)
        self.labels = _checklist(label_names(store))
        self.tags = _checklist(document_tag_names_in_use(store))
        self.split_enabled = QCheckBox("Split into train and dev, train share")
        self.split = QDoubleSpinBox()
        self.split.setRange(0.05, 0.95)
        self.split.setSingleStep(0.05)
        self.split.setValue(0.8)
        self.unit = QComboBox()
        self.unit.addItem("UTF-16 units (doccano's editor)", "utf16")
        self.unit.addItem("Code points (Python, spaCy)", "codepoint")
        self.no_overlap = QCheckBox("Leave out overlapping spans")
        self.no_overlap.setToolTip(
            "A doccano project that disallows overlapping spans drops them on its import; "
            "left out here, each is listed when the export is done"
        )
        self.count = QLabel()
        self.progress = QProgressBar()
        self.progress.hide()
        self.left_out = QListWidget()  # the spans an export could not write, one a line
        self.left_out.setWordWrap(True)
        self.left_out.setMaximumHeight(120)
        self.left_out.hide()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")

        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.browse)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_enabled)
        split_row.addWidget(self.split)
        split_row.addStretch(1)
        self.split_row = QWidget()
        self.split_row.setLayout(split_row)
        filters = QHBoxLayout()
        for title, widget in (
            ("Only these labels (none ticked: all)", self.labels),
            ("Only documents tagged (none ticked: all)", self.tags),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(widget)
            filters.addLayout(column)
        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("", self.description)
        form.addRow("Save to", where)
        form.addRow("Documents", self.done_only)
        form.addRow("", self.all_documents)
        form.addRow("Spans", self.accepted_only)
        form.addRow("", self.with_suggestions)
        form.addRow("Relations", self.suggested_relations)
        form.addRow("", self.split_row)
        form.addRow("Offsets", self.unit)
        form.addRow("", self.no_overlap)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(filters, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.progress)
        layout.addWidget(self.left_out)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)

        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.browse.clicked.connect(self._browse)
        for button in (self.done_only, self.all_documents):
            button.toggled.connect(self._update_count)
        self.tags.itemChanged.connect(self._update_count)
        self.path.textChanged.connect(self._update_buttons)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self._cancel_or_close)
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._cancelled)
        self._format_changed()

    # -- choices ------------------------------------------------------------------

    def format_name(self) -> str:
        return str(self.format_box.currentData())

    def selection(self) -> ExportFilter:
        return ExportFilter(
            documents="done" if self.done_only.isChecked() else "all",
            spans="accepted" if self.accepted_only.isChecked() else "all",
            labels=_checked(self.labels),
            tags=_checked(self.tags),
            relations="all" if self.suggested_relations.isChecked() else "accepted",
        )

    def _format_changed(self) -> None:
        chosen = FORMATS[self.format_name()]
        self.description.setText(chosen.description)
        self.split_row.setVisible("split" in chosen.options)
        self.unit.setEnabled("unit" in chosen.options)
        self.no_overlap.setVisible("overlap" in chosen.options)
        text = self.path.text().strip()
        if text and not chosen.folder:
            self.path.setText(str(Path(text).with_suffix(SUFFIX.get(chosen.name, ".out"))))
        self._update_count()
        self._update_buttons()

    def _browse(self) -> None:
        chosen = FORMATS[self.format_name()]
        if chosen.folder:
            path = QFileDialog.getExistingDirectory(self, "Export into folder")
        else:
            suffix = SUFFIX.get(chosen.name, "")
            path, _ = QFileDialog.getSaveFileName(
                self, "Export to", f"export{suffix}", f"{chosen.name} (*{suffix})"
            )
        if path:
            self.path.setText(path)

    def _update_count(self) -> None:
        selection = self.selection()
        count = count_export_documents(
            self.store,
            document_statuses=selection.document_statuses(),
            document_tags=selection.tags or None,
        )
        self.count.setText(f"{counted(count, 'document')} will be exported")

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(
            bool(self.path.text().strip()) and not self.runner.is_running()
        )

    # -- running --------------------------------------------------------------------

    def start(self) -> None:
        out = Path(self.path.text().strip()).expanduser()
        format_name = self.format_name()
        selection = self.selection()
        wants_split = "split" in FORMATS[format_name].options and self.split_enabled.isChecked()
        split = self.split.value() if wants_split else None
        overlap = not ("overlap" in FORMATS[format_name].options and self.no_overlap.isChecked())
        try:  # at once, before any work: the same refusal the command line prints
            check_export_targets(
                self.store, out, format_name=format_name, split=split, overlap=overlap
            )
        except TagdeskError as error:
            self._failed(str(error))
            return
        unit = self.unit.currentData()
        store = self.store
        stop = self._stop
        stop.clear()

        def work(control: TaskControl) -> ExportSummary:
            return export_file(
                store,
                out,
                format_name=format_name,
                selection=selection,
                progress=lambda done, total: control.report((done, total)),
                cancelled=lambda: control.cancelled or stop.is_set(),
                unit=unit,
                split=split,
                overlap=overlap,
            )

        self.outcome.clear()
        self.left_out.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.export_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Stop")
        self.runner.start(store_task(store, work))

    def _progress(self, value: object) -> None:
        assert isinstance(value, tuple)
        written, total = int(value[0]), int(value[1])
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(written)

    def _finished(self, summary: object) -> None:
        assert isinstance(summary, ExportSummary)
        self.summary = summary
        self._idle()
        self.left_out.clear()
        said = [problem.describe() for problem in summary.problems]
        for line in [*said, *summary.relations_unwritten]:
            item = QListWidgetItem(sentence(line))
            item.setToolTip(line)
            self.left_out.addItem(item)
        self.left_out.setVisible(bool(summary.problems or summary.relations_unwritten))
        self.outcome.setText(summary.describe())  # "... left out (listed above)"
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")

    def _failed(self, message: str) -> None:
        self._idle()
        self.outcome.setText(f"Export failed: {message}")

    def _cancelled(self) -> None:
        self._idle()
        self.outcome.setText(
            "Export stopped; nothing was written and any earlier file is unchanged."
        )

    def _idle(self) -> None:
        self.progress.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
        self._update_buttons()

    def _cancel_or_close(self) -> None:
        if self.runner.is_running():
            self._stop.set()  # the export ends at the next document, or finishes first
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Stopping…")
        else:
            self.reject()

    def done(self, result: int) -> None:
        self._stop.set()
        self.runner.wait(timeout=24 * 3600)  # an export is never cut off half-written
        super().done(result)


def _checklist(names: list[str]) -> QListWidget:
    widget = QListWidget()
    for name in names:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def _checked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        widget.item(row).text()
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    )
