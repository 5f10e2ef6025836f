"""Least sure first: the order Return, Backspace and Tab take through open suggestions."""

from __future__ import annotations

from tagdesk.core.records import SpanRecord
from tagdesk.core.span_order import next_open_suggestion, step_span


def span(span_id: int, start: int, score: float | None, status: str = "suggested") -> SpanRecord:
    return SpanRecord(span_id, 1, start, start + 3, 1, status, score=score)


SPANS = [
    span(1, 0, 0.9),
    span(2, 10, None),  # a phrase suggestion: no score
    span(3, 20, 0.2),
    span(4, 30, 0.05, status="accepted"),  # decided: never stepped to, whatever its score
    span(5, 40, 0.6),
    span(6, 50, None),
    span(7, 60, 0.2),  # the same score as 3: the text decides
    span(8, 70, 0.01, status="rejected"),
]


def walk(spans: list[SpanRecord], first: SpanRecord) -> list[int]:
    """Decide one suggestion after another, as Return does, and list the order."""
    order = [first.id]
    left = [s for s in spans if s.id != first.id]
    current = first
    while (following := next_open_suggestion(left, current, least_sure_first=True)) is not None:
        order.append(following.id)
        left = [s for s in left if s.id != following.id]
        current = following
    return order


def test_decisions_go_least_sure_first_and_unscored_last_in_reading_order() -> None:
    first = step_span(SPANS, None, 0, 1, suggestions_only=True, least_sure_first=True)
    assert first is not None
    assert first.id == 3
    assert walk(SPANS, first) == [3, 7, 5, 1, 2, 6]
    # From wherever the analyst clicked, the least sure one left comes next.
    assert next_open_suggestion(SPANS, SPANS[0], least_sure_first=True).id == 3


def test_tab_over_open_suggestions_steps_by_score_and_wraps() -> None:
    order = []
    current = None
    for _ in range(7):
        current = step_span(SPANS, current, 0, 1, suggestions_only=True, least_sure_first=True)
        order.append(current.id)
    assert order == [3, 7, 5, 1, 2, 6, 3]
    back = step_span(SPANS, SPANS[2], 0, -1, suggestions_only=True, least_sure_first=True)
    assert back.id == 6  # Shift+Tab from the least sure wraps to the last


def test_without_the_option_the_order_is_the_text_s() -> None:
    assert next_open_suggestion(SPANS, SPANS[0]).id == 2
    every = step_span(SPANS, None, 0, 1, least_sure_first=True)
    assert every.id == 1  # Tab over every span keeps to reading order
