"""The view's document layout: a block re-coloured is laid out again alone.

QSyntaxHighlighter marks a re-coloured block's characters as changed, and
QPlainTextDocumentLayout takes a change as reaching the removed and the added
characters together: twice the block's length, so that one span's block
also threw away the layouts of the blocks after it (shaped and laid out
again at the next paint) and had the whole viewport repainted. Re-coloured
through `recolour`, a block laid out already is laid out again at once and
alone, and only it is repainted; if its height changed, the whole viewport
is (the blocks below it moved), which Qt, measuring the old height once the
new formats have cleared it, would not see.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout


class FormatLayout(QPlainTextDocumentLayout):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._alone = False

    def recolour(self, block: QTextBlock, rehighlight: Callable[[QTextBlock], None]) -> None:
        """Re-colour one block (`rehighlight`: the highlighter's rehighlightBlock).

        A block not laid out yet is left to be laid out when it is first
        needed, as Qt does, and so are the blocks after it.
        """
        if not block.layout().lineCount():
            rehighlight(block)
            return
        height = self.blockBoundingRect(block).height()
        self._alone = True
        try:
            rehighlight(block)
        finally:
            self._alone = False
        if self.blockBoundingRect(block).height() != height:
            self.requestUpdate()

    def documentChanged(self, position: int, chars_removed: int, chars_added: int) -> None:
        if self._alone and chars_removed == chars_added:  # new formats, the same text
            super().documentChanged(position, 0, chars_added)
        else:
            super().documentChanged(position, chars_removed, chars_added)
