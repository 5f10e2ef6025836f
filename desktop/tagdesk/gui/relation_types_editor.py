"""The label scheme editor's Relation types page: name, colour, key, direction, constraints.

Like the labels page (gui.scheme_edits), a type's edits are saved with Save
type; choosing another type or closing with edits not yet saved asks first.
Each save and delete is a store operation on an undo history: the window's,
when it gives `record` (its report then reaches the window that way, and
Ctrl+Z there takes the step back), or the page's own, whose reports it emits.
"""

from __future__ import annotations

from collections.abc import Callable

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

from tagdesk.core.changes import ChangeReport
from tagdesk.core.colours import text_colour_for
from tagdesk.core.labels import colour_for
from tagdesk.core.relations import RelationTypeRecord
from tagdesk.gui import scheme_edits
from tagdesk.store import Store
from tagdesk.store.change_sets import History
from tagdesk.store.labels import list_labels
from tagdesk.store.operations import delete_relation_type, save_relation_type
from tagdesk.store.relation_types import list_relation_types

ANY_LABEL = "any label"
TITLE = "Relation types"

Operation = Callable[[History], ChangeReport]
Record = Callable[[Operation], ChangeReport | None]


def label_list(text: str) -> tuple[str, ...]:
    """“PERSON, ORG” as the labels it names, in order, once each."""
    names = [name for part in text.replace(";", ",").split(",") if (name := part.strip())]
    return tuple(dict.fromkeys(names))


class RelationTypesEditor(QWidget):
    changed = Signal(object)  # ChangeReport

    def __init__(
        self, store: Store, parent: QWidget | None = None, *, record: Record | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._record = record
        self._history = History()  # the page's own, when the window gives none
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
        return scheme_edits.settled(
            self,
            TITLE,
            unsaved=self.has_unsaved_edits(),
            name=self.name.text().strip() or self._editing.name or "the new relation type",
            save=self.save,
        )

    def _row_chosen(self, row: int) -> None:
        ids = [kind.id for kind in self._types]
        scheme_edits.choose_row(
            self.list, ids, row, self._editing.id, settle=self.settled, show=self._reload
        )

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
        if not scheme_edits.leave_rows(self.list, settle=self.settled):
            return
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
            QMessageBox.warning(self, TITLE, problem)
            return False
        saved: list[RelationTypeRecord] = []

        def operation(history: History) -> ChangeReport:
            kind, report = save_relation_type(self.store, history, record)
            saved.append(kind)
            return report

        if not scheme_edits.written(
            self, TITLE, lambda: self._write(operation), stale=lambda: self._reload(record.id)
        ):
            return False
        self._editing = saved[0]
        self._reload(saved[0].id)
        return True

    def _delete(self) -> None:
        shown = self._editing
        if not shown.id:
            return
        if scheme_edits.written(
            self,
            TITLE,
            lambda: self._write(lambda history: delete_relation_type(self.store, history, shown)),
            stale=lambda: self._reload(shown.id),
        ):
            self._reload()

    def _write(self, operation: Operation) -> None:
        """One undoable step: on the window's history, or on the page's own."""
        if self._record is not None:
            self._record(operation)  # the window follows its report
            return
        report = operation(self._history)
        if report:
            self.changed.emit(report)
