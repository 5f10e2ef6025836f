"""Scores stored with suggestions, and the document list most uncertain first, on both engines."""

from __future__ import annotations

import json
import random

import pytest

from tagdesk.core.found_entities import FoundEntities
from tagdesk.core.incoming import IncomingDocument, IncomingSpan
from tagdesk.store import Store
from tagdesk.store.document_list import ListQuery, document_ids, document_rows
from tagdesk.store.editing import document_spans
from tagdesk.store.importing import import_documents
from tagdesk.store.suggestions import add_suggestions

TEXT = "Qasem Soleimani met Haider al-Abadi in Tikrit and Baghdad."
ENTITIES = ((0, 15, "PERSON"), (20, 35, "PERSON"), (39, 45, "GPE"), (50, 57, "GPE"))


def corpus(store: Store, count: int) -> None:
    import_documents(
        store,
        [IncomingDocument(f"{TEXT} Report {n}.", title=f"report {n}") for n in range(count)],
        annotator="tester",
        source="test",
    )


def uncertainty_by_hand(store: Store) -> dict[int, float]:
    """Each document's lowest score over its open suggestions, read back from the meta JSON."""
    least: dict[int, float] = {}
    for document_id, meta in store.execute(
        "SELECT document_id, meta FROM span WHERE status = 'suggested'"
    ):
        score = json.loads(meta).get("score")
        if isinstance(score, int | float) and not isinstance(score, bool):
            least[document_id] = min(least.get(document_id, 2.0), float(score))
    return least


def expected_order(store: Store, *, descending: bool = False) -> list[int]:
    least = uncertainty_by_hand(store)
    every = [row[0] for row in store.execute('SELECT id FROM "document" ORDER BY id')]
    scored = sorted((i for i in every if i in least), key=lambda i: (least[i], i))
    if descending:
        scored = sorted(scored, key=lambda i: (-least[i], -i))
        return scored + sorted((i for i in every if i not in least), reverse=True)
    return scored + [i for i in every if i not in least]


def test_a_suggestion_keeps_its_score_in_its_meta(store: Store) -> None:
    corpus(store, 1)
    found = FoundEntities(1, ENTITIES, tokens=10, scores=(0.9912, 0.4371, 1.0, 0.05))
    assert add_suggestions(store, [found], "en_core_web_sm@3.8.0") == 4
    rows = store.execute('SELECT "start", meta FROM span ORDER BY "start"').fetchall()
    assert [(start, json.loads(meta)) for start, meta in rows] == [
        (0, {"score": 0.9912}),
        (20, {"score": 0.4371}),
        (39, {"score": 1.0}),
        (50, {"score": 0.05}),
    ]
    assert [span.score for span in document_spans(store, 1)] == [0.9912, 0.4371, 1.0, 0.05]
    assert document_rows(store, [1])[1].least_score == pytest.approx(0.05)


def test_a_model_without_scores_leaves_the_meta_empty(store: Store) -> None:
    corpus(store, 1)
    add_suggestions(store, [FoundEntities(1, ENTITIES[:2], tokens=10)], "ruler@1")
    assert [row[0] for row in store.execute("SELECT meta FROM span")] == ["{}", "{}"]
    assert [span.score for span in document_spans(store, 1)] == [None, None]
    assert document_rows(store, [1])[1].least_score is None


def test_documents_come_most_uncertain_first_as_the_stored_scores_say(store: Store) -> None:
    corpus(store, 40)
    generator = random.Random(17)
    found = []
    for document_id in range(1, 41):
        if document_id % 7 == 0:
            continue  # never pre-annotated: no suggestions at all
        scores = tuple(round(generator.random(), 4) for _ in ENTITIES)
        if document_id % 5 == 0:
            scores = ()  # a pipeline that gives no scores
        found.append(FoundEntities(document_id, ENTITIES, tokens=10, scores=scores))
    found[3] = FoundEntities(found[3].document_id, ENTITIES, tokens=10, scores=(0.3,) * 4)
    found[4] = FoundEntities(found[4].document_id, ENTITIES, tokens=10, scores=(0.3,) * 4)  # a tie
    add_suggestions(store, found, "en_core_web_sm@3.8.0")
    # Deciding a suggestion takes its doubt away: only open suggestions count.
    least_sure = store.execute(
        "SELECT id, document_id FROM span WHERE meta <> '{}' ORDER BY meta, id"
    ).fetchone()
    store.execute("UPDATE span SET status = 'accepted' WHERE id = ?", (least_sure[0],))
    store.execute("UPDATE span SET status = 'rejected' WHERE document_id = 2")

    ids = document_ids(store, ListQuery(sort="uncertainty"))
    assert ids == expected_order(store)
    assert ids[-1] == 40
    assert 2 in ids[-15:]  # unscored and fully decided ones last, by id
    assert document_ids(store, ListQuery(sort="uncertainty", descending=True)) == expected_order(
        store, descending=True
    )
    least = uncertainty_by_hand(store)
    rows = document_rows(store, ids)
    assert {i: rows[i].least_score for i in ids if i in least} == pytest.approx(least)
    assert all(rows[i].least_score is None for i in ids if i not in least)


def test_suggestions_without_a_number_for_a_score_count_as_unscored(store: Store) -> None:
    """An imported file's own score counts; a phrase suggestion or a score of "high" does not."""
    import_documents(
        store,
        [
            IncomingDocument(TEXT, spans=[IncomingSpan(0, 15, "PERSON", status="suggested")]),
            IncomingDocument(
                TEXT + " 2",
                spans=[IncomingSpan(0, 15, "PERSON", status="suggested", meta={"score": "high"})],
            ),
            IncomingDocument(
                TEXT + " 3",
                spans=[IncomingSpan(0, 15, "PERSON", status="suggested", meta={"score": 0.8})],
            ),
            IncomingDocument(
                TEXT + " 4",
                spans=[IncomingSpan(0, 15, "PERSON", status="accepted", meta={"score": 0.01})],
            ),
            IncomingDocument(TEXT + " 5"),
        ],
        annotator="tester",
        source="test",
    )
    add_suggestions(store, [FoundEntities(5, ENTITIES[2:], tokens=10, scores=(0.9, 0.95))], "m@1")
    ids = document_ids(store, ListQuery(sort="uncertainty"))
    assert ids == [3, 5, 1, 2, 4]
    assert ids == expected_order(store)
    rows = document_rows(store, ids)
    assert [rows[i].least_score for i in ids] == [0.8, 0.9, None, None, None]


def test_the_uncertainty_order_keeps_the_filters(store: Store) -> None:
    corpus(store, 6)
    found = [
        FoundEntities(n, ENTITIES, tokens=10, scores=(score, 0.99, 0.99, 0.99))
        for n, score in zip(range(1, 7), (0.5, 0.2, 0.9, 0.1, 0.7, 0.3), strict=True)
    ]
    add_suggestions(store, found, "m@1")
    store.execute("UPDATE document SET status = 'done' WHERE id IN (2, 5)")
    query = ListQuery(sort="uncertainty", status="todo")
    assert document_ids(store, query) == [4, 6, 1, 3]
