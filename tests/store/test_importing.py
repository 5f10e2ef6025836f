from __future__ import annotations

from pathlib import Path

import pytest

from tagdesk.core.errors import InputError
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.importing import import_documents
from tagdesk.store.reading import iter_export_documents, label_names, stats
from tests.helpers import database_fingerprint


def doc(text: str, *spans: IncomingSpan, tags: list[str] | None = None) -> IncomingDocument:
    return IncomingDocument(text=text, title=text[:10], spans=list(spans), tags=tags or [])


def test_the_same_text_twice_is_one_document_and_spans_merge(store: Store) -> None:
    text = "Qasem Soleimani visited Tikrit."
    import_documents(store, [doc(text, IncomingSpan(0, 15, "PERSON"))], annotator="a", source="t")
    summary = import_documents(
        store,
        [doc(text, IncomingSpan(0, 15, "PERSON"), IncomingSpan(24, 30, "GPE"))],
        annotator="a",
        source="t",
    )
    assert summary.documents_added == 0
    assert summary.documents_already_present == 1
    assert summary.spans_added == 1
    figures = stats(store)
    assert figures["documents"]["total"] == 1
    assert figures["spans"]["by_label"] == {"GPE": 1, "PERSON": 1}


def test_unknown_labels_join_the_scheme_with_a_colour(store: Store) -> None:
    summary = import_documents(
        store, [doc("IRGC Quds Force", IncomingSpan(0, 15, "MILITIA"))], annotator="a", source="t"
    )
    assert summary.labels_added == ["MILITIA"]
    assert label_names(store)[-1] == "MILITIA"
    colour = store.execute("SELECT colour FROM label WHERE name='MILITIA'").fetchone()[0]
    assert colour.startswith("#")
    assert len(colour) == 7


def test_annotator_timestamps_tags_and_notes_are_kept(store: Store) -> None:
    span = IncomingSpan(0, 4, "GPE", note="the country", tags=["verified"], annotator="rana")
    import_documents(
        store, [doc("Iran backs Iraq", span, tags=["iran"])], annotator="a", source="t"
    )
    row = store.execute(
        "SELECT annotator, note, source, created_at, updated_at FROM span"
    ).fetchone()
    assert row[:3] == ("rana", "the country", "t")
    assert row[3]
    assert row[4]
    exported = next(iter_export_documents(store))
    assert exported.tags == ("iran",)
    assert exported.spans[0].tags == ("verified",)


def test_an_error_in_the_middle_leaves_the_database_as_it_was(store: Store, db_path: Path) -> None:
    import_documents(store, [doc("First article")], annotator="a", source="t")
    before = database_fingerprint(db_path)

    def documents():
        yield doc("Second article", IncomingSpan(0, 6, "NEWLABEL"))
        yield doc("Third article")
        raise InputError("broken.jsonl", "is not valid JSON", 3)

    with pytest.raises(InputError, match=r"broken\.jsonl:3"):
        import_documents(store, documents(), annotator="a", source="t")
    assert database_fingerprint(db_path) == before
    assert "NEWLABEL" not in label_names(store)


def test_the_store_refuses_a_span_outside_its_text(store: Store) -> None:
    with pytest.raises(InputError, match="ends after the text"):
        import_documents(store, [doc("Iraq", IncomingSpan(0, 9, "GPE"))], annotator="a", source="t")
    assert stats(store)["documents"]["total"] == 0


def triggers(store: Store) -> list[str]:
    if not store.is_sqlite:
        rows = store.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1")
        return [name for (name,) in rows.fetchall()]
    rows = store.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    return [name for (name,) in rows.fetchall()]


@pytest.fixture
def writer(monkeypatch: pytest.MonkeyPatch) -> str:
    """Several batches from a few documents (a server runs this in tests/postgres)."""
    from tagdesk.store import importing

    monkeypatch.setattr(importing, "BATCH", 2)
    return "sqlite"


def test_batches_merge_duplicates_tag_and_keep_counts_and_search(store: Store, writer: str) -> None:
    from tagdesk.store.search import matching_ids_condition
    from tests.store.test_counts import counted_from_spans, labelled, labelled_from_spans, stored

    text = "Qasem Soleimani visited Tikrit."
    before = triggers(store)
    summary = import_documents(
        store,
        [
            doc(text, IncomingSpan(0, 15, "PERSON", tags=["checked"]), tags=["iraq"]),
            doc("Mosul fell.", IncomingSpan(0, 5, "GPE", status="suggested")),
            doc(text, IncomingSpan(0, 15, "PERSON"), IncomingSpan(24, 30, "GPE"), tags=["iran"]),
            doc("Mosul fell.", IncomingSpan(0, 5, "GPE", status="rejected")),
            doc(text, IncomingSpan(24, 30, "GPE", status="suggested"), IncomingSpan(0, 6, "NEW")),
        ],
        annotator="a",
        source="t",
    )
    assert (summary.documents_added, summary.documents_already_present) == (2, 3)
    assert summary.spans_added == 4
    assert summary.labels_added == ["NEW"]
    assert stored(store) == counted_from_spans(store) == {1: (3, 0), 2: (0, 1)}
    assert labelled(store) == labelled_from_spans(store)
    exported = list(iter_export_documents(store, span_statuses=("accepted", "suggested")))
    assert exported[0].tags == ("iran", "iraq")
    assert [(s.label, s.tags) for s in exported[0].spans] == [
        ("NEW", ()),
        ("PERSON", ("checked",)),
        ("GPE", ()),
    ]
    condition, params = matching_ids_condition(store, "tikrit", "id")
    assert store.execute(f"SELECT id FROM document WHERE {condition}", params).fetchall() == [(1,)]
    assert triggers(store) == before

    import_documents(store, [doc("Erbil was calm.")], annotator="a", source="t")
    condition, params = matching_ids_condition(store, "erbil", "id")
    assert store.execute(f"SELECT id FROM document WHERE {condition}", params).fetchall() == [(3,)]
    assert stored(store)[3] == (0, 0)


def test_a_failed_import_keeps_the_triggers(store: Store, writer: str) -> None:
    before = triggers(store)
    with pytest.raises(InputError):
        import_documents(
            store,
            [doc("Fine."), doc("Also fine."), doc("Iraq", IncomingSpan(0, 9, "GPE"))],
            annotator="a",
            source="t",
        )
    assert triggers(store) == before
    assert stats(store)["documents"]["total"] == 0
