"""What the training examples say: done text is "no entity", other unreviewed text is unknown."""

from __future__ import annotations

from typing import Any

import pytest

from tagdesk.core.reviewed import ReviewedDocument
from tagdesk.nlp.training_data import (
    INCORRECT_SPANS_KEY,
    dev_position,
    examples,
    pieces,
    split_by_hash,
)

TEXT = "Soleimani visited Tikrit on Monday with aides."


@pytest.fixture(scope="module")
def nlp() -> Any:
    import spacy

    return spacy.blank("en")


def where(word: str, label: str) -> tuple[int, int, str]:
    start = TEXT.index(word)
    return start, start + len(word), label


def iob(reference: Any) -> list[str]:
    return [token.ent_iob_ or "-" for token in reference]


def test_a_done_document_says_no_entity_outside_its_accepted_spans(nlp: Any) -> None:
    document = ReviewedDocument(1, TEXT, done=True, accepted=(where("Tikrit", "GPE"),))
    [example], _ = examples(nlp, [document])
    assert iob(example.reference) == ["O", "O", "B", "O", "O", "O", "O", "O"]
    assert [(ent.text, ent.label_) for ent in example.reference.ents] == [("Tikrit", "GPE")]


def test_a_document_not_done_leaves_unreviewed_tokens_missing(nlp: Any) -> None:
    document = ReviewedDocument(
        1,
        TEXT,
        done=False,
        accepted=(where("Tikrit", "GPE"),),
        rejected=(where("Monday", "PERSON"),),
    )
    [example], _ = examples(nlp, [document])
    assert iob(example.reference) == ["-", "-", "B", "-", "-", "-", "-", "-"]
    incorrect = example.reference.spans[INCORRECT_SPANS_KEY]
    assert [(span.text, span.label_) for span in incorrect] == [("Monday", "PERSON")]


def test_a_span_that_cuts_a_token_leaves_that_token_unknown_even_when_done(nlp: Any) -> None:
    start = TEXT.index("Tikrit")
    document = ReviewedDocument(1, TEXT, done=True, accepted=((start, start + 3, "GPE"),))
    [example], counts = examples(nlp, [document])
    assert counts.misaligned == 1
    assert iob(example.reference) == ["O", "O", "-", "O", "O", "O", "O", "O"]


def test_overlapping_accepted_spans_keep_the_longest(nlp: Any) -> None:
    document = ReviewedDocument(
        1,
        TEXT,
        done=True,
        accepted=(where("Tikrit on Monday", "EVENT"), where("Monday", "DATE")),
    )
    [example], counts = examples(nlp, [document])
    assert counts.overlapping == 1
    assert [(ent.text, ent.label_) for ent in example.reference.ents] == [
        ("Tikrit on Monday", "EVENT")
    ]


def test_a_long_document_is_cut_and_a_span_across_the_cut_is_unknown_in_both() -> None:
    text = "a" * 5 + "\n" + "Tikrit\nTikrit" + "\n" + "b" * 5
    crossing = (text.index("Tikrit\nTikrit"), text.index("Tikrit\nTikrit") + 13, "GPE")
    document = ReviewedDocument(1, text, done=True, accepted=(crossing,))
    cut = pieces(document, limit=14)
    assert "".join(piece.text for piece in cut) == text
    assert all(piece.accepted == () for piece in cut)
    unknown = [piece.text[start:end] for piece in cut for start, end in piece.unknown]
    assert "".join(unknown) == "Tikrit\nTikrit"


def test_the_dev_split_is_stable_and_does_not_move_when_documents_are_added() -> None:
    documents = [ReviewedDocument(n, f"Article number {n}.", done=True) for n in range(60)]
    _, dev = split_by_hash(documents)
    assert {d.document_id for d in dev} == {
        d.document_id for d in documents if dev_position(d.text) < 0.2
    }
    assert 0 < len(dev) < len(documents)
    more = documents + [
        ReviewedDocument(n, f"Article number {n}.", done=True) for n in range(60, 90)
    ]
    _, dev_more = split_by_hash(list(reversed(more)))
    assert {d.document_id for d in dev} <= {d.document_id for d in dev_more}


def test_two_documents_give_one_to_each_side() -> None:
    documents = [ReviewedDocument(n, f"Text {n}", done=True) for n in (1, 2)]
    train, dev = split_by_hash(documents)
    assert len(train) == 1
    assert len(dev) == 1


def test_an_empty_document_gives_no_example(nlp: Any) -> None:
    made, _ = examples(nlp, [ReviewedDocument(1, "", done=True)])
    assert made == []
