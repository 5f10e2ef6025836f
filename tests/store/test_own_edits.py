"""Several analysts on one document: nobody changes a span someone else owns (both engines).

In a document given to two or more annotators an edit of a shared suggestion
or of a colleague's span makes the analyst's own span; each view shows its
owner's work; undo and redo put exactly that back. A document given to one
annotator (or none) is edited in place, as Tagdesk always did.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tagdesk.core.errors import StoreError
from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument
from tagdesk.core.records import SpanRecord
from tagdesk.core.team import ALL, GOLD, OWN
from tagdesk.store import Store, open_store
from tagdesk.store.assignments import assign_documents
from tagdesk.store.change_sets import History
from tagdesk.store.editing import create_span, document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.labels import list_labels
from tagdesk.store.own_edits import edit_spans
from tagdesk.store.suggestions import add_suggestions
from tagdesk.store.views import spans_for_view

TEXT = "Qasem Soleimani visited Tikrit with Hadi al-Amiri."


def _corpus(store: Store, *, shared: bool) -> dict[str, int]:
    import_documents(store, [IncomingDocument(text=TEXT)], annotator="importer", source="t")
    add_suggestions(
        store, [FoundEntities(1, ((0, 15, "PERSON"), (24, 30, "GPE"), (36, 50, "PERSON")))], "m@1"
    )
    if shared:
        assign_documents(store, ["ana", "ben"], 2)
    else:
        assign_documents(store, ["ana"], 1)
    return {label.name: label.id for label in list_labels(store)}


def _rows(store: Store) -> list[tuple[object, ...]]:
    return [
        (s.id, s.start, s.end, s.label_id, s.status, s.annotator, s.note, s.derived_from)
        for s in document_spans(store, 1)
    ]


def _suggestion(store: Store, start: int) -> SpanRecord:
    return next(s for s in document_spans(store, 1) if s.start == start and not s.annotator)


def test_on_a_document_of_one_annotator_a_suggestion_is_changed_in_place(store: Store) -> None:
    labels = _corpus(store, shared=False)
    history = History()
    shown = _suggestion(store, 0)
    edit_spans(
        store,
        history,
        "ana",
        [(shown, replace(shown, status="accepted", annotator="ana"))],
        text="Accept suggestion",
        home=1,
    )
    (accepted,) = [s for s in document_spans(store, 1) if s.id == shown.id]
    assert (accepted.status, accepted.annotator, accepted.derived_from) == ("accepted", "ana", None)
    assert len(document_spans(store, 1)) == 3  # no copy: single-user work as always
    assert spans_for_view(store, 1, "ana") == document_spans(store, 1)
    assert spans_for_view(store, 1, "ben") == document_spans(store, 1)
    deleted = _suggestion(store, 24)
    edit_spans(store, history, "ana", [(deleted, None)], text="Delete span", home=1)
    assert deleted.id not in [s.id for s in document_spans(store, 1)]  # gone, not rejected
    assert labels["GPE"]


def test_acting_on_a_shared_suggestion_makes_an_own_span_that_hides_it(store: Store) -> None:
    labels = _corpus(store, shared=True)
    history = History()
    person, place, amiri = (_suggestion(store, start) for start in (0, 24, 36))
    untouched = _rows(store)
    edit_spans(
        store,
        history,
        "ana",
        [
            (person, replace(person, status="accepted", annotator="ana")),
            (place, replace(place, label_id=labels["LOC"], status="accepted", annotator="ana")),
            (amiri, None),
        ],
        text="Decide",
        home=1,
    )
    rows = _rows(store)
    assert set(untouched) <= set(rows)  # every original row as it was
    own = [s for s in document_spans(store, 1) if s.annotator == "ana"]
    assert sorted((s.start, s.end, s.label_id, s.status, s.derived_from) for s in own) == [
        (0, 15, labels["PERSON"], "accepted", person.id),
        (24, 30, labels["LOC"], "accepted", place.id),
        (36, 50, labels["PERSON"], "rejected", amiri.id),  # a delete: her own rejection
    ]
    assert sorted(s.id for s in spans_for_view(store, 1, "ana")) == sorted(s.id for s in own)
    assert [s.id for s in spans_for_view(store, 1, "ben")] == [person.id, place.id, amiri.id]
    assert [s.id for s in spans_for_view(store, 1, "ben", "ana")] == [s.id for s in own]
    assert len(spans_for_view(store, 1, "ben", ALL)) == 6
    for original in (person, place, amiri):  # nobody's shared suggestion was written
        assert _suggestion(store, original.start) == original


def test_a_colleagues_span_is_never_changed_and_own_edits_stay_in_place(store: Store) -> None:
    labels = _corpus(store, shared=True)
    history = History()
    hers = create_span(store, 1, 36, 50, labels["PERSON"], annotator="ana")
    edit_spans(
        store,
        history,
        "ben",
        [(hers, replace(hers, label_id=labels["ORG"], note="a militia leader"))],
        text="Relabel span",
    )
    stored = {s.id: s for s in document_spans(store, 1)}
    assert stored[hers.id] == hers  # ana's span as she left it
    (his,) = [s for s in stored.values() if s.annotator == "ben"]
    assert (his.label_id, his.note, his.derived_from) == (
        labels["ORG"],
        "a militia leader",
        hers.id,
    )
    edit_spans(store, history, "ben", [(his, replace(his, end=40))], text="Resize span")
    assert {s.id: s.end for s in document_spans(store, 1) if s.annotator == "ben"} == {his.id: 40}
    resized = next(s for s in document_spans(store, 1) if s.id == his.id)
    edit_spans(store, history, "ben", [(resized, None)], text="Delete span")
    (kept,) = [s for s in document_spans(store, 1) if s.annotator == "ben"]
    assert (kept.id, kept.status) == (his.id, "rejected")  # still hides what it came from
    assert [(s.start, s.end, s.annotator) for s in spans_for_view(store, 1, "ben", OWN)] == [
        (0, 15, ""),
        (24, 30, ""),
        (36, 40, "ben"),  # his rejection; ana's span is not in his view
        (36, 50, ""),
    ]


def test_undo_and_redo_of_an_own_copy_are_exact(store: Store) -> None:
    _corpus(store, shared=True)
    history = History()
    before = _rows(store)
    shown = _suggestion(store, 0)
    done = edit_spans(
        store,
        history,
        "ana",
        [(shown, replace(shown, status="accepted", annotator="ana"))],
        text="Accept suggestion",
        home=1,
    )
    assert done is not None
    _, report = done
    after = _rows(store)
    (copy_id,) = {row[0] for row in after} - {row[0] for row in before}
    assert copy_id in report.spans
    assert 1 in report.documents
    history.undo(store)
    assert _rows(store) == before
    assert shown.id in [s.id for s in spans_for_view(store, 1, "ana")]
    history.redo(store)
    assert _rows(store) == after  # the same id, the same row
    assert shown.id not in [s.id for s in spans_for_view(store, 1, "ana")]


def test_a_suggestion_taken_over_in_another_window_is_not_copied_twice(store: Store) -> None:
    _corpus(store, shared=True)
    shown = _suggestion(store, 0)
    accept = [(shown, replace(shown, status="accepted", annotator="ana"))]
    with open_store(store.target) as other_window:
        edit_spans(other_window, History(), "ana", accept, text="Accept suggestion")
    before = _rows(store)
    with pytest.raises(StoreError, match="is yours already"):
        edit_spans(store, History(), "ana", accept, text="Accept suggestion")
    assert _rows(store) == before


def test_the_reviewer_copies_even_where_one_analyst_worked(store: Store) -> None:
    labels = _corpus(store, shared=False)
    hers = create_span(store, 1, 0, 15, labels["PERSON"], annotator="ana")
    edit_spans(
        store,
        History(),
        GOLD,
        [(hers, replace(hers, annotator=GOLD))],
        text="Take into gold",
    )
    assert next(s for s in document_spans(store, 1) if s.id == hers.id) == hers
    gold = spans_for_view(store, 1, GOLD)
    assert [(s.annotator, s.derived_from) for s in gold if s.annotator] == [(GOLD, hers.id)]
    assert {s.annotator for s in gold} == {GOLD, ""}  # gold's own and the shared suggestions
    assert len(gold) == 4  # the suggestion at 0 stays: gold's span came from ana's, not it
