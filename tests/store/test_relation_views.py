"""Relations in a team's views and in what a window notices of another writer, on both engines."""

from __future__ import annotations

from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.core.records import DocumentState
from tagdesk.core.relations import IncomingRelation, RelationTypeRecord
from tagdesk.store import Store, open_store, operations
from tagdesk.store.assignments import assign_documents
from tagdesk.store.change_sets import History
from tagdesk.store.editing import document_spans, document_state
from tagdesk.store.importing import import_documents
from tagdesk.store.labels import list_labels
from tagdesk.store.relation_types import list_relation_types
from tagdesk.store.relations import document_relations
from tagdesk.store.shown_changes import Shown, changes_from, seen_now
from tagdesk.store.views import relations_for_view, spans_for_view

TEXT = "Qasem Soleimani commands the Quds Force and met Haider al-Abadi in Baghdad."


def team_document(store: Store) -> None:
    """Document 1 shared by x and y, each with their own spans and a relation between them."""
    spans = [
        IncomingSpan(0, 15, "PERSON", annotator="x"),
        IncomingSpan(29, 39, "ORG", annotator="x"),
        IncomingSpan(0, 15, "PERSON", annotator="y"),
        IncomingSpan(29, 39, "ORG", annotator="y"),
    ]
    relations = [
        IncomingRelation(0, 1, "COMMANDS", annotator="x"),
        IncomingRelation(2, 3, "MEMBER_OF", annotator="y"),
    ]
    import_documents(
        store,
        [IncomingDocument(text=TEXT, spans=spans, relations=relations), IncomingDocument("Solo.")],
        annotator="lead",
        source="t",
    )
    assign_documents(store, ["x", "y"], 2, [1])


def test_a_view_shows_its_owners_relations_between_its_spans(store: Store) -> None:
    team_document(store)
    names = {t.id: t.name for t in list_relation_types(store)}

    def seen(viewer: str, view: str) -> list[str]:
        return [names[r.type_id] for r in relations_for_view(store, 1, viewer, view)]

    assert seen("x", "own") == ["COMMANDS"]
    assert seen("y", "own") == ["MEMBER_OF"]
    assert seen("x", "y") == ["MEMBER_OF"]  # a colleague's view, as they see it
    assert seen("x", "all") == ["COMMANDS", "MEMBER_OF"]
    shown = {s.id for s in spans_for_view(store, 1, "x", "own")}
    assert all({r.head, r.child} <= shown for r in relations_for_view(store, 1, "x", "own"))
    assert relations_for_view(store, 2, "x", "own") == []


def test_another_writers_relation_is_noticed_in_the_open_document(store: Store) -> None:
    import_documents(
        store,
        [
            IncomingDocument(
                text=TEXT, spans=[IncomingSpan(0, 15, "PERSON"), IncomingSpan(29, 39, "ORG")]
            )
        ],
        annotator="a",
        source="t",
    )
    state = document_state(store, 1)
    shown = Shown(
        document=DocumentState(1, state.status, state.tags, state.version),
        spans=document_spans(store, 1),
        labels=list_labels(store),
        relations=document_relations(store, 1),
        relation_types=list_relation_types(store),
    )
    seen = seen_now(store)
    nothing, seen = changes_from(store, shown, seen)
    assert not nothing
    head, child = (s.id for s in document_spans(store, 1))
    with open_store(store.target) as other:
        commands = next(t.id for t in list_relation_types(other) if t.name == "COMMANDS")
        made = operations.add_relation(other, History(), 1, head, child, commands, annotator="b")
        kind, _ = operations.save_relation_type(
            other, History(), RelationTypeRecord(0, "FUNDS", "#123456")
        )
    report, seen = changes_from(store, shown, seen)
    assert report.documents == {1}
    assert report.relations == made.relations
    assert report.relation_types == {kind.id}
    assert not report.spans
    blind = Shown(
        document=shown.document, spans=shown.spans, labels=shown.labels
    )  # a window that shows no relations
    assert not changes_from(store, blind, seen)[0]


def test_an_imported_suggested_relation_no_file_names_is_shared(store: Store) -> None:
    """As imported span suggestions are: every analyst sees it, nobody owns it; a decided
    relation with no annotator is the importer's."""
    spans = [
        IncomingSpan(0, 15, "PERSON", status="suggested"),
        IncomingSpan(29, 39, "ORG", status="suggested"),
        IncomingSpan(48, 63, "PERSON", status="suggested"),
    ]
    relations = [
        IncomingRelation(0, 1, "COMMANDS", status="suggested"),
        IncomingRelation(0, 2, "MET", status="accepted"),
        IncomingRelation(2, 1, "MEMBER_OF", status="suggested", annotator="y"),
    ]
    import_documents(
        store,
        [IncomingDocument(text=TEXT, spans=spans, relations=relations)],
        annotator="lead",
        source="t",
    )
    assign_documents(store, ["x", "y"], 2, [1])
    names = {t.id: t.name for t in list_relation_types(store)}
    owners = {names[r.type_id]: r.annotator for r in document_relations(store, 1)}
    assert owners == {"COMMANDS": "", "MET": "lead", "MEMBER_OF": "y"}

    def seen(viewer: str) -> list[str]:
        return sorted(names[r.type_id] for r in relations_for_view(store, 1, viewer, "own"))

    assert seen("x") == ["COMMANDS"]
    assert seen("y") == ["COMMANDS", "MEMBER_OF"]
    assert seen("lead") == ["COMMANDS", "MET"]
