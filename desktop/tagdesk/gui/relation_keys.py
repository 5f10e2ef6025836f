"""The keys of the text while a relation is being made: Tab, Shift+Tab, a type's key,
Return and Escape.

They are the text's own while the draft lasts, taken before Qt's shortcut map
sees them (ShortcutOverride), so a type's key that is also a label's key, and
Tab and Return, which step and accept spans otherwise, mean one thing each at
any moment: no second shortcut on any key, and nothing to clash. Other bare
keys are swallowed with a reminder, so a stray label key does not relabel the
head; keys with Ctrl (undo, save...) go on as always.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import QMenu, QWidget

from tagdesk.core.relations import RelationTypeRecord
from tagdesk.gui.annotation_view import AnnotationView
from tagdesk.gui.relation_controller import RelationController

_STEPS = {Qt.Key.Key_Tab: 1, Qt.Key.Key_Backtab: -1}
_CHOOSE = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class DraftKeys(QObject):
    """An event filter on the text, active only while a relation is being made."""

    def __init__(self, view: AnnotationView, relations: RelationController) -> None:
        super().__init__(view)
        self.view = view
        self.relations = relations
        self.menu: QMenu | None = None  # the types popup, while it is open
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.relations.draft is None or not isinstance(event, QKeyEvent):
            return False
        if not _is_draft_key(event):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the text takes it: no window shortcut fires
            return True
        if event.type() == QEvent.Type.KeyPress:
            self._pressed(event)
            return True
        return False

    def _pressed(self, event: QKeyEvent) -> None:
        r = self.relations
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Escape:
            r.cancel()
        elif key in _STEPS:
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            r.step(-1 if shift or key == Qt.Key.Key_Backtab else 1)
        elif key in _CHOOSE:
            self.choose_type()
        else:
            kind = r.type_for_hotkey(event.text()) if event.text().strip() else None
            if kind is not None:
                r.finish(kind.id)
            else:
                r.message.emit(
                    "Making a relation: Tab to the other span, a type's key or Return; "
                    "Escape cancels",
                    0,
                )

    def choose_type(self) -> None:
        """Return: a small list of the types, those that fit the two spans first."""
        r = self.relations
        draft = r.draft
        if draft is None:
            return
        if draft.other is None:
            r.message.emit("Choose the other span first: click it, or press Tab; Escape cancels", 0)
            return
        fitting, refused = r.types_for_draft()
        menu = QMenu(self.view)
        menu.setToolTipsVisible(True)
        for kind in fitting:
            menu.addAction(_entry(menu, kind))
        if refused:
            menu.addSeparator()
        for kind, why in refused:
            action = _entry(menu, kind)
            action.setEnabled(False)
            action.setToolTip(why)
            menu.addAction(action)
        if fitting:
            menu.setActiveAction(menu.actions()[0])
        x, y = self.view.qt_rect_of(draft.other.start)
        self.menu = menu
        chosen = menu.exec(self.view.viewport().mapToGlobal(QPoint(x, y + 12)))
        self.menu = None
        menu.deleteLater()
        if chosen is not None and chosen.data() is not None:
            r.finish(int(chosen.data()))
        self.view.setFocus()


def _entry(parent: QWidget, kind: RelationTypeRecord) -> QAction:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(kind.colour))
    shown = f"{kind.name}\t{kind.hotkey.upper()}" if kind.hotkey else kind.name
    action = QAction(QIcon(pixmap), shown, parent)
    action.setData(kind.id)
    return action


def _is_draft_key(event: QKeyEvent) -> bool:
    """Bare keys (Shift aside) belong to the draft; keys with Ctrl, Alt or Meta do not."""
    modifiers = event.modifiers() & ~(
        Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
    )
    if modifiers != Qt.KeyboardModifier.NoModifier:
        return False
    key = Qt.Key(event.key())
    if key in _STEPS or key in _CHOOSE or key == Qt.Key.Key_Escape:
        return True
    navigation = (
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
    )
    if key in navigation:
        return False  # the analyst may scroll and read while choosing
    return bool(event.text().strip()) or key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
