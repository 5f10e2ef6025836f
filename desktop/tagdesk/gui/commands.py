"""Undoable edits. Each command applies stored states, so undo and redo are exact."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from tagdesk.core.records import DocumentState
from tagdesk.store import Store
from tagdesk.store.editing import (
    SpanState,
    apply_document_state,
    apply_span_states,
    document_state,
)

# touched documents, the home document, the span states and document states now stored
Changed = Callable[[set[int], int | None, Sequence[SpanState], Sequence[DocumentState]], None]


class EditCommand(QUndoCommand):
    """One analyst action: span states and/or document states, before and after.

    The controller writes a change with `write()` before it moves the undo
    stack, so a write the database refuses leaves both the stack and the
    window as they were; the stack's `redo()`/`undo()` that follow only report
    what was written.
    """

    def __init__(
        self,
        text: str,
        store: Store,
        on_change: Changed,
        *,
        home: int | None = None,
        spans_before: Sequence[SpanState] = (),
        spans_after: Sequence[SpanState] = (),
        documents_before: Sequence[DocumentState] = (),
        documents_after: Sequence[DocumentState] = (),
        selected_before: int | None = None,
        spans_stored: bool = False,
    ) -> None:
        super().__init__(text)
        self.store = store
        self.on_change = on_change
        self.home = home  # the document that was open when the analyst acted
        self.spans_before = list(spans_before)
        self.spans_after = list(spans_after)
        self.documents_before = list(documents_before)  # paired with documents_after by position
        self.documents_after = list(documents_after)
        self.selected_before = selected_before  # the span selected when the analyst acted
        self.selected_after: int | None = None  # and the one the action selected
        self._written: set[int] | None = None  # documents touched by a write not yet reported
        self._stored: list[DocumentState] = []  # the documents as that write left them
        # The spans an add created in this same transaction: its first write need not store them.
        self._spans_stored = spans_stored

    def write(self, forward: bool) -> None:
        """Store the after (or before) states in one transaction; raises StoreError."""
        spans = self.spans_after if forward else self.spans_before
        replacing = self.spans_before if forward else self.spans_after
        documents = self.documents_after if forward else self.documents_before
        previous = self.documents_before if forward else self.documents_after
        stored: list[DocumentState] = []
        with self.store.atomic():
            if forward and self._spans_stored:
                touched = {record.document_id for _, record in spans if record is not None}
            elif spans:
                touched = apply_span_states(self.store, spans, replacing=replacing)
            else:
                touched = set()
            for document, earlier in zip(documents, previous, strict=True):
                apply_document_state(self.store, document, replacing=earlier)
                touched.add(document.id)
                stored.append(document_state(self.store, document.id))  # others' tags included
        self._spans_stored = False  # a redo after an undo writes them again
        self._written = touched
        self._stored = stored

    def redo(self) -> None:
        self._report(True)

    def undo(self) -> None:
        self._report(False)

    def _report(self, forward: bool) -> None:
        if self._written is None:  # moved by QUndoStack itself, not through the controller
            self.write(forward)
        touched = self._written or set()
        documents = self._stored
        self._written, self._stored = None, []
        touched |= {record.document_id for _, record in self.spans_after if record}
        spans = self.spans_after if forward else self.spans_before
        self.on_change(touched, self.home, spans, documents)
