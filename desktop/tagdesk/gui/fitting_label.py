"""A plain-text label that fits the width it is given, whatever the text.

A word-wrapped QLabel breaks lines only between words, so its narrowest is
its longest word: one 300-character URL as a title makes the label, and so
the window, 300 characters wide. This label wraps as QLabel does and elides
the middle of a word too long for a line; the whole text is its tooltip and
what `text()` returns.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

_WORD = re.compile(r"\S+")
NARROWEST_CHARACTERS = 8


class FittingLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self._full = ""

    def setText(self, text: str) -> None:
        self._full = text
        self._show_fitted()

    def text(self) -> str:
        return self._full

    def clear(self) -> None:
        self.setText("")

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self._narrowest(), hint.height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(self._narrowest(), min(hint.width(), self.width())), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_fitted()

    def _narrowest(self) -> int:
        margins = self.contentsMargins()
        width = self.fontMetrics().averageCharWidth() * NARROWEST_CHARACTERS
        return width + margins.left() + margins.right() + 2 * max(self.indent(), 0)

    def _room(self) -> int:
        return max(self.contentsRect().width() - 2 * max(self.indent(), 0), 1)

    def _elided(self, text: str) -> str:
        room = self._room()
        metrics = self.fontMetrics()

        def fit(word: re.Match[str]) -> str:
            if metrics.horizontalAdvance(word.group()) <= room:
                return word.group()
            return metrics.elidedText(word.group(), Qt.TextElideMode.ElideMiddle, room)

        return _WORD.sub(fit, text)

    def _show_fitted(self) -> None:
        fitted = self._elided(self._full)
        self.setToolTip(self._full if fitted != self._full else "")
        if super().text() != fitted:
            super().setText(fitted)
