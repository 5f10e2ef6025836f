"""Which span Tab, Shift+Tab and a decision move to, in reading order.

Reading order is start, then the longer span first, then id: the order the
span index keeps, so an outer span comes before the spans nested in it.
"""

from __future__ import annotations

from collections.abc import Iterable

from tagdesk.core.records import SpanRecord


def reading_key(span: SpanRecord) -> tuple[int, int, int]:
    return (span.start, -span.end, span.id)


def step_span(
    spans: Iterable[SpanRecord],
    current: SpanRecord | None,
    offset: int,
    step: int,
    *,
    suggestions_only: bool = False,
) -> SpanRecord | None:
    """The span one step from `current` (or from the text cursor at `offset`), wrapping.

    Rejected spans are hidden, so never stepped to; with `suggestions_only`
    only the open suggestions are.
    """
    wanted = ("suggested",) if suggestions_only else ("suggested", "accepted")
    ordered = sorted((s for s in spans if s.status in wanted), key=reading_key)
    if not ordered:
        return None
    if current is not None:
        key = reading_key(current)
        if step > 0:
            return next((s for s in ordered if reading_key(s) > key), ordered[0])
        return next((s for s in reversed(ordered) if reading_key(s) < key), ordered[-1])
    if step > 0:
        return next((s for s in ordered if s.start >= offset), ordered[0])
    return next((s for s in reversed(ordered) if s.start < offset), ordered[-1])


def next_open_suggestion(spans: Iterable[SpanRecord], decided: SpanRecord) -> SpanRecord | None:
    """The open suggestion after the one just decided, else the first before it; None at the end."""
    return step_span(
        (s for s in spans if s.id != decided.id), decided, decided.start, 1, suggestions_only=True
    )
