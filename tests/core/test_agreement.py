"""Agreement figures: small cases worked by hand, and the same from seqeval and scikit-learn."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics import f1_score
from sklearn.metrics import cohen_kappa_score

from tagdesk.core.agreement import DocumentPair, agreement, cohen_kappa

# "Qasem Soleimani met Haider al-Abadi in Baghdad ."
TOKENS = [(0, 5), (6, 15), (16, 19), (20, 26), (27, 35), (36, 38), (39, 46), (47, 48)]
SOLEIMANI = (0, 15, "PERSON")
ABADI = (20, 35, "PERSON")
BAGHDAD = (39, 46, "GPE")
PAIR = ("ana", "ben")


def figures(first, second, labels=()):
    return agreement(PAIR, [DocumentPair(TOKENS, first, second)], labels)


def test_perfect_agreement_is_one_everywhere() -> None:
    result = figures([SOLEIMANI, ABADI, BAGHDAD], [SOLEIMANI, ABADI, BAGHDAD])
    assert result.documents == 1
    assert (result.overall.span_f1, result.overall.overlap_f1, result.overall.token_kappa) == (
        1.0,
        1.0,
        1.0,
    )
    assert sorted(result.by_label) == ["GPE", "PERSON"]
    assert all(f.span_f1 == f.overlap_f1 == f.token_kappa == 1.0 for f in result.by_label.values())


def test_no_agreement() -> None:
    # Tags: P P O O O O O O against O O O O O O G O. Observed 5/8; chance 6/8 * 7/8 = 42/64.
    result = figures([SOLEIMANI], [BAGHDAD])
    assert result.overall.span_f1 == 0.0
    assert result.overall.overlap_f1 == 0.0
    assert result.overall.token_kappa == pytest.approx((40 / 64 - 42 / 64) / (1 - 42 / 64))
    assert result.overall.token_kappa == pytest.approx(-1 / 11)


def test_one_label_off() -> None:
    # Tags: P P O O O O G O against P P O O O O L O. Observed 7/8; chance (2*2 + 5*5)/64.
    result = figures([SOLEIMANI, BAGHDAD], [SOLEIMANI, (39, 46, "LOC")])
    assert result.overall.span_f1 == 0.5
    assert result.overall.overlap_f1 == 0.5
    assert result.overall.token_kappa == pytest.approx(27 / 35)
    person, gpe, loc = (result.by_label[name] for name in ("PERSON", "GPE", "LOC"))
    assert (person.span_f1, person.overlap_f1, person.token_kappa) == (1.0, 1.0, 1.0)
    # One side has the label on one token, the other never: observed 7/8, chance 7/8.
    assert (gpe.span_f1, gpe.overlap_f1, gpe.token_kappa) == (0.0, 0.0, 0.0)
    assert (loc.span_f1, loc.overlap_f1, loc.token_kappa) == (0.0, 0.0, 0.0)


def test_boundary_off_by_one_token() -> None:
    # "Haider al-Abadi" against "al-Abadi": O O O P P O O O against O O O O P O O O.
    result = figures([ABADI], [(27, 35, "PERSON")])
    assert result.overall.span_f1 == 0.0
    assert result.overall.overlap_f1 == 1.0
    assert result.overall.token_kappa == pytest.approx(12 / 20)


def test_labels_option_keeps_only_those_labels() -> None:
    result = figures([SOLEIMANI, BAGHDAD], [SOLEIMANI, (39, 46, "LOC")], labels=["PERSON"])
    assert sorted(result.by_label) == ["PERSON"]
    assert result.overall.span_f1 == 1.0
    assert result.overall.token_kappa == 1.0


def test_nobody_marked_anything_is_agreement() -> None:
    result = figures([], [])
    assert (result.overall.span_f1, result.overall.overlap_f1, result.overall.token_kappa) == (
        1.0,
        1.0,
        1.0,
    )
    assert result.by_label == {}


def test_figures_add_up_over_documents_not_averaged() -> None:
    # Document one agrees on two spans; document two has one span each, different.
    one = DocumentPair(TOKENS, [SOLEIMANI, ABADI], [SOLEIMANI, ABADI])
    two = DocumentPair(TOKENS, [BAGHDAD], [SOLEIMANI])
    result = agreement(PAIR, [one, two])
    assert result.documents == 2
    assert result.overall.span_f1 == pytest.approx(2 * 2 / (3 + 3))


def test_json_shape() -> None:
    shape = figures([SOLEIMANI], [SOLEIMANI]).as_json()
    assert shape == {
        "annotators": ["ana", "ben"],
        "documents": 1,
        "span_f1": 1.0,
        "overlap_f1": 1.0,
        "token_kappa": 1.0,
        "by_label": {"PERSON": {"span_f1": 1.0, "overlap_f1": 1.0, "token_kappa": 1.0}},
        "relations": {
            "relation_f1": 1.0,
            "overlap_f1": 1.0,
            "first": 0,
            "second": 0,
            "by_type": {},
        },
    }


LABELS = ["PERSON", "ORG", "GPE"]


@st.composite
def token_spans(draw, length: int):
    """Non-overlapping spans on token boundaries, as (first token, last token + 1, label)."""
    spans, index = [], 0
    while index < length:
        if draw(st.booleans()):
            width = draw(st.integers(1, min(3, length - index)))
            spans.append((index, index + width, draw(st.sampled_from(LABELS))))
            index += width
        else:
            index += 1
    return spans


def _bio(spans, length: int) -> list[str]:
    tags = ["O"] * length
    for first, last, label in spans:
        tags[first] = f"B-{label}"
        for index in range(first + 1, last):
            tags[index] = f"I-{label}"
    return tags


def _marks(spans):
    return [(TOKENS[first][0], TOKENS[last - 1][1], label) for first, last, label in spans]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_same_figures_as_seqeval_and_scikit_learn(data) -> None:
    first = data.draw(token_spans(len(TOKENS)))
    second = data.draw(token_spans(len(TOKENS)))
    result = figures(_marks(first), _marks(second))
    bio_first, bio_second = _bio(first, len(TOKENS)), _bio(second, len(TOKENS))
    if first or second:
        assert result.overall.span_f1 == pytest.approx(
            f1_score([bio_first], [bio_second], zero_division=0)
        )
    plain_first = [tag.split("-")[-1] for tag in bio_first]
    plain_second = [tag.split("-")[-1] for tag in bio_second]
    if len(set(plain_first) | set(plain_second)) > 1:
        assert result.overall.token_kappa == pytest.approx(
            cohen_kappa_score(plain_first, plain_second)
        )


def test_kappa_needs_sequences_of_one_length() -> None:
    with pytest.raises(ValueError, match="one length"):
        cohen_kappa(["O"], ["O", "O"])
