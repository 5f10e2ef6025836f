"""The analyst's own documents where documents are given out (store/assignments.py)."""

from __future__ import annotations

from tagdesk.store import Store
from tagdesk.store.assignments import assignment_statuses, assignments_of, documents_of


def my_status(store: Store, document_id: int, annotator: str) -> str | None:
    """The analyst's own status of a document given to them; None where it is not."""
    return assignments_of(store, document_id).get(annotator)


def next_of_mine(store: Store, annotator: str, current: int) -> int | None:
    """The next document given to the analyst that they have not marked done, wrapping round."""
    mine = assignment_statuses(store, documents_of(store, annotator))
    waiting = [i for i, by in mine.items() if by.get(annotator) != "done"]
    return next((i for i in waiting if i > current), waiting[0] if waiting else None)
