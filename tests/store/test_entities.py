"""The entity registry on both engines: each action one change-set, undone and redone exactly."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tagdesk.core.changes import ChangeReport
from tagdesk.core.errors import StoreError, TagdeskError
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store, operations
from tagdesk.store.change_sets import ChangeSet, History
from tagdesk.store.editing import document_spans
from tagdesk.store.entities import entities, entity_id_for_key, summaries
from tagdesk.store.entity_actions import EntityDraft
from tagdesk.store.importing import import_documents

TEXT = "Qasem Soleimani met Qassem Suleimani and Haider al-Abadi in Baghdad."
SOLEIMANI, SULEIMANI, ABADI, BAGHDAD = (0, 15), (20, 36), (41, 56), (60, 67)


@pytest.fixture
def corpus(store: Store) -> Store:
    spans = [IncomingSpan(s, e, "PERSON") for s, e in (SOLEIMANI, SULEIMANI, ABADI)]
    spans.append(IncomingSpan(*BAGHDAD, "GPE", status="suggested"))
    import_documents(
        store,
        [IncomingDocument(text=TEXT, spans=spans), IncomingDocument(text="Soleimani again.")],
        annotator="a",
        source="t",
    )
    return store


def rows(store: Store) -> dict[str, list[Any]]:
    """Every row the entity actions write, updated_at left out (an undo is a write)."""
    return {
        "entity": store.execute(
            "SELECT id, key, name, label_id, description, external_id, created_at "
            "FROM entity ORDER BY id"
        ).fetchall(),
        "entity_alias": store.execute(
            "SELECT entity_id, alias FROM entity_alias ORDER BY 1, 2"
        ).fetchall(),
        "entity_former_key": store.execute(
            'SELECT "key", entity_id FROM entity_former_key ORDER BY 1'
        ).fetchall(),
        "span": store.execute(
            'SELECT id, document_id, "start", "end", label_id, status, entity_id, created_at '
            "FROM span ORDER BY id"
        ).fetchall(),
    }


def label_id(store: Store, name: str) -> int:
    return int(store.execute("SELECT id FROM label WHERE name = ?", (name,)).fetchone()[0])


def span_id(store: Store, where: tuple[int, int]) -> int:
    return next(s.id for s in document_spans(store, 1) if (s.start, s.end) == where)


def person(store: Store, history: History, name: str, *aliases: str) -> Any:
    record, _ = operations.create_entity(
        store, history, EntityDraft(name, label_id(store, "PERSON"), aliases=aliases)
    )
    return record


def exact_undo_redo(store: Store, history: History, before: Any) -> None:
    """Undo gives back `before` row for row, redo what the action wrote."""
    after = rows(store)
    assert after != before
    assert history.undo(store) is not None
    assert rows(store) == before
    assert history.redo(store) is not None
    assert rows(store) == after


def test_create_link_unlink_each_undo_exactly(corpus: Store) -> None:
    history = History()
    empty = rows(corpus)
    soleimani = person(corpus, history, "Qasem Soleimani", "Qassem Suleimani")
    assert soleimani.key == f"qasem-soleimani-{soleimani.id}"
    assert entities(corpus) == [soleimani]
    exact_undo_redo(corpus, history, empty)

    created = rows(corpus)
    ids = [span_id(corpus, SOLEIMANI), span_id(corpus, SULEIMANI)]
    report = operations.link_spans(corpus, history, ids, soleimani.id)
    assert report == ChangeReport.of(
        documents=[1], spans=ids, entities=[soleimani.id], statuses_kept=True
    )
    assert [s.entity_id for s in document_spans(corpus, 1)] == [soleimani.id] * 2 + [None] * 2
    exact_undo_redo(corpus, history, created)

    linked = rows(corpus)
    operations.unlink_spans(corpus, history, ids[:1])
    assert [s.entity_id for s in document_spans(corpus, 1)][:2] == [None, soleimani.id]
    exact_undo_redo(corpus, history, linked)
    (summary,) = summaries(corpus)
    assert (summary.label, summary.mentions, summary.documents) == ("PERSON", 1, 1)


def test_a_span_links_only_to_an_entity_of_its_label(corpus: Store) -> None:
    history = History()
    soleimani = person(corpus, history, "Qasem Soleimani")
    before = rows(corpus)
    with pytest.raises(TagdeskError, match="links only to an entity of its own label"):
        operations.link_spans(corpus, history, [span_id(corpus, BAGHDAD)], soleimani.id)
    assert rows(corpus) == before
    assert len(history) == 1
    # The database itself refuses it, whoever writes: the triggers on either engine.
    with (
        pytest.raises(StoreError, match="links only to an entity of its own label"),
        corpus.write_transaction(),
    ):
        corpus.execute(
            "UPDATE span SET entity_id = ? WHERE id = ?",
            (soleimani.id, span_id(corpus, BAGHDAD)),
        )
    operations.link_spans(corpus, history, [span_id(corpus, SOLEIMANI)], soleimani.id)
    with (
        pytest.raises(StoreError, match="cannot change while spans link to it"),
        corpus.write_transaction(),
    ):
        corpus.execute(
            "UPDATE entity SET label_id = ? WHERE id = ?",
            (label_id(corpus, "GPE"), soleimani.id),
        )
    changed = replace(soleimani, label_id=label_id(corpus, "ORG"))
    with pytest.raises(TagdeskError, match="label cannot change while 1 span"):
        operations.edit_entity(corpus, history, changed)


def test_deleting_a_span_takes_its_link_and_undo_brings_it_back(corpus: Store) -> None:
    history = History()
    soleimani = person(corpus, history, "Qasem Soleimani")
    operations.link_spans(corpus, history, [span_id(corpus, SOLEIMANI)], soleimani.id)
    linked = rows(corpus)
    span = next(s for s in document_spans(corpus, 1) if s.entity_id == soleimani.id)
    history.do(corpus, ChangeSet("Delete span", ((span.id, span),), ((span.id, None),)))
    assert summaries(corpus)[0].mentions == 0
    assert history.undo(corpus) is not None
    assert rows(corpus) == linked
    assert summaries(corpus)[0].mentions == 1


def test_merge_keeps_the_merged_key_as_a_name_of_the_survivor(corpus: Store) -> None:
    history = History()
    kept = person(corpus, history, "Qasem Soleimani")
    merged = person(corpus, history, "Qassem Suleimani", "Suleimani")
    operations.link_spans(corpus, history, [span_id(corpus, SOLEIMANI)], kept.id)
    operations.link_spans(corpus, history, [span_id(corpus, SULEIMANI)], merged.id)
    before = rows(corpus)
    report = operations.merge_entities(corpus, history, kept.key, merged.key)
    assert report.entities == {kept.id, merged.id}
    (survivor,) = entities(corpus)
    assert survivor.aliases == ("Qassem Suleimani", "Suleimani")
    assert survivor.former_keys == (merged.key,)
    assert entity_id_for_key(corpus, merged.key) == kept.id  # old exports still resolve
    assert [s.entity_id for s in document_spans(corpus, 1)][:2] == [kept.id, kept.id]
    exact_undo_redo(corpus, history, before)
    # The merged key is never given again, not even to an entity of the same name.
    again = person(corpus, history, "Qassem Suleimani")
    assert again.key not in (kept.key, merged.key)
    assert again.id > merged.id


def test_merge_refuses_entities_of_two_labels(corpus: Store) -> None:
    history = History()
    kept = person(corpus, history, "Qasem Soleimani")
    city, _ = operations.create_entity(
        corpus, history, EntityDraft("Baghdad", label_id(corpus, "GPE"))
    )
    before = rows(corpus)
    with pytest.raises(TagdeskError, match="different labels"):
        operations.merge_entities(corpus, history, kept.key, city.key)
    with pytest.raises(TagdeskError, match="no entity with the key 'nobody'"):
        operations.merge_entities(corpus, history, kept.key, "nobody")
    assert rows(corpus) == before


def test_split_moves_mentions_and_aliases_to_a_new_entity(corpus: Store) -> None:
    history = History()
    mixed = person(corpus, history, "Qasem Soleimani", "Haider al-Abadi", "Qassem Suleimani")
    ids = [span_id(corpus, where) for where in (SOLEIMANI, SULEIMANI, ABADI)]
    operations.link_spans(corpus, history, ids, mixed.id)
    before = rows(corpus)
    abadi, report = operations.split_entity(
        corpus, history, mixed.key, span_ids=[ids[2]], aliases=["Haider al-Abadi"]
    )
    assert abadi.name == "Haider al-Abadi"
    assert abadi.aliases == ()
    assert report.entities == {mixed.id, abadi.id}
    assert [s.entity_id for s in document_spans(corpus, 1)][:3] == [mixed.id, mixed.id, abadi.id]
    assert entities(corpus, [mixed.id])[0].aliases == ("Qassem Suleimani",)
    exact_undo_redo(corpus, history, before)
    with pytest.raises(TagdeskError, match=f"span {ids[0]} does not link to entity"):
        operations.split_entity(corpus, history, abadi.key, span_ids=[ids[0]])


def test_a_link_plan_is_one_step(corpus: Store) -> None:
    history = History()
    known = person(corpus, history, "Qasem Soleimani")
    before = rows(corpus)
    person_label = label_id(corpus, "PERSON")
    report = operations.apply_link_plan(
        corpus,
        history,
        {span_id(corpus, SOLEIMANI): known.id, span_id(corpus, SULEIMANI): known.id},
        [
            (EntityDraft("Haider al-Abadi", person_label), [span_id(corpus, ABADI)]),
            (EntityDraft("Someone Else", person_label), []),
        ],
    )
    made = entities(corpus)
    assert [entity.name for entity in made] == [
        "Qasem Soleimani",
        "Haider al-Abadi",
        "Someone Else",
    ]
    assert len({entity.id for entity in made}) == 3
    assert report.entities == {entity.id for entity in made}
    assert len(history) == 2
    exact_undo_redo(corpus, history, before)


def test_an_entity_edit_undoes_exactly(corpus: Store) -> None:
    history = History()
    soleimani = person(corpus, history, "Qasem Soleimani")
    before = rows(corpus)
    changed = replace(
        soleimani, name="Qasem Soleimani", aliases=("Haj Qasem",), external_id="Q312135"
    )
    operations.edit_entity(corpus, history, changed)
    assert entities(corpus) == [replace(changed, created_at=soleimani.created_at)]
    exact_undo_redo(corpus, history, before)
    with pytest.raises(TagdeskError, match="a key never changes"):
        operations.edit_entity(corpus, history, replace(changed, key="other"))
    with pytest.raises(TagdeskError, match="one word"):
        operations.edit_entity(corpus, history, replace(changed, external_id="Q 1"))
