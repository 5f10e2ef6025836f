"""Edit the label scheme: add, rename, recolour, set hotkeys, describe."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.colours import READABLE_CONTRAST, best_contrast, text_colour_for
from tagdesk.core.labels import colour_for
from tagdesk.core.records import LabelRecord
from tagdesk.gui import scheme_edits
from tagdesk.gui.actions import window_keys
from tagdesk.gui.relation_types_editor import Record, RelationTypesEditor
from tagdesk.store import Store
from tagdesk.store.labels import list_labels
from tagdesk.store.operations import delete_label, save_label


class LabelSchemeDialog(QDialog):
    """A label's edits are saved with Save label; Close, another label or New label with
    edits not yet saved asks whether to save them, so none is lost without a word.

    Edits are not written as they are typed: a half-typed name would clash with
    another label, or rename one for the length of a word. Each save and
    delete reports what it changed (`changed`), so the window behind follows.
    Relation types are saved as steps of the window's undo history when it
    gives `record` (AnnotationController.record_step): Ctrl+Z takes them back.
    """

    changed = Signal(object)  # ChangeReport

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        record: Record | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Label scheme")
        self.resize(680, 520)
        self.list = QListWidget()
        self.name = QLineEdit()
        self.hotkey = QLineEdit()
        self.hotkey.setMaxLength(1)
        self.hotkey.setPlaceholderText("1-9 or a letter")
        self.description = QLineEdit()
        self.colour_button = QPushButton()
        self.contrast_note = QLabel()
        self.contrast_note.setWordWrap(True)
        self.contrast_note.setStyleSheet("color: #a33a00;")
        self.contrast_note.hide()
        self.save_button = QPushButton("Save label")
        self.add_button = QPushButton("New label")
        self.delete_button = QPushButton("Delete label")
        self._colour = "#cccccc"
        self._editing = LabelRecord(0, "", "#cccccc")

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Colour", self.colour_button)
        form.addRow("", self.contrast_note)
        form.addRow("Hotkey", self.hotkey)
        form.addRow("Description", self.description)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        editor = QVBoxLayout()
        editor.addLayout(form)
        editor.addStretch(1)
        editor.addLayout(row)
        labels_page = QWidget()
        body = QHBoxLayout(labels_page)
        body.addWidget(self.list, 1)
        body.addLayout(editor, 2)
        self.relation_types = RelationTypesEditor(store, record=record)
        self.tabs = QTabWidget()
        self.tabs.addTab(labels_page, "Labels")
        self.tabs.addTab(self.relation_types, "Relation types")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

        self.list.currentRowChanged.connect(self._row_chosen)
        self.colour_button.clicked.connect(self._pick_colour)
        self.save_button.clicked.connect(self._save)
        self.add_button.clicked.connect(self._new)
        self.delete_button.clicked.connect(self._delete)
        buttons.rejected.connect(self.reject)
        self.relation_types.changed.connect(self.changed)
        self._reload()

    def _reload(self, select: int | None = None) -> None:
        self._labels = list_labels(self.store)
        self.list.blockSignals(True)
        self.list.clear()
        for label in self._labels:
            hotkey = f"  [{label.hotkey}]" if label.hotkey else ""
            self.list.addItem(QListWidgetItem(f"{label.name}{hotkey}"))
        ids = [label.id for label in self._labels]
        self.list.setCurrentRow(ids.index(select) if select in ids else 0)
        self.list.blockSignals(False)
        self._show_row(self.list.currentRow())

    # -- edits not yet saved ---------------------------------------------------------

    def has_unsaved_edits(self) -> bool:
        editing = self._editing
        typed = (self.name.text().strip(" "), self.hotkey.text().strip().upper())
        if not editing.id:  # a new label: anything typed into it
            return any(typed) or bool(self.description.text())
        return (
            typed != (editing.name, editing.hotkey.upper())
            or self.description.text() != editing.description
            or self._colour.lower() != editing.colour.lower()
        )

    def _settled(self) -> bool:
        """True when there is nothing unsaved, or the analyst saved or discarded it."""
        return scheme_edits.settled(
            self,
            "Label scheme",
            unsaved=self.has_unsaved_edits(),
            name=self.name.text().strip() or self._editing.name or "the new label",
            save=self._save,
        )

    def _row_chosen(self, row: int) -> None:
        ids = [label.id for label in self._labels]
        scheme_edits.choose_row(
            self.list, ids, row, self._editing.id, settle=self._settled, show=self._reload
        )

    def reject(self) -> None:
        """Close, Escape and the window's close button: ask first about unsaved edits."""
        if self._settled() and self.relation_types.settled():
            super().reject()

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self._labels):
            return
        self._editing = self._labels[row]
        self.name.setText(self._editing.name)
        self.hotkey.setText(self._editing.hotkey)
        self.description.setText(self._editing.description)
        self._set_colour(self._editing.colour)

    def _set_colour(self, colour: str) -> None:
        """The button shows the colour with the text spans will get on it, black or white."""
        self._colour = colour
        self.colour_button.setText(colour)
        text = text_colour_for(colour)
        self.colour_button.setStyleSheet(f"background-color: {colour}; color: {text};")
        contrast = best_contrast(colour)
        self.contrast_note.setText(
            f"Text on this colour reaches only {contrast:.1f}:1 contrast "
            f"({READABLE_CONTRAST}:1 reads well): a lighter or darker colour keeps spans readable."
        )
        self.contrast_note.setVisible(contrast < READABLE_CONTRAST)

    def _pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._colour), self, "Label colour")
        if chosen.isValid():
            self._set_colour(chosen.name())

    def _new(self) -> None:
        if not scheme_edits.leave_rows(self.list, settle=self._settled):
            return
        self._editing = LabelRecord(0, "", "#cccccc")
        self.name.setText("")
        self.hotkey.setText("")
        self.description.setText("")
        self._set_colour(colour_for(str(len(self._labels))))
        self.name.setFocus()

    def _save(self) -> bool:
        taken = self.hotkey.text().strip().upper()
        if taken in window_keys():
            QMessageBox.warning(
                self, "Label scheme", f"The key {taken} is the window's own; choose another"
            )
            return False
        record = LabelRecord(
            self._editing.id,
            self.name.text(),
            self._colour,
            self.hotkey.text(),
            self.description.text(),
            self._editing.position,
            self._editing.version,
        )
        saved: list[LabelRecord] = []

        def write() -> None:
            label, report = save_label(self.store, record)
            saved.append(label)
            self.changed.emit(report)

        if not scheme_edits.written(
            self, "Label scheme", write, stale=lambda: self._reload(record.id)
        ):
            return False  # refused; a label another window changed is shown as it is now
        self._editing = saved[0]
        self._reload(saved[0].id)
        return True

    def _delete(self) -> None:
        if not self._editing.id:
            return
        label_id = self._editing.id
        if scheme_edits.written(
            self,
            "Label scheme",
            lambda: self.changed.emit(delete_label(self.store, label_id)),
            stale=self._reload,
        ):
            self._reload()
