"""What the rules proposed is logged, and never proposed again: a suggested relation the
analyst deleted, or one whose spans were deleted and drawn again, stays away through undo
and redo; a database of schema 12 logs the rules' relations it holds (both engines)."""

from __future__ import annotations

import pytest

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store, open_store
from tagdesk.store.change_sets import ChangeSet, History
from tagdesk.store.editing import document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.relation_actions import delete_relations
from tagdesk.store.relations import document_relations
from tagdesk.store.suggestions import add_suggestions_and_relations
from tests.store.old_schemas import as_schema_12

TEXT = "Qasem Soleimani met Haider al-Abadi in Baghdad."
SOLEIMANI, ABADI, BAGHDAD = (0, 15, "PERSON"), (20, 35, "PERSON"), (39, 46, "GPE")
SOURCE = "en_core_web_sm@3.8.0"


def found(*relations: tuple[int, int, str]) -> list[FoundEntities]:
    return [FoundEntities(1, (SOLEIMANI, ABADI, BAGHDAD), relations=relations)]


def fill(store: Store) -> None:
    import_documents(store, [IncomingDocument(text=TEXT)], annotator="", source="test")


def logged(store: Store) -> list[tuple[object, ...]]:
    return [
        tuple(row)
        for row in store.execute(
            "SELECT l.document_id, t.name, l.head_start, l.head_end, h.name, l.child_start, "
            "l.child_end, c.name, l.source FROM relation_suggestion_log l "
            "JOIN relation_type t ON t.id = l.type_id JOIN label h ON h.id = l.head_label_id "
            "JOIN label c ON c.id = l.child_label_id ORDER BY t.name, l.head_start"
        )
    ]


def shown(store: Store) -> list[tuple[str, int, int, str]]:
    names = dict(store.execute("SELECT id, name FROM relation_type").fetchall())
    spans = {s.id: s for s in document_spans(store, 1)}
    return sorted(
        (names[r.type_id], spans[r.head].start, spans[r.child].start, r.status)
        for r in document_relations(store, 1)
    )


def test_every_relation_the_rules_propose_is_logged_by_its_ends(store: Store) -> None:
    fill(store)
    add_suggestions_and_relations(store, found((0, 2, "LOCATED_IN"), (1, 0, "MET")), SOURCE)
    rules = f"rules:{SOURCE}"
    # The symmetric MET is kept with its ends in text order, as the relation is.
    assert logged(store) == [
        (1, "LOCATED_IN", 0, 15, "PERSON", 39, 46, "GPE", rules),
        (1, "MET", 0, 15, "PERSON", 20, 35, "PERSON", rules),
    ]
    assert shown(store) == [("LOCATED_IN", 0, 39, "suggested"), ("MET", 0, 20, "suggested")]


def test_a_deleted_suggestion_is_not_proposed_again_through_undo_and_redo(store: Store) -> None:
    fill(store)
    add_suggestions_and_relations(store, found((0, 2, "LOCATED_IN"), (0, 1, "MET")), SOURCE)
    log = logged(store)
    history = History()
    met = [r for r in document_relations(store, 1) if r.head != r.child]
    change = delete_relations(store, [met[1]])
    assert change is not None
    assert history.do(store, change) is not None
    assert shown(store) == [("LOCATED_IN", 0, 39, "suggested")]
    again = add_suggestions_and_relations(store, found((0, 2, "LOCATED_IN"), (1, 0, "MET")), SOURCE)
    assert again == (0, 0)  # the deleted MET, found either way round, stays deleted
    for _ in range(2):
        history.undo(store)  # back, once, and the log as it was
        assert shown(store) == [("LOCATED_IN", 0, 39, "suggested"), ("MET", 0, 20, "suggested")]
        assert add_suggestions_and_relations(store, found((0, 1, "MET")), SOURCE) == (0, 0)
        assert logged(store) == log
        history.redo(store)
        assert shown(store) == [("LOCATED_IN", 0, 39, "suggested")]
        assert add_suggestions_and_relations(store, found((0, 1, "MET")), SOURCE) == (0, 0)
        assert logged(store) == log
    # What the rules never proposed still comes: another type between the same spans.
    assert add_suggestions_and_relations(store, found((1, 2, "LOCATED_IN")), SOURCE) == (0, 1)


def test_a_suggestion_between_spans_drawn_again_is_not_proposed_again(store: Store) -> None:
    fill(store)
    add_suggestions_and_relations(store, found((0, 2, "LOCATED_IN")), SOURCE)
    history = History()
    relation = document_relations(store, 1)[0]
    spans = [s for s in document_spans(store, 1) if s.id in (relation.head, relation.child)]
    change = ChangeSet(
        "Delete spans",
        spans_before=tuple((s.id, s) for s in spans),
        spans_after=tuple((s.id, None) for s in spans),
        relations_before=((relation.id, relation),),
        relations_after=((relation.id, None),),
    )
    assert history.do(store, change) is not None
    import_documents(  # the same places labelled again: new spans, new ids
        store,
        [
            IncomingDocument(
                text=TEXT, spans=[IncomingSpan(0, 15, "PERSON"), IncomingSpan(39, 46, "GPE")]
            )
        ],
        annotator="",
        source="again",
    )
    assert len(document_spans(store, 1)) == 3
    assert add_suggestions_and_relations(store, found((0, 2, "LOCATED_IN")), SOURCE) == (0, 0)
    assert shown(store) == []


def test_a_schema_12_database_logs_the_rules_relations_it_holds(store: Store) -> None:
    fill(store)
    add_suggestions_and_relations(store, found((0, 2, "LOCATED_IN"), (0, 1, "MET")), SOURCE)
    with store.write_transaction():  # one the analyst drew: not the rules'
        store.execute("UPDATE relation SET source = 'manual' WHERE type_id = "
                      "(SELECT id FROM relation_type WHERE name = 'MET')")  # fmt: skip
    as_schema_12(store)
    target = store.target
    store.close()
    with open_store(target) as migrated:
        assert [row[1] for row in logged(migrated)] == ["LOCATED_IN"]
        located = [r for r in document_relations(migrated, 1) if r.source.startswith("rules:")]
        change = delete_relations(migrated, located)
        assert change is not None
        assert History().do(migrated, change) is not None
        again = found((0, 2, "LOCATED_IN"), (0, 1, "MET"))
        assert add_suggestions_and_relations(migrated, again, SOURCE) == (0, 0)


@pytest.mark.parametrize("kind", ["a label", "a relation type"])
def test_a_log_row_goes_with_its_label_or_type(store: Store, kind: str) -> None:
    fill(store)
    add_suggestions_and_relations(store, found((0, 2, "LOCATED_IN")), SOURCE)
    with store.write_transaction():
        store.execute("DELETE FROM relation")
        store.execute("DELETE FROM span")
        if kind == "a label":
            store.execute("DELETE FROM label WHERE name = 'GPE'")
        else:
            store.execute("DELETE FROM relation_type WHERE name = 'LOCATED_IN'")
    assert logged(store) == []
