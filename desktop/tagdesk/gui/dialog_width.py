"""Small dialogs wide enough for their title: a window manager cuts a title that is not.

Qt sizes a dialog to its contents; a short question over a short list makes a
window narrower than its title plus the title bar's icon and buttons.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QComboBox, QInputDialog, QWidget

TITLE_BAR_EXTRA = 160  # pixels: the window icon and close, maximise, minimise buttons


def title_width(dialog: QWidget) -> int:
    """The width a title bar needs to show the whole of `dialog`'s title."""
    font = QFont(dialog.font())
    font.setBold(True)  # most window managers draw the title bold
    return QFontMetrics(font).horizontalAdvance(dialog.windowTitle()) + TITLE_BAR_EXTRA


def choose_item(
    parent: QWidget, title: str, question: str, items: list[str], current: int
) -> str | None:
    """QInputDialog.getItem with the whole title shown; None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(question)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    dialog.setTextValue(items[current])
    # The dialog's layout sets its minimum and maximum size: widen the list inside it.
    box = dialog.findChild(QComboBox)
    if box is not None:
        box.setMinimumWidth(title_width(dialog))
    chosen = dialog.textValue() if dialog.exec() else None
    dialog.deleteLater()
    return chosen
