"""Undoable edits. Each command applies stored states, so undo and redo are exact."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from tagdesk.core.errors import StoreError
from tagdesk.core.records import DocumentState
from tagdesk.store import Store
from tagdesk.store.editing import SpanState, apply_document_state, apply_span_states

# touched documents, the home document, the span states and document state now stored
Failed = Callable[[str], None]
Changed = Callable[[set[int], int | None, Sequence[SpanState], DocumentState | None], None]


class EditCommand(QUndoCommand):
    """One analyst action: span states and/or a document state, before and after.

    `applied` says the change is already in the database (a span just
    created), so the first redo only reports it.
    """

    def __init__(
        self,
        text: str,
        store: Store,
        on_change: Changed,
        on_failure: Failed,
        *,
        home: int | None = None,
        spans_before: Sequence[SpanState] = (),
        spans_after: Sequence[SpanState] = (),
        document_before: DocumentState | None = None,
        document_after: DocumentState | None = None,
        applied: bool = False,
    ) -> None:
        super().__init__(text)
        self.store = store
        self.on_change = on_change
        self.on_failure = on_failure
        self.home = home  # the document that was open when the analyst acted
        self.spans_before = list(spans_before)
        self.spans_after = list(spans_after)
        self.document_before = document_before
        self.document_after = document_after
        self._skip_next_redo = applied

    def redo(self) -> None:
        spans = [] if self._skip_next_redo else self.spans_after
        self._skip_next_redo = False
        try:
            touched = self._apply(spans, self.document_after)
        except StoreError as error:
            # Not saved, so not shown and not on the undo stack (Qt drops obsolete commands).
            self.setObsolete(True)
            self.on_failure(f"{self.text()} was not saved: {error}")
            return
        touched |= {record.document_id for _, record in self.spans_after if record}
        self.on_change(touched, self.home, self.spans_after, self.document_after)

    def undo(self) -> None:
        try:
            touched = self._apply(self.spans_before, self.document_before)
        except StoreError as error:
            # The change stays as saved; a command that cannot be undone leaves the stack.
            self.setObsolete(True)
            self.on_failure(f"Could not undo {self.text()}: {error}")
            return
        touched |= {record.document_id for _, record in self.spans_after if record}
        self.on_change(touched, self.home, self.spans_before, self.document_before)

    def _apply(self, spans: Sequence[SpanState], document: DocumentState | None) -> set[int]:
        """One transaction for the whole action."""
        with self.store.write_transaction():
            touched = apply_span_states(self.store, spans) if spans else set()
            if document is not None:
                apply_document_state(self.store, document)
                touched.add(document.id)
        return touched
