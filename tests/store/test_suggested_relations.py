"""Suggested relations written with pre-annotation's spans: once, never over a decision.

On both engines. The first tests write model results as the pipeline hands
them over (FoundEntities with relations); the last runs the real pipeline
over the bundled articles.
"""

from __future__ import annotations

import pytest

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.nlp.models import default_model
from tagdesk.nlp.preannotate import preannotate
from tagdesk.store import Store
from tagdesk.store.importing import import_documents
from tagdesk.store.suggestions import add_suggestions_and_relations
from tests.conftest import SEEDS

TEXT = "Qasem Soleimani met Haider al-Abadi in Baghdad."
SOLEIMANI, ABADI, BAGHDAD = (0, 15, "PERSON"), (20, 35, "PERSON"), (39, 46, "GPE")
SOURCE = "en_core_web_sm@3.8.0"


def found(*relations: tuple[int, int, str]) -> list[FoundEntities]:
    return [FoundEntities(1, (SOLEIMANI, ABADI, BAGHDAD), relations=relations)]


def fill(store: Store, spans: list[IncomingSpan] | None = None) -> None:
    import_documents(
        store, [IncomingDocument(text=TEXT, spans=spans or [])], annotator="", source="test"
    )


def relations(store: Store) -> list[tuple[str, str, str, str, str, str]]:
    rows = store.execute(
        'SELECT t.name, d.text, h."start", h."end", c."start", c."end", r.status, '
        "r.source, r.annotator FROM relation r JOIN relation_type t ON t.id = r.type_id "
        "JOIN document d ON d.id = r.document_id JOIN span h ON h.id = r.head_span_id "
        "JOIN span c ON c.id = r.child_span_id ORDER BY r.id"
    ).fetchall()
    return [
        (name, text[hs:he], text[cs:ce], status, source, annotator)
        for name, text, hs, he, cs, ce, status, source, annotator in rows
    ]


def test_relations_are_written_with_the_spans_and_the_rules_source(store: Store) -> None:
    fill(store)
    added = add_suggestions_and_relations(store, found((0, 1, "MET"), (0, 2, "LOCATED_IN")), SOURCE)
    assert added == (3, 2)
    assert relations(store) == [
        ("MET", "Qasem Soleimani", "Haider al-Abadi", "suggested", f"rules:{SOURCE}", ""),
        ("LOCATED_IN", "Qasem Soleimani", "Baghdad", "suggested", f"rules:{SOURCE}", ""),
    ]


def test_running_again_adds_nothing_and_a_rejected_relation_stays_rejected(
    store: Store,
) -> None:
    fill(store)
    add_suggestions_and_relations(store, found((0, 1, "MET"), (0, 2, "LOCATED_IN")), SOURCE)
    store.execute("UPDATE relation SET status = 'rejected' WHERE id = 1")
    before = relations(store)
    # The symmetric MET found the other way round is the same relation.
    again = add_suggestions_and_relations(store, found((1, 0, "MET"), (0, 2, "LOCATED_IN")), SOURCE)
    assert again == (0, 0)
    assert relations(store) == before
    assert before[0][3] == "rejected"


def test_a_relation_joins_the_spans_already_there_but_never_a_rejected_one(
    store: Store,
) -> None:
    fill(
        store,
        [IncomingSpan(0, 15, "PERSON"), IncomingSpan(39, 46, "GPE", status="rejected")],
    )
    added = add_suggestions_and_relations(store, found((0, 1, "MET"), (0, 2, "LOCATED_IN")), SOURCE)
    # Soleimani was there (imported, accepted); al-Abadi is new; Baghdad was rejected.
    assert added == (1, 1)
    assert relations(store) == [
        ("MET", "Qasem Soleimani", "Haider al-Abadi", "suggested", f"rules:{SOURCE}", "")
    ]
    imported = store.execute("SELECT id FROM span WHERE source = 'test' AND \"start\" = 0")
    head = store.execute("SELECT head_span_id FROM relation")
    assert head.fetchall() == imported.fetchall()
    assert store.execute('SELECT COUNT(*) FROM span WHERE "start" = 0').fetchone()[0] == 1


def test_an_analysts_own_span_is_not_joined_by_a_shared_suggestion(store: Store) -> None:
    import_documents(
        store,
        [IncomingDocument(text=TEXT, spans=[IncomingSpan(0, 15, "PERSON")])],
        annotator="ana",
        source="test",
    )
    assert {row[0] for row in store.execute("SELECT annotator FROM span")} == {"ana"}
    added = add_suggestions_and_relations(store, found((0, 1, "MET")), SOURCE)
    assert added[1] == 0
    assert relations(store) == []


def test_the_stored_types_constraints_decide_and_unknown_types_propose_nothing(
    store: Store,
) -> None:
    fill(store)
    store.execute("UPDATE relation_type SET heads = '[\"ORG\"]' WHERE name = 'LOCATED_IN'")
    added = add_suggestions_and_relations(
        store, found((0, 2, "LOCATED_IN"), (0, 1, "NO_SUCH_TYPE"), (0, 0, "MET")), SOURCE
    )
    assert added == (3, 0)
    assert relations(store) == []


@pytest.mark.skipif(default_model() is None, reason="needs en_core_web_sm")
def test_preannotating_the_seeds_suggests_these_relations_once(store: Store) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    documents = [IncomingDocument(text=text) for text in texts]
    import_documents(store, documents, annotator="", source="seeds")
    summary = preannotate(store)
    assert summary.relations_added == 5
    assert "5 suggested relations" in summary.describe()
    made = relations(store)
    assert [row[:3] for row in made] == [
        ("COMMANDS", "Gen Qasem Soleimani", "the Iran’s Islamic Revolution Guards Corps"),
        ("COMMANDS", "Qasem Soleimani", "Quds Force"),
        ("LOCATED_IN", "Soleimani", "Mosul"),
        ("LOCATED_IN", "Soleimani", "Mosul"),
        ("LOCATED_IN", "Americans", "Iraq"),
    ]
    assert {row[3:] for row in made} == {("suggested", f"rules:{summary.source}", "")}
    store.execute("UPDATE relation SET status = 'rejected' WHERE id = 1")
    store.execute("DELETE FROM relation WHERE id = 2")
    again = preannotate(store, scope="all")
    # Neither the rejected one nor the deleted one is proposed again (the suggestion log).
    assert again.suggestions_added == 0
    assert again.relations_added == 0
    assert relations(store)[0][:4] == (
        "COMMANDS",
        "Gen Qasem Soleimani",
        "the Iran’s Islamic Revolution Guards Corps",
        "rejected",
    )
    assert len(relations(store)) == 4
    plain = preannotate(store, scope="all", relations=False)
    assert (plain.suggestions_added, plain.relations_added) == (0, 0)
