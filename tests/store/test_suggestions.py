from __future__ import annotations

import pytest

from tagdesk.core.errors import TagdeskError
from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.importing import import_documents
from tagdesk.store.reading import label_names
from tagdesk.store.suggestions import add_suggestions, documents_to_preannotate, iter_texts

TEXT = "Qasem Soleimani led the fight in Tikrit, north of Baghdad."
SOLEIMANI = (0, 15, "PERSON")
TIKRIT = (33, 39, "GPE")
BAGHDAD = (50, 57, "GPE")
SOURCE = "en_core_web_sm@3.8.0"


def add_document(store: Store, text: str = TEXT, spans: list[IncomingSpan] | None = None) -> int:
    import_documents(
        store,
        [IncomingDocument(text=text, spans=spans or [])],
        annotator="tester",
        source="test",
    )
    return int(store.execute("SELECT MAX(id) FROM document").fetchone()[0])


def spans(store: Store) -> list[tuple[int, int, str, str, str]]:
    return store.execute(
        'SELECT s."start", s."end", l.name, s.status, s.source FROM span s '
        'JOIN label l ON l.id = s.label_id ORDER BY s."start", s."end", l.name, s.status'
    ).fetchall()


def found(document_id: int, *entities: tuple[int, int, str]) -> list[FoundEntities]:
    return [FoundEntities(document_id, tuple(entities))]


def test_entities_become_suggestions_named_after_the_pipeline(store: Store) -> None:
    doc = add_document(store)
    assert add_suggestions(store, found(doc, SOLEIMANI, TIKRIT), SOURCE) == 2
    assert spans(store) == [
        (0, 15, "PERSON", "suggested", SOURCE),
        (33, 39, "GPE", "suggested", SOURCE),
    ]
    assert TEXT[0:15] == "Qasem Soleimani"
    assert TEXT[33:39] == "Tikrit"


def test_a_second_run_adds_nothing(store: Store) -> None:
    doc = add_document(store)
    add_suggestions(store, found(doc, SOLEIMANI, TIKRIT), SOURCE)
    before = spans(store)
    assert add_suggestions(store, found(doc, SOLEIMANI, TIKRIT), "en_core_web_sm@3.9.0") == 0
    assert spans(store) == before


def test_a_rejected_suggestion_stays_rejected_and_does_not_come_back(store: Store) -> None:
    doc = add_document(store)
    add_suggestions(store, found(doc, SOLEIMANI, TIKRIT), SOURCE)
    store.execute("UPDATE span SET status = 'rejected' WHERE \"start\" = 33")
    assert add_suggestions(store, found(doc, SOLEIMANI, TIKRIT, BAGHDAD), SOURCE) == 1
    assert spans(store) == [
        (0, 15, "PERSON", "suggested", SOURCE),
        (33, 39, "GPE", "rejected", SOURCE),
        (50, 57, "GPE", "suggested", SOURCE),
    ]


def test_an_edited_or_deleted_suggestion_is_not_proposed_again(store: Store) -> None:
    doc = add_document(store)
    add_suggestions(store, found(doc, SOLEIMANI, TIKRIT), SOURCE)
    # The analyst trims the person to "Soleimani", accepts it, and deletes Tikrit.
    store.execute('UPDATE span SET "start" = 6, status = \'accepted\' WHERE "start" = 0')
    store.execute('DELETE FROM span WHERE "start" = 33')
    assert add_suggestions(store, found(doc, SOLEIMANI, TIKRIT), SOURCE) == 0
    assert spans(store) == [(6, 15, "PERSON", "accepted", SOURCE)]


def test_spans_the_analyst_made_are_neither_duplicated_nor_overwritten(store: Store) -> None:
    doc = add_document(
        store,
        spans=[
            IncomingSpan(33, 39, "LOC", status="accepted", source="manual"),
            IncomingSpan(0, 15, "PERSON", status="rejected", source="manual"),
        ],
    )
    # Tikrit is accepted as LOC: GPE on the same characters is not suggested.
    # Soleimani as PERSON was rejected by hand: it is not suggested either.
    assert add_suggestions(store, found(doc, SOLEIMANI, TIKRIT, BAGHDAD), SOURCE) == 1
    assert spans(store) == [
        (0, 15, "PERSON", "rejected", "manual"),
        (33, 39, "LOC", "accepted", "manual"),
        (50, 57, "GPE", "suggested", SOURCE),
    ]


def test_a_label_the_scheme_lacks_is_added(store: Store) -> None:
    doc = add_document(store)
    assert add_suggestions(store, found(doc, (0, 15, "COMMANDER")), SOURCE) == 1
    assert "COMMANDER" in label_names(store)


def test_missing_means_not_yet_pre_annotated_and_without_suggestions(store: Store) -> None:
    first = add_document(store, "First article about Mosul.")
    second = add_document(store, "Second article, nothing in it.")
    imported = add_document(
        store, "Third, imported with a suggestion.", [IncomingSpan(0, 5, "ORDINAL", "suggested")]
    )
    fourth = add_document(store, "Fourth article about Tikrit.")
    assert documents_to_preannotate(store) == [first, second, fourth]
    # Pre-annotated with nothing found still counts as done.
    add_suggestions(store, [FoundEntities(first, ()), FoundEntities(second, ())], SOURCE)
    assert documents_to_preannotate(store, "missing") == [fourth]
    assert documents_to_preannotate(store, "all") == [first, second, imported, fourth]
    assert documents_to_preannotate(store, "documents", [fourth, first, fourth]) == [first, fourth]


def test_unknown_document_ids_are_refused(store: Store) -> None:
    doc = add_document(store)
    with pytest.raises(TagdeskError, match="no document with id 98, 99"):
        documents_to_preannotate(store, "documents", [doc, 99, 98])


def test_texts_are_read_in_chunks_in_id_order(store: Store) -> None:
    ids = [add_document(store, f"Article number {n}.") for n in range(7)]
    assert list(iter_texts(store, ids, chunk=3)) == [
        (document_id, f"Article number {n}.") for n, document_id in enumerate(ids)
    ]
