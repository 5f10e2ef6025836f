"""Edit the label scheme: add, rename, recolour, set hotkeys, describe."""

from __future__ import annotations

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
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.colours import READABLE_CONTRAST, best_contrast, text_colour_for
from tagdesk.core.errors import TagdeskError
from tagdesk.core.labels import colour_for
from tagdesk.core.records import LabelRecord
from tagdesk.store import Store
from tagdesk.store.labels import delete_label, list_labels, save_label


class LabelSchemeDialog(QDialog):
    """Each change is saved when made (Save label / Add / Delete); Close just closes."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Label scheme")
        self.resize(620, 460)
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
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(editor, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)

        self.list.currentRowChanged.connect(self._show_row)
        self.colour_button.clicked.connect(self._pick_colour)
        self.save_button.clicked.connect(self._save)
        self.add_button.clicked.connect(self._new)
        self.delete_button.clicked.connect(self._delete)
        buttons.rejected.connect(self.reject)
        self._reload()

    def _reload(self, select: int | None = None) -> None:
        self._labels = list_labels(self.store)
        self.list.clear()
        for label in self._labels:
            hotkey = f"  [{label.hotkey}]" if label.hotkey else ""
            self.list.addItem(QListWidgetItem(f"{label.name}{hotkey}"))
        ids = [label.id for label in self._labels]
        self.list.setCurrentRow(ids.index(select) if select in ids else 0)

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
        self.list.clearSelection()
        self._editing = LabelRecord(0, "", "#cccccc")
        self.name.setText("")
        self.hotkey.setText("")
        self.description.setText("")
        self._set_colour(colour_for(str(len(self._labels))))
        self.name.setFocus()

    def _save(self) -> None:
        record = LabelRecord(
            self._editing.id,
            self.name.text(),
            self._colour,
            self.hotkey.text(),
            self.description.text(),
            self._editing.position,
        )
        try:
            saved = save_label(self.store, record)
        except TagdeskError as error:
            QMessageBox.warning(self, "Label scheme", str(error))
            return
        self._reload(saved.id)

    def _delete(self) -> None:
        if not self._editing.id:
            return
        try:
            delete_label(self.store, self._editing.id)
        except TagdeskError as error:
            QMessageBox.warning(self, "Label scheme", str(error))
            return
        self._reload()
