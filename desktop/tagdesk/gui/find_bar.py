"""Find in the open document (Ctrl+F): every hit marked, F3 to step through them."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from tagdesk.gui.icons import icon


def find_all(text: str, needle: str, *, match_case: bool) -> list[tuple[int, int]]:
    """Hits as code-point ranges of the text itself (a regex, so case folding never
    shifts an offset the way searching a lower()ed copy would)."""
    if not needle:
        return []
    flags = 0 if match_case else re.IGNORECASE
    return [match.span() for match in re.finditer(re.escape(needle), text, flags)]


class FindBar(QWidget):
    search_changed = Signal(str, bool)
    step_requested = Signal(int)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("Find in document")
        self.entry.setClearButtonEnabled(True)
        self.match_case = QCheckBox("Match case")
        self.count = QLabel()
        self.previous = QToolButton()
        self.previous.setIcon(icon("previous"))
        self.previous.setToolTip("Previous hit (Shift+F3)")
        self.next = QToolButton()
        self.next.setIcon(icon("next"))
        self.next.setToolTip("Next hit (F3)")
        self.close_button = QToolButton()
        self.close_button.setIcon(icon("reject"))
        self.close_button.setToolTip("Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.entry, 1)
        layout.addWidget(self.match_case)
        layout.addWidget(self.count)
        layout.addWidget(self.previous)
        layout.addWidget(self.next)
        layout.addWidget(self.close_button)

        self.entry.textChanged.connect(self._changed)
        self.match_case.toggled.connect(self._changed)
        self.entry.returnPressed.connect(lambda: self.step_requested.emit(1))
        self.next.clicked.connect(lambda: self.step_requested.emit(1))
        self.previous.clicked.connect(lambda: self.step_requested.emit(-1))
        self.close_button.clicked.connect(self.close_bar)

    def open_bar(self, text: str = "") -> None:
        self.show()
        if text:
            self.entry.setText(text)
        self.entry.setFocus()
        self.entry.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def show_count(self, current: int, total: int) -> None:
        self.count.setText(f"{current} of {total}" if total else "No hits")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def _changed(self) -> None:
        self.search_changed.emit(self.entry.text(), self.match_case.isChecked())
