"""What became of a model's suggestion, read from the spans of the pipeline that made it."""

from __future__ import annotations

from tagdesk.core.statistics import suggestion_outcomes

MODEL = "model@1"
PERSON, ORG = 1, 2


def test_each_outcome_from_the_spans_left() -> None:
    logged = [
        (0, 5, PERSON, MODEL),
        (10, 15, PERSON, MODEL),
        (20, 25, ORG, MODEL),
        (30, 35, ORG, MODEL),
        (40, 45, PERSON, MODEL),
        (50, 55, ORG, MODEL),
    ]
    spans = [
        (0, 5, PERSON, MODEL, "accepted"),
        (10, 15, ORG, MODEL, "accepted"),  # relabelled
        (20, 27, ORG, MODEL, "accepted"),  # resized
        (40, 45, PERSON, MODEL, "rejected"),
        (50, 55, ORG, "manual", "accepted"),  # the analyst's own: the suggestion was deleted
    ]
    assert suggestion_outcomes(logged, spans) == [
        "accepted",
        "corrected",
        "corrected",
        "deleted",
        "rejected",
        "deleted",
    ]


def test_a_span_that_is_another_suggestion_is_no_correction_of_this_one() -> None:
    logged = [(0, 10, PERSON, MODEL), (5, 15, ORG, MODEL)]
    spans = [(0, 10, PERSON, MODEL, "accepted")]
    assert suggestion_outcomes(logged, spans) == ["accepted", "deleted"]


def test_another_pipelines_span_is_not_this_ones() -> None:
    logged = [(0, 5, PERSON, MODEL)]
    assert suggestion_outcomes(logged, [(0, 5, PERSON, "model@2", "accepted")]) == ["deleted"]


def test_in_a_shared_document_an_analysts_own_copy_decides_an_open_suggestion() -> None:
    """The shared suggestion stays open; each analyst's own copy says what they made of it."""
    logged = [(0, 5, PERSON, MODEL), (10, 15, PERSON, MODEL), (20, 25, PERSON, MODEL)]
    spans = [
        (0, 5, PERSON, MODEL, "suggested"),
        (0, 5, PERSON, MODEL, "accepted"),
        (10, 15, PERSON, MODEL, "suggested"),
        (10, 15, PERSON, MODEL, "rejected"),
        (10, 15, PERSON, MODEL, "accepted"),  # one rejected it, the other accepted: accepted
        (20, 25, PERSON, MODEL, "suggested"),
        (20, 22, PERSON, MODEL, "accepted"),
    ]
    assert suggestion_outcomes(logged, spans) == ["accepted", "accepted", "corrected"]
