"""Where the window opens: on the screen it is shown on, whatever that screen's size.

The first window takes most of the screen's free area (not under a panel or dock);
a saved geometry from a larger screen, or one that hung off an edge, is brought
back onto it, so the status bar and the right panel are never out of reach.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1360, 860)
SHARE_OF_SCREEN = 0.9


def first_geometry(available: QRect) -> QRect:
    """At least the preferred size where the screen has room, never more than the screen."""
    width = min(available.width(), max(PREFERRED.width(), int(available.width() * SHARE_OF_SCREEN)))
    height = min(
        available.height(), max(PREFERRED.height(), int(available.height() * SHARE_OF_SCREEN))
    )
    placed = QRect(0, 0, width, height)
    placed.moveCenter(available.center())
    return placed


def kept_on_screen(geometry: QRect, available: QRect) -> QRect:
    """`geometry` shrunk to the screen's free area where larger, and moved inside it."""
    placed = QRect(
        geometry.topLeft(),
        QSize(min(geometry.width(), available.width()), min(geometry.height(), available.height())),
    )
    placed.moveLeft(
        max(available.left(), min(placed.left(), available.right() - placed.width() + 1))
    )
    placed.moveTop(
        max(available.top(), min(placed.top(), available.bottom() - placed.height() + 1))
    )
    return placed


def place_on_screen(window: QWidget, *, first: bool) -> None:
    """Size a first window to its screen, or keep a restored one on it (frame included)."""
    screen = window.screen()
    if screen is None:
        return
    available = screen.availableGeometry()
    if first:
        window.setGeometry(first_geometry(available))
        return
    frame = window.frameGeometry()
    extra = QSize(frame.width() - window.width(), frame.height() - window.height())
    fitted = kept_on_screen(frame, available)
    if fitted != frame:
        window.resize(fitted.size() - extra)
        window.move(fitted.topLeft())
