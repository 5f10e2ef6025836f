"""The label scheme editor's Relation types page: name, colour, key, direction, constraints.

Like the labels page, a type's edits are saved with Save type, through the
store's operations (each returns a ChangeReport the window follows); choosing
another type or closing with edits not yet saved asks first.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QColorDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tagdesk.core.colours import text_colour_for
from tagdesk.core.errors import ChangedSinceError, TagdeskError
from tagdesk.core.labels import colour_for
from tagdesk.core.relations import RelationTypeRecord
from tagdesk.core.wording import sentence
from tagdesk.store import Store
from tagdesk.store.labels import list_labels
from tagdesk.store.operations import delete_relation_type, save_relation_type
from tagdesk.store.relation_types import list_relation_types

ANY_LABEL = "any label"


def label_list(text: str) -> tuple[str, ...]:
    """“PERSON, ORG” as the labels it names, in order, once each."""
    names = [name for part in text.replace(";", ",").split(",") if (name := part.strip())]
    return tuple(dict.fromkeys(names))


class RelationTypesEditor(QWidget):
    changed = Signal(object)  # ChangeReport

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.list = QListWidget()
        self.name = QLineEdit()
        self.colour_button = QPushButton()
        self.hotkey = QLineEdit()
        self.hotkey.setMaxLength(1)
        self.hotkey.setPlaceholderText("a letter or digit, pressed after R")
        self.directed = QRadioButton("Directed (head → child)")
        self.symmetric = QRadioButton("Symmetric (no direction)")
        direction = QButtonGroup(self)
        direction.addButton(self.directed)
        direction.addButton(self.symmetric)
        self.head_labels = QLineEdit()
        self.head_labels.setPlaceholderText(ANY_LABEL)
        self.head_labels.setToolTip("Labels the head may have, separated by commas; empty: any")
        self.child_labels = QLineEdit()
        self.child_labels.setPlaceholderText(ANY_LABEL)
        self.child_labels.setToolTip("Labels the child may have, separated by commas; empty: any")
        self.description = QLineEdit()
        self.save_button = QPushButton("Save type")
        self.add_button = QPushButton("New type")
        self.delete_button = QPushButton("Delete type")
        self._colour = "#cccccc"
        self._editing = RelationTypeRecord(0, "", "#cccccc")
        self._types: list[RelationTypeRecord] = []

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Colour", self.colour_button)
        form.addRow("Hotkey", self.hotkey)
        form.addRow("Direction", self.directed)
        form.addRow("", self.symmetric)
        form.addRow("Head labels", self.head_labels)
        form.addRow("Child labels", self.child_labels)
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
        body = QHBoxLayout(self)
        body.addWidget(self.list, 1)
        body.addLayout(editor, 2)

        self.list.currentRowChanged.connect(self._row_chosen)
        self.colour_button.clicked.connect(self._pick_colour)
        self.save_button.clicked.connect(self.save)
        self.add_button.clicked.connect(self._new)
        self.delete_button.clicked.connect(self._delete)
        self._reload()

    def _reload(self, select: int | None = None) -> None:
        self._types = list_relation_types(self.store)
        self.list.blockSignals(True)
        self.list.clear()
        for kind in self._types:
            arrow = "→" if kind.directed else "—"
            key = f"  [{kind.hotkey.upper()}]" if kind.hotkey else ""
            self.list.addItem(QListWidgetItem(f"{kind.name} {arrow}{key}"))
        ids = [kind.id for kind in self._types]
        self.list.setCurrentRow(ids.index(select) if select in ids else 0 if ids else -1)
        self.list.blockSignals(False)
        if ids:
            self._show(self._types[self.list.currentRow()])
        else:
            self._show(RelationTypeRecord(0, "", colour_for("relation")))

    # -- edits not yet saved ---------------------------------------------------------

    def typed(self) -> RelationTypeRecord:
        e = self._editing
        return RelationTypeRecord(
            e.id,
            self.name.text().strip(),
            self._colour,
            self.hotkey.text().strip().lower(),
            self.directed.isChecked(),
            label_list(self.head_labels.text()),
            label_list(self.child_labels.text()),
            self.description.text(),
            e.position,
            e.version,
        )

    def has_unsaved_edits(self) -> bool:
        typed, e = self.typed(), self._editing
        if not e.id:
            return bool(typed.name or typed.hotkey or typed.heads or typed.children)
        return (
            typed.name,
            typed.colour.lower(),
            typed.hotkey.lower(),
            typed.directed,
            typed.heads,
            typed.children,
            typed.description,
        ) != (
            e.name,
            e.colour.lower(),
            e.hotkey.lower(),
            e.directed,
            e.heads,
            e.children,
            e.description,
        )

    def settled(self) -> bool:
        """True when nothing is unsaved, or the analyst saved or discarded it."""
        if not self.has_unsaved_edits():
            return True
        name = self.name.text().strip() or self._editing.name or "the new relation type"
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "Relation types",
            f"Save the changes to {name}?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Save:
            return self.save()
        return answer == buttons.Discard

    def _row_chosen(self, row: int) -> None:
        ids = [kind.id for kind in self._types]
        target = ids[row] if 0 <= row < len(ids) else None
        if self.settled():
            self._reload(target)
            return
        self.list.blockSignals(True)
        self.list.setCurrentRow(ids.index(self._editing.id) if self._editing.id in ids else -1)
        self.list.blockSignals(False)

    def _show(self, kind: RelationTypeRecord) -> None:
        self._editing = kind
        self.name.setText(kind.name)
        self.hotkey.setText(kind.hotkey.upper())
        (self.directed if kind.directed else self.symmetric).setChecked(True)
        self.head_labels.setText(", ".join(kind.heads))
        self.child_labels.setText(", ".join(kind.children))
        self.description.setText(kind.description)
        for field in (self.head_labels, self.child_labels, self.description):
            field.setCursorPosition(0)  # a long description is read from its start
        self._set_colour(kind.colour)

    def _set_colour(self, colour: str) -> None:
        self._colour = colour
        self.colour_button.setText(colour)
        self.colour_button.setStyleSheet(
            f"background-color: {colour}; color: {text_colour_for(colour)};"
        )

    def _pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._colour), self, "Relation colour")
        if chosen.isValid():
            self._set_colour(chosen.name())

    def _new(self) -> None:
        if not self.settled():
            return
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self._show(RelationTypeRecord(0, "", colour_for(f"relation {len(self._types)}")))
        self.name.setFocus()

    # -- writing ----------------------------------------------------------------------

    def problem(self, record: RelationTypeRecord) -> str | None:
        """What the window itself refuses before the store is asked, or None."""
        known = {label.name for label in list_labels(self.store)}
        unknown = [name for name in (*record.heads, *record.children) if name not in known]
        if unknown:
            return f"There is no label named {', '.join(unknown)}"
        key = record.hotkey.upper()
        if key and not key.isalnum():
            return "A relation type's key is a letter or a digit"
        holder = next(
            (t for t in self._types if t.hotkey.upper() == key and t.id != record.id), None
        )
        if key and holder is not None:
            return f"The key {key} already belongs to {holder.name}"
        return None

    def save(self) -> bool:
        record = self.typed()
        problem = self.problem(record)
        if problem is not None:
            QMessageBox.warning(self, "Relation types", problem)
            return False
        try:
            saved, report = save_relation_type(self.store, record)
        except ChangedSinceError as error:
            QMessageBox.warning(self, "Relation types", sentence(str(error)))
            self._reload(record.id)
            return False
        except TagdeskError as error:
            QMessageBox.warning(self, "Relation types", sentence(str(error)))
            return False
        self.changed.emit(report)
        self._editing = saved
        self._reload(saved.id)
        return True

    def _delete(self) -> None:
        if not self._editing.id:
            return
        try:
            report = delete_relation_type(self.store, self._editing.id)
        except TagdeskError as error:
            QMessageBox.warning(self, "Relation types", sentence(str(error)))
            return
        self.changed.emit(report)
        self._reload()
