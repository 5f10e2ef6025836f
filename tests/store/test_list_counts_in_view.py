"""The document list's Spans and Open count the work shown, not every annotator's (both engines).

Document 1 is given to ana and ben: each accepted spans of their own, and a
model's suggestion is shared. Document 2 is given to nobody: everybody sees
all of it, as before. Each view's counts are checked against the spans the
window shows for that view (spans_for_view) and against figures worked by hand.
"""

from __future__ import annotations

from dataclasses import replace

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.team import ALL, GOLD, OWN
from tagdesk.store import Store
from tagdesk.store.assignments import assign_documents
from tagdesk.store.change_sets import History
from tagdesk.store.document_list import document_rows
from tagdesk.store.editing import create_span, document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.own_edits import edit_spans
from tagdesk.store.suggestions import add_suggestions
from tagdesk.store.views import spans_for_view

FIRST = "Qasem Soleimani visited Tikrit with Hadi al-Amiri on Monday."
SECOND = "Ana Lopez flew from Basra to Mosul."
PERSON, GPE = 1, 3


def _corpus(store: Store) -> None:
    import_documents(
        store,
        [IncomingDocument(text=FIRST), IncomingDocument(text=SECOND)],
        annotator="",
        source="t",
    )
    add_suggestions(store, [FoundEntities(1, ((53, 59, "DATE"),))], "m@1")
    add_suggestions(store, [FoundEntities(2, ((29, 34, "GPE"),))], "m@1")
    for start, end, label_id in ((0, 15, PERSON), (24, 30, GPE), (36, 49, PERSON)):
        create_span(store, 1, start, end, label_id, annotator="ana")
    create_span(store, 1, 0, 15, PERSON, annotator="ben")
    create_span(store, 2, 20, 25, GPE, annotator="ana")
    assign_documents(store, ["ana", "ben"], 2, [1])


def _counts(store: Store, viewer: str, view: str) -> dict[int, tuple[int, int]]:
    rows = document_rows(store, [1, 2], viewer=viewer, view=view)
    return {i: (row.accepted, row.suggested) for i, row in rows.items()}


def _shown(store: Store, viewer: str, view: str) -> dict[int, tuple[int, int]]:
    found = {}
    for document_id in (1, 2):
        statuses = [s.status for s in spans_for_view(store, document_id, viewer, view)]
        found[document_id] = (statuses.count("accepted"), statuses.count("suggested"))
    return found


def test_each_view_counts_what_it_shows(store: Store) -> None:
    _corpus(store)
    assert _counts(store, "ana", ALL) == {1: (4, 1), 2: (1, 1)}  # every annotator's
    assert _counts(store, "", ALL) == _counts(store, "x", ALL)
    assert _counts(store, "ana", OWN) == {1: (3, 1), 2: (1, 1)}
    assert _counts(store, "ben", OWN) == {1: (1, 1), 2: (1, 1)}
    assert _counts(store, "ana", "ben") == {1: (1, 1), 2: (0, 1)}  # ben's own work
    assert _counts(store, GOLD, OWN) == {1: (0, 1), 2: (0, 1)}  # nothing reviewed yet
    for viewer, view in (("ana", ALL), ("ana", OWN), ("ben", OWN), ("ana", "ben"), (GOLD, OWN)):
        assert _counts(store, viewer, view) == _shown(store, viewer, view), (viewer, view)


def test_an_own_accept_moves_only_the_acceptors_counts_and_undo_moves_them_back(
    store: Store,
) -> None:
    _corpus(store)
    history = History()
    suggestion = next(s for s in document_spans(store, 1) if s.status == "suggested")
    edit_spans(
        store, history, "ben", [(suggestion, replace(suggestion, status="accepted"))], text="A"
    )
    assert _counts(store, "ben", OWN)[1] == (2, 0)
    assert _counts(store, "ana", OWN)[1] == (3, 1)  # the suggestion is still open for ana
    assert _counts(store, "ana", ALL)[1] == (5, 1)
    history.undo(store)
    assert _counts(store, "ben", OWN)[1] == (1, 1)
    assert _counts(store, "ana", ALL)[1] == (4, 1)
