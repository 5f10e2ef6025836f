"""Work the first paint does not need, started once the window has painted.

The text is on screen first; the background jobs, the socket a later
`tagdesk open` hands its files to, and the files the window was started
with follow in the event loop's next turn. Keys pressed meanwhile wait in
Qt's event queue and reach the window's actions as usual: nothing the
analyst does is dropped, only what no key needs is started later.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

LATEST_MS = 1000  # a window that never paints (minimised at start) starts its work anyway


class _FirstPaint(QObject):
    def __init__(self, watched: QWidget, work: Callable[[], None]) -> None:
        super().__init__(watched)
        self.watched = watched
        self.work: Callable[[], None] | None = work
        watched.installEventFilter(self)
        QTimer.singleShot(LATEST_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.watched and event.type() == QEvent.Type.Paint and self.work:
            QTimer.singleShot(0, self, self._run)  # once this paint is on screen
        return False

    def _run(self) -> None:
        work, self.work = self.work, None
        if work is None:
            return
        self.watched.removeEventFilter(self)
        work()


def after_first_paint(watched: QWidget, work: Callable[[], None]) -> None:
    """Run `work` once, in the event loop turn after `watched` first paints."""
    _FirstPaint(watched, work)
