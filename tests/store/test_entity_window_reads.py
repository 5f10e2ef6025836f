"""What the window's Entities panel reads and writes, on both engines: an entity's mentions
across the corpus, the link plan read apart from its write, and a merge of several as one step."""

from __future__ import annotations

import pytest

from tagdesk.core.errors import TagdeskError
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store, operations
from tagdesk.store.change_sets import History
from tagdesk.store.entities import entities
from tagdesk.store.entity_actions import EntityDraft
from tagdesk.store.entity_mentions import entity_mentions, planned_links
from tagdesk.store.entity_merges import merge_entities_into
from tagdesk.store.importing import import_documents

TEXT = "Qasem Soleimani met Qassem Suleimani and Haider al-Abadi in Baghdad."
SPANS = [(0, 15, "PERSON"), (20, 36, "PERSON"), (41, 56, "PERSON"), (60, 67, "GPE")]


@pytest.fixture
def corpus(store: Store) -> Store:
    import_documents(
        store,
        [
            IncomingDocument(text=TEXT, title="First", spans=[IncomingSpan(*s) for s in SPANS]),
            IncomingDocument(text="Soleimani again.", spans=[IncomingSpan(0, 9, "PERSON")]),
        ],
        annotator="a",
        source="t",
    )
    return store


def names(store: Store) -> dict[int, str | None]:
    return dict(
        store.execute(
            "SELECT s.id, e.name FROM span s LEFT JOIN entity e ON e.id = s.entity_id ORDER BY 1"
        ).fetchall()
    )


def test_mentions_across_the_corpus_name_document_and_text(corpus: Store) -> None:
    history = History()
    made, _ = operations.create_entity(corpus, history, EntityDraft("Qasem Soleimani", 1))
    operations.link_spans(corpus, history, [5, 1], made.id)
    found = entity_mentions(corpus, made.id)
    assert [(m.span_id, m.title, m.text) for m in found] == [
        (1, "First", "Qasem Soleimani"),
        (5, found[1].title, "Soleimani"),
    ]
    assert found[1].document_id != found[0].document_id
    assert entity_mentions(corpus, made.id + 1) == []


def test_the_plan_is_read_without_writing_and_applied_as_one_step(corpus: Store) -> None:
    before = names(corpus)
    plan = planned_links(corpus)
    assert names(corpus) == before
    assert entities(corpus) == []
    assert sorted(len(mentions) for _, mentions in plan.new) == [1, 1, 3]  # Soleimani x3
    history = History()
    operations.apply_link_plan(corpus, history, dict(plan.links), list(plan.new))
    linked = names(corpus)
    assert linked[1] == linked[2] == linked[5] is not None  # one entity, three spellings
    assert linked[3] == "Haider al-Abadi"
    assert linked[4] == "Baghdad"
    history.undo(corpus)
    assert names(corpus) == before
    assert entities(corpus) == []


def test_three_entities_merge_in_one_step_and_one_undo_brings_all_back(corpus: Store) -> None:
    history = History()
    keys = []
    for name, span_id in (("Qasem Soleimani", 1), ("Qassem Suleimani", 2), ("Soleimani", 5)):
        made, _ = operations.create_entity(corpus, history, EntityDraft(name, 1))
        operations.link_spans(corpus, history, [span_id], made.id)
        keys.append(made.key)
    before = (names(corpus), entities(corpus))
    report = merge_entities_into(corpus, history, keys[0], keys[1:])
    assert len(report.entities) == 3
    (kept,) = entities(corpus)
    assert kept.aliases == ("Qassem Suleimani", "Soleimani")
    assert kept.former_keys == tuple(sorted(keys[1:]))
    assert {names(corpus)[i] for i in (1, 2, 5)} == {"Qasem Soleimani"}
    history.undo(corpus)
    assert (names(corpus), entities(corpus)) == before


def test_a_merge_across_labels_or_of_one_entity_twice_writes_nothing(corpus: Store) -> None:
    history = History()
    person, _ = operations.create_entity(corpus, history, EntityDraft("Soleimani", 1))
    place, _ = operations.create_entity(corpus, history, EntityDraft("Baghdad", 3))
    before = entities(corpus)
    with pytest.raises(TagdeskError, match="different labels"):
        merge_entities_into(corpus, history, person.key, [place.key])
    with pytest.raises(TagdeskError, match="twice"):
        merge_entities_into(corpus, history, person.key, [person.key])
    assert entities(corpus) == before
    assert history.index == 2
