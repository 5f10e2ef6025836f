"""The QUndoStack's entries: a thin adapter over store.change_sets.History.

The history (plain Python, tested without Qt) writes and decides; the
controller moves it first and the QUndoStack after, so the stack only
mirrors it for the Edit menu's texts and enabled states.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from tagdesk.store.change_sets import ChangeSet


class EditCommand(QUndoCommand):
    """One step of the history, and the spans selected before and after it."""

    def __init__(
        self,
        change: ChangeSet,
        moved_by_stack: Callable[[bool], None],
        *,
        selected_before: int | None = None,
        selected_after: int | None = None,
    ) -> None:
        super().__init__(change.text)
        self.change = change
        self.selected_before = selected_before  # the span selected when the analyst acted
        self.selected_after = selected_after  # and the one the action selected
        self._moved_by_stack = moved_by_stack
        self.following = True  # the history moved first: the stack only follows

    def redo(self) -> None:
        self._move(True)

    def undo(self) -> None:
        self._move(False)

    def _move(self, forward: bool) -> None:
        if self.following:
            self.following = False
            return
        self._moved_by_stack(forward)  # moved by QUndoStack itself: the history moves too
