"""An assigned analyst's own status of a document is one undoable step (both engines).

Done on a document given to several annotators changes that analyst's
assignment and nothing else; undo puts their status back and redo again.
The assignment table has no row versions, so each write checks the status
it read: a status changed since (another window of the same analyst) is
refused and left as it is.
"""

from __future__ import annotations

import pytest

from tagdesk.core.errors import ChangedSinceError, TagdeskError
from tagdesk.core.incoming import IncomingDocument
from tagdesk.store import Store
from tagdesk.store.assignments import assign_documents, assignments_of, set_assignment_status
from tagdesk.store.change_sets import History
from tagdesk.store.document_list import document_info
from tagdesk.store.importing import import_documents
from tagdesk.store.operations import set_my_status


def _given(store: Store) -> None:
    import_documents(
        store,
        [IncomingDocument(text="Ana Lopez flew to Basra."), IncomingDocument(text="Mosul.")],
        annotator="",
        source="t",
    )
    assign_documents(store, ["ana", "ben"], 2)


def test_done_undo_and_redo_move_only_the_analysts_own_status(store: Store) -> None:
    _given(store)
    history = History()
    report = set_my_status(store, history, 1, "ana", "done", "todo")
    assert report.documents == frozenset({1})
    assert assignments_of(store, 1) == {"ana": "done", "ben": "todo"}
    assert assignments_of(store, 2) == {"ana": "todo", "ben": "todo"}
    info = document_info(store, 1)
    assert info is not None
    assert info.status == "todo"
    assert len(history) == 1
    assert history[0].home == 1

    moved = history.undo(store)
    assert moved is not None
    assert moved[1].documents == frozenset({1})
    assert assignments_of(store, 1) == {"ana": "todo", "ben": "todo"}
    history.redo(store)
    assert assignments_of(store, 1) == {"ana": "done", "ben": "todo"}
    history.undo(store)
    set_my_status(store, history, 1, "ana", "in_progress", "todo")  # drops the undone Done
    assert not history.can_redo
    assert assignments_of(store, 1) == {"ana": "in_progress", "ben": "todo"}


def test_a_status_changed_since_it_was_shown_is_left_as_it_is(store: Store) -> None:
    _given(store)
    set_assignment_status(store, 1, "ana", "in_progress")  # another window of ana's
    history = History()
    with pytest.raises(ChangedSinceError):
        set_my_status(store, history, 1, "ana", "done", "todo")  # this one showed To do
    assert assignments_of(store, 1) == {"ana": "in_progress", "ben": "todo"}
    assert len(history) == 0


def test_undo_after_another_window_moved_the_status_is_refused(store: Store) -> None:
    _given(store)
    history = History()
    set_my_status(store, history, 1, "ana", "done", "todo")
    set_assignment_status(store, 1, "ana", "in_progress")  # reopened elsewhere since
    with pytest.raises(ChangedSinceError):
        history.undo(store)
    assert assignments_of(store, 1) == {"ana": "in_progress", "ben": "todo"}
    assert history.index == 1  # the history has not moved: the undo can be tried again
    set_assignment_status(store, 1, "ana", "done")
    history.undo(store)
    assert assignments_of(store, 1) == {"ana": "todo", "ben": "todo"}


def test_a_status_of_a_document_not_given_to_the_analyst_writes_nothing(store: Store) -> None:
    _given(store)
    history = History()
    with pytest.raises(ChangedSinceError):
        set_my_status(store, history, 1, "cy", "done", "todo")
    with pytest.raises(TagdeskError):
        set_my_status(store, history, 1, "ana", "finished", "todo")
    assert assignments_of(store, 1) == {"ana": "todo", "ben": "todo"}
    assert len(history) == 0
