"""The agreement the statistics view shows, on both engines: span figures without tokens.

`spans_by_pair` must give the same span F1 and overlap F1 as `documents_by_pair`
(what `tagdesk agreement` computes), the documents' ids, and the rankings of
where each pair differ must be the ones counted from the plan.
"""

from __future__ import annotations

from tagdesk.core.agreement import agreement, disagreements
from tagdesk.store import Store
from tagdesk.store.agreement_data import documents_by_pair, spans_by_pair
from tests.store.store_calls import WORDS
from tests.team_corpus import build_team, expected_ranking


def test_span_figures_are_the_agreement_commands_and_the_rankings_the_plans(
    store: Store,
) -> None:
    ids = build_team(store)
    for finished in (True, False):
        with_ids = spans_by_pair(store, finished=finished)
        with_tokens = documents_by_pair(store, WORDS, finished=finished)
        assert list(with_ids) == list(with_tokens) == [("ana", "ben"), ("ana", "cy"), ("ben", "cy")]
        for pair, documents in with_ids.items():
            assert [d for d, _ in documents] == ids
            mine = agreement(pair, [d for _, d in documents])
            theirs = agreement(pair, with_tokens[pair])
            assert mine.documents == theirs.documents == 3
            assert (mine.overall.span_f1, mine.overall.overlap_f1) == (
                theirs.overall.span_f1,
                theirs.overall.overlap_f1,
            )
            assert set(mine.by_label) == set(theirs.by_label)
            for label, figures in mine.by_label.items():
                assert figures.span_f1 == theirs.by_label[label].span_f1
            for label in (None, "PERSON", "GPE", "ORG"):
                ranked = [d.document_id for d in disagreements(documents, label)]
                assert ranked == [ids[n] for n in expected_ranking(*pair, label)]
    # ana and ben: text 0 differs in four marks (Ana Lopez/Ana, Basra GPE/ORG), text 2 in one.
    assert expected_ranking("ana", "ben") == [0, 2]


def test_no_pair_before_two_annotators_are_done(store: Store) -> None:
    assert spans_by_pair(store) == {}
    assert spans_by_pair(store, finished=False) == {}
