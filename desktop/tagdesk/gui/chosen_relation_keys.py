"""The text's keys for a relation chosen by clicking its arc.

Clicking an arc chooses its relation and leaves the keyboard in the text, so
the keys that decide a relation in the lists decide it here too: a relation
type's key retypes it, Delete deletes it, Return accepts and Backspace
rejects it, and Escape lets it go. Like the R flow's keys (relation_keys.py)
they are taken before Qt's shortcut map sees them, so a type's key that is
also a label's key means one thing at a time; Tab and a click on a span
select a span again, and the keys are the span's once more. Keys with Ctrl
(undo, Ctrl+Shift+X to swap) go on as always.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from tagdesk.gui.relation_controller import RelationController
from tagdesk.gui.relation_list import type_for_key

_DECIDE = {
    Qt.Key.Key_Return: "accepted",
    Qt.Key.Key_Enter: "accepted",
    Qt.Key.Key_Backspace: "rejected",
}
HINT = (
    "a type's key retypes it, Delete deletes it, Return / Backspace accept / reject it, "
    "Ctrl+Shift+X swaps head and child, Esc lets it go"
)


class ChosenRelationKeys(QObject):
    """An event filter on the text, active while a relation chosen on its arc has the keys."""

    def __init__(
        self, view: QWidget, relations: RelationController, left: Callable[[], None]
    ) -> None:
        super().__init__(view)
        self.relations = relations
        self.left = left  # Escape: the relation is chosen no more
        self.held: int | None = None  # the relation whose arc was clicked
        view.installEventFilter(self)

    def hold(self, relation_id: int | None) -> None:
        """This relation (clicked on its arc) has the text's keys; None: the spans have them."""
        self.held = relation_id

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or not self._holds_keys():
            return False
        if not self._is_relation_key(event):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the text takes it: no label or span shortcut fires
            return True
        if event.type() == QEvent.Type.KeyPress:
            self._pressed(event)
            return True
        return False

    def _holds_keys(self) -> bool:
        """Only while the clicked relation is still the chosen one, and no relation is made."""
        r = self.relations
        if self.held is not None and (
            r.draft is not None or r.chosen != self.held or r.chosen_relation() is None
        ):
            self.held = None
        return self.held is not None

    def _pressed(self, event: QKeyEvent) -> None:
        r = self.relations
        relation = r.chosen_relation()
        assert relation is not None
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Escape:
            self.held = None
            self.left()
        elif key == Qt.Key.Key_Delete:
            r.delete(relation.id)
        elif key in _DECIDE:
            r.set_status(relation.id, _DECIDE[key])
        else:
            kind = type_for_key(r.types, event)
            if kind is None:
                r.message.emit(f"Relation chosen: {HINT}", 0)
            elif kind.id == relation.type_id:
                r.message.emit(f"The relation is {kind.name} already", 6000)
            else:
                r.set_type(relation.id, kind.id)

    @staticmethod
    def _is_relation_key(event: QKeyEvent) -> bool:
        """Bare keys that are no way of moving: Tab, the arrows and paging go on."""
        modifiers = event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        )
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        key = Qt.Key(event.key())
        if key in _DECIDE or key in (Qt.Key.Key_Escape, Qt.Key.Key_Delete):
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) or event.text() == "?":
            return False  # a span is selected again; ? lists the shortcuts
        return bool(event.text().strip()) and key.value < 0x01000000
