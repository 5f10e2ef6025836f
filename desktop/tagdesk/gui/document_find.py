"""Find in the open document: the find bar's hits marked in the text, F3 steps through them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from tagdesk.core.records import DocumentInfo
from tagdesk.gui.annotation_view import AnnotationView
from tagdesk.gui.find_bar import FindBar, find_all


class DocumentFind(QObject):
    def __init__(
        self,
        bar: FindBar,
        view: AnnotationView,
        document: Callable[[], DocumentInfo | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bar = bar
        self.view = view
        self.document = document
        self._hits: list[tuple[int, int]] = []
        self._current = -1
        bar.search_changed.connect(self._search)
        bar.step_requested.connect(self.step)
        bar.closed.connect(self._closed)

    def open_bar(self) -> None:
        """Ctrl+F: the bar opens with the selected text as what to find."""
        selection = self.view.selection_range()
        document = self.document()
        text = document.text[selection[0] : selection[1]] if selection and document else ""
        self.bar.open_bar(text)

    def document_opened(self) -> None:
        if self.bar.isVisible():
            self._search(self.bar.entry.text(), self.bar.match_case.isChecked())

    def step(self, step: int) -> None:
        if not self._hits:
            return
        self._current = (self._current + step) % len(self._hits)
        start, end = self._hits[self._current]
        self.view.select_range(start, end)
        self.bar.show_count(self._current + 1, len(self._hits))

    def _search(self, needle: str, match_case: bool) -> None:
        document = self.document()
        self._hits = find_all(document.text, needle, match_case=match_case) if document else []
        self._current = -1
        self.view.set_find_hits(self._hits)
        self.bar.show_count(0, len(self._hits))
        if self._hits:
            self.step(1)

    def _closed(self) -> None:
        self._hits = []
        self.view.set_find_hits([])
        self.view.setFocus()
