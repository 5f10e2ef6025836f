"""Relation agreement: small cases worked by hand, and exact F1 against scikit-learn's."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import f1_score

from tagdesk.core.agreement import DocumentPair, agreement
from tagdesk.core.relation_agreement import RelationMark, relation_agreement

# "Qasem Soleimani met Haider al-Abadi in Baghdad ."
TOKENS = [(0, 5), (6, 15), (16, 19), (20, 26), (27, 35), (36, 38), (39, 46), (47, 48)]
SOLEIMANI = (0, 15, "PERSON")
ABADI = (20, 35, "PERSON")
AL_ABADI = (27, 35, "PERSON")
BAGHDAD = (39, 46, "GPE")
MET = RelationMark(SOLEIMANI, ABADI, "MET", directed=False)
IN_BAGHDAD = RelationMark(SOLEIMANI, BAGHDAD, "LOCATED_IN")


def figures(first, second, labels=()):
    return relation_agreement([(first, second)], labels)


def test_perfect_agreement() -> None:
    result = figures([MET, IN_BAGHDAD], [MET, IN_BAGHDAD])
    assert (result.overall.relation_f1, result.overall.overlap_f1) == (1.0, 1.0)
    assert (result.overall.first, result.overall.second) == (2, 2)
    assert sorted(result.by_type) == ["LOCATED_IN", "MET"]
    assert all(f.relation_f1 == f.overlap_f1 == 1.0 for f in result.by_type.values())


def test_one_side_has_none() -> None:
    result = figures([IN_BAGHDAD], [])
    assert (result.overall.relation_f1, result.overall.overlap_f1) == (0.0, 0.0)
    assert (result.overall.first, result.overall.second) == (1, 0)


def test_nobody_drew_a_relation_is_agreement() -> None:
    result = figures([], [])
    assert (result.overall.relation_f1, result.overall.overlap_f1) == (1.0, 1.0)
    assert result.by_type == {}


def test_direction_counts_for_directed_types_only() -> None:
    commands = RelationMark(SOLEIMANI, ABADI, "COMMANDS")
    reversed_commands = RelationMark(ABADI, SOLEIMANI, "COMMANDS")
    assert figures([commands], [reversed_commands]).overall.relation_f1 == 0.0
    assert figures([commands], [reversed_commands]).overall.overlap_f1 == 0.0
    met_back = RelationMark(ABADI, SOLEIMANI, "MET", directed=False)
    assert figures([MET], [met_back]).overall.relation_f1 == 1.0


def test_type_off() -> None:
    result = figures([RelationMark(SOLEIMANI, ABADI, "COMMANDS")], [MET])
    assert (result.overall.relation_f1, result.overall.overlap_f1) == (0.0, 0.0)
    assert result.by_type["COMMANDS"].relation_f1 == 0.0
    assert (result.by_type["COMMANDS"].first, result.by_type["COMMANDS"].second) == (1, 0)
    assert (result.by_type["MET"].first, result.by_type["MET"].second) == (0, 1)


def test_a_span_off_by_one_token_overlaps_but_does_not_match() -> None:
    result = figures([MET], [RelationMark(SOLEIMANI, AL_ABADI, "MET", directed=False)])
    assert result.overall.relation_f1 == 0.0
    assert result.overall.overlap_f1 == 1.0
    # A span with another label does not overlap.
    other = RelationMark(SOLEIMANI, (27, 35, "ORG"), "MET", directed=False)
    assert figures([MET], [other]).overall.overlap_f1 == 0.0


def test_one_of_two_agreed() -> None:
    # Exact: 2*1/(2+1). Overlap: precision 1/2 (A's), recall 1/1 (B's): 2/3 too.
    result = figures([MET, IN_BAGHDAD], [MET])
    assert result.overall.relation_f1 == pytest.approx(2 / 3)
    assert result.overall.overlap_f1 == pytest.approx(2 / 3)
    assert result.by_type["MET"].relation_f1 == 1.0
    assert result.by_type["LOCATED_IN"].relation_f1 == 0.0


def test_figures_add_up_over_documents() -> None:
    result = relation_agreement([([MET], [MET]), ([IN_BAGHDAD], [])])
    assert result.overall.relation_f1 == pytest.approx(2 * 1 / (2 + 1))


def test_labels_keep_the_relations_of_those_labels_only() -> None:
    result = figures([MET, IN_BAGHDAD], [MET], labels=["PERSON"])
    assert sorted(result.by_type) == ["MET"]
    assert result.overall.relation_f1 == 1.0


def test_pair_agreement_carries_the_relations_in_its_json() -> None:
    pair = DocumentPair(TOKENS, [SOLEIMANI, ABADI], [SOLEIMANI, ABADI], [MET], [MET, IN_BAGHDAD])
    result = agreement(("ana", "ben"), [pair])
    shape = result.as_json()["relations"]
    assert shape == {
        "relation_f1": round(2 / 3, 4),
        "overlap_f1": round(2 / 3, 4),
        "first": 1,
        "second": 2,
        "by_type": {
            "LOCATED_IN": {"relation_f1": 0.0, "overlap_f1": 0.0, "first": 0, "second": 1},
            "MET": {"relation_f1": 1.0, "overlap_f1": 1.0, "first": 1, "second": 1},
        },
    }
    # The spans' figures are what they were without relations.
    assert result.overall.span_f1 == 1.0


SPANS = [SOLEIMANI, ABADI, AL_ABADI, BAGHDAD]
TYPES = ["COMMANDS", "MET", "LOCATED_IN"]
relations = st.lists(
    st.builds(
        lambda head, child, name: RelationMark(head, child, name, directed=name != "MET"),
        st.sampled_from(SPANS),
        st.sampled_from(SPANS),
        st.sampled_from(TYPES),
    ).filter(lambda r: r.head != r.child),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(relations, relations)
def test_exact_relation_f1_is_scikit_learns_f1_over_the_candidates(first, second) -> None:
    candidates = sorted({r.key() for r in (*first, *second)})
    if not candidates:
        return
    truth = [int(key in {r.key() for r in first}) for key in candidates]
    predicted = [int(key in {r.key() for r in second}) for key in candidates]
    result = figures(first, second)
    assert result.overall.relation_f1 == pytest.approx(
        f1_score(truth, predicted, zero_division=0.0)
    )
