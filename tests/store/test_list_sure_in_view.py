"""The document list's Sure column follows the view shown, as its Spans and Open do
(both engines).

Document 1 is given to ana and ben. The model suggested two places, sure of
one at 40% and of the other at 90%; ben accepted the 40% one as his own, so
his least sure open suggestion is the 90% one, while ana's is still 40%.
Document 2 is given to nobody: its Sure is the store's, whoever looks.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.team import ALL, GOLD, OWN
from tagdesk.store import Store
from tagdesk.store.assignments import assign_documents
from tagdesk.store.change_sets import History
from tagdesk.store.document_list import document_rows
from tagdesk.store.editing import document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.own_edits import edit_spans
from tagdesk.store.suggestions import add_suggestions

FIRST = "Qasem Soleimani visited Tikrit on Monday."
SECOND = "Ana Lopez flew to Basra."


def _sure(store: Store, viewer: str, view: str) -> dict[int, float | None]:
    rows = document_rows(store, [1, 2], viewer=viewer, view=view)
    return {i: row.least_score for i, row in rows.items()}


def test_sure_is_the_least_sure_suggestion_the_view_leaves_open(store: Store) -> None:
    import_documents(
        store,
        [IncomingDocument(text=FIRST), IncomingDocument(text=SECOND)],
        annotator="",
        source="t",
    )
    add_suggestions(
        store,
        [
            FoundEntities(1, ((0, 15, "PERSON"), (24, 30, "GPE")), scores=(0.4, 0.9)),
            FoundEntities(2, ((18, 23, "GPE"),), scores=(0.7,)),
        ],
        "m@1",
    )
    assign_documents(store, ["ana", "ben"], 2, [1])
    unsure = next(s for s in document_spans(store, 1) if s.start == 0)
    edit_spans(store, History(), "ben", [(unsure, replace(unsure, status="accepted"))], text="A")
    assert _sure(store, "ana", OWN) == {1: pytest.approx(0.4), 2: pytest.approx(0.7)}
    assert _sure(store, "ben", OWN) == {1: pytest.approx(0.9), 2: pytest.approx(0.7)}
    assert _sure(store, "ana", "ben") == {1: pytest.approx(0.9), 2: pytest.approx(0.7)}
    assert _sure(store, "ana", ALL) == {1: pytest.approx(0.4), 2: pytest.approx(0.7)}
    assert _sure(store, GOLD, OWN) == {1: pytest.approx(0.4), 2: pytest.approx(0.7)}
    edit_spans(
        store,
        History(),
        "ben",
        [(s, replace(s, status="rejected")) for s in document_spans(store, 1) if s.start == 24],
        text="R",
    )
    assert _sure(store, "ben", OWN) == {1: None, 2: pytest.approx(0.7)}  # nothing left open
