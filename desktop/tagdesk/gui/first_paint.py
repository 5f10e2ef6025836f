"""Work the first paint does not need, started once the window has painted.

The text is on screen first; the window's other panes, the background jobs,
the socket a later `tagdesk open` hands its files to, and the files the
window was started with follow in the event loop's next turn. Keys pressed
meanwhile wait in Qt's event queue; should one be delivered before that turn,
`before_input` builds the rest of the window first, so the key reaches a
complete window and its actions as usual: nothing the analyst does is
dropped, only what no key needs is started later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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


# What a person does to a window: each is delivered to a complete one.
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.InputMethod,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
        QEvent.Type.DragEnter,
        QEvent.Type.Drop,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class BeforeInput(QObject):
    """Watches the window's native window, which every key, click, wheel turn and drop
    reaches first, and the widgets given: the one with the keyboard focus, which a key's
    shortcut is asked of (ShortcutOverride) before any action takes it, and those a
    click may be sent to straight. Not the application: looking at its every event
    would slow the first paint itself."""

    def __init__(
        self, window: QWidget, widgets: Sequence[QWidget], work: Callable[[], None]
    ) -> None:
        super().__init__(window)
        self.work: Callable[[], None] | None = work
        handle = window.windowHandle()
        self.watched: list[QObject] = [*([] if handle is None else [handle]), *widgets]
        for watched in self.watched:
            watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.work is not None and event.type() in _INPUT:
            work = self.work
            self.drop()
            work()  # before the event goes on to whatever it was sent to
        return False

    def drop(self) -> None:
        """The work has run (after the first paint): no event is looked at any more."""
        self.work = None
        for watched in self.watched:
            watched.removeEventFilter(self)
        self.watched = []


def before_input(
    window: QWidget, widgets: Sequence[QWidget], work: Callable[[], None]
) -> BeforeInput:
    """Run `work` once, before `window` or `widgets` is given its first key, click or drop.

    Call it once `window` is shown (it has its native window then), with the widget
    that has the keyboard focus among `widgets`. `work` runs after the first paint in
    any case and then calls `drop`; this only makes sure no input reaches what it has
    not built yet.
    """
    return BeforeInput(window, widgets, work)
