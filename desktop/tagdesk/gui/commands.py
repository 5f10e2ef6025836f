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

# touched documents, the home document, the span states and document state now stored
Changed = Callable[[set[int], int | None, Sequence[SpanState], DocumentState | None], None]


class EditCommand(QUndoCommand):
    """One analyst action: span states and/or a document state, before and after.

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
        document_before: DocumentState | None = None,
        document_after: DocumentState | None = None,
    ) -> None:
        super().__init__(text)
        self.store = store
        self.on_change = on_change
        self.home = home  # the document that was open when the analyst acted
        self.spans_before = list(spans_before)
        self.spans_after = list(spans_after)
        self.document_before = document_before
        self.document_after = document_after
        self._written: set[int] | None = None  # documents touched by a write not yet reported
        self._stored: DocumentState | None = None  # the document as that write left it

    def write(self, forward: bool) -> None:
        """Store the after (or before) states in one transaction; raises StoreError."""
        spans = self.spans_after if forward else self.spans_before
        replacing = self.spans_before if forward else self.spans_after
        document = self.document_after if forward else self.document_before
        previous = self.document_before if forward else self.document_after
        with self.store.atomic():
            touched = apply_span_states(self.store, spans, replacing=replacing) if spans else set()
            if document is not None and previous is not None:
                apply_document_state(self.store, document, replacing=previous)
                touched.add(document.id)
                document = document_state(self.store, document.id)  # others' tags included
        self._written = touched
        self._stored = document

    def redo(self) -> None:
        self._report(True)

    def undo(self) -> None:
        self._report(False)

    def _report(self, forward: bool) -> None:
        if self._written is None:  # moved by QUndoStack itself, not through the controller
            self.write(forward)
        touched = self._written or set()
        document = self._stored
        self._written = self._stored = None
        touched |= {record.document_id for _, record in self.spans_after if record}
        spans = self.spans_after if forward else self.spans_before
        self.on_change(touched, self.home, spans, document)
