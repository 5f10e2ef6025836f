from __future__ import annotations

from dataclasses import replace

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.counts import counts, recount
from tagdesk.store.editing import apply_span_states, create_span, document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.suggestions import add_suggestions

TEXT = "Qasem Soleimani led the fight in Tikrit, north of Baghdad."


def add(store: Store, *documents: IncomingDocument) -> list[int]:
    import_documents(store, documents, annotator="tester", source="test")
    return [row[0] for row in store.execute("SELECT id FROM document ORDER BY id").fetchall()]


def counted_from_spans(store: Store) -> dict[int, tuple[int, int]]:
    rows = store.execute(
        "SELECT d.id, COUNT(CASE WHEN s.status = 'accepted' THEN 1 END), "
        "COUNT(CASE WHEN s.status = 'suggested' THEN 1 END) "
        "FROM document d LEFT JOIN span s ON s.document_id = d.id GROUP BY d.id"
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


def labelled_from_spans(store: Store) -> list[tuple[int, int, int, int]]:
    return store.execute(
        "SELECT label_id, document_id, COUNT(CASE WHEN status != 'rejected' THEN 1 END), "
        "COUNT(CASE WHEN status = 'rejected' THEN 1 END) FROM span "
        "GROUP BY label_id, document_id ORDER BY label_id, document_id"
    ).fetchall()


def labelled(store: Store) -> list[tuple[int, int, int, int]]:
    return store.execute("SELECT * FROM document_labels ORDER BY label_id, document_id").fetchall()


def stored(store: Store) -> dict[int, tuple[int, int]]:
    ids = [row[0] for row in store.execute("SELECT id FROM document").fetchall()]
    return counts(store, ids)


def test_imports_edits_and_suggestions_keep_the_counts(store: Store) -> None:
    first, second = add(
        store,
        IncomingDocument(
            TEXT,
            spans=[
                IncomingSpan(0, 15, "PERSON"),
                IncomingSpan(33, 39, "GPE", status="suggested"),
                IncomingSpan(50, 57, "GPE", status="rejected"),
            ],
        ),
        IncomingDocument("Haider al-Abadi spoke."),
    )
    assert stored(store) == {first: (1, 1), second: (0, 0)}

    created = create_span(store, second, 0, 15, 1, annotator="tester")
    add_suggestions(store, [FoundEntities(second, ((16, 21, "ORG"),))], "model@1")
    assert stored(store) == {first: (1, 1), second: (1, 1)}

    suggestion = next(s for s in document_spans(store, first) if s.status == "suggested")
    apply_span_states(
        store,
        [(suggestion.id, replace(suggestion, status="accepted")), (created.id, None)],
        replacing=[(suggestion.id, suggestion), (created.id, created)],
    )
    assert stored(store) == {first: (2, 0), second: (0, 1)}
    assert stored(store) == counted_from_spans(store)
    assert labelled(store) == labelled_from_spans(store)

    rejected = next(s for s in document_spans(store, first) if s.status == "rejected")
    accepted = replace(rejected, status="accepted", label_id=1)
    apply_span_states(store, [(rejected.id, accepted)], replacing=[(rejected.id, rejected)])
    assert labelled(store) == labelled_from_spans(store)

    store.execute("DELETE FROM document WHERE id = ?", (first,))
    assert stored(store) == {second: (0, 1)}
    assert labelled(store) == labelled_from_spans(store)


def test_merging_into_a_present_document_adds_to_its_counts(store: Store) -> None:
    (document_id,) = add(store, IncomingDocument(TEXT, spans=[IncomingSpan(0, 15, "PERSON")]))
    add(
        store,
        IncomingDocument(
            TEXT,
            spans=[IncomingSpan(0, 15, "PERSON"), IncomingSpan(33, 39, "GPE", status="suggested")],
        ),
    )
    assert stored(store) == {document_id: (1, 1)}
    assert labelled(store) == labelled_from_spans(store)


def test_recount_repairs_counts_written_around_the_store(store: Store) -> None:
    (document_id,) = add(store, IncomingDocument(TEXT, spans=[IncomingSpan(0, 15, "PERSON")]))
    store.execute("UPDATE document_counts SET accepted = 7, suggested = 3")
    store.execute("UPDATE document_labels SET spans = 9")
    recount(store, [document_id])
    assert stored(store) == {document_id: (1, 0)}
    assert labelled(store) == labelled_from_spans(store)
    store.execute("DELETE FROM document_counts")
    store.execute("DELETE FROM document_labels")
    recount(store)
    assert stored(store) == {document_id: (1, 0)}
    assert labelled(store) == labelled_from_spans(store)
