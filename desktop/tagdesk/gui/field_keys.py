"""The window's shortcuts work while a text field has the keyboard.

A line edit claims some Ctrl keys before any shortcut sees them: on Linux Ctrl+E
moves to the end of the line, so File > Export did nothing while the search box
had focus. A field keeps the edits every field has (undo, redo, select all, copy,
cut, paste); the other keys of the window's menus go to the window.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

FIELD_EDITS = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
)


class WindowKeysInFields(QObject):
    """An event filter on the window's text fields: window shortcuts are not overridden."""

    def __init__(self, actions: Iterable[QAction], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sequences = [
            sequence
            for action in actions
            if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
            for sequence in action.shortcuts()
            if not sequence.isEmpty()
        ]

    def watch(self, window: QWidget) -> None:
        for kind in (QLineEdit, QPlainTextEdit, QTextEdit):
            for field in window.findChildren(kind):
                field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._window_key(event)
            and not any(event.matches(k) for k in FIELD_EDITS)
        ):
            event.ignore()  # not overridden: the shortcut map gets the key
            return True
        return False

    def _window_key(self, event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return any(
            pressed.matches(sequence) == QKeySequence.SequenceMatch.ExactMatch
            for sequence in self._sequences
        )
