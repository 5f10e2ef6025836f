"""Which span Tab, Shift+Tab and a decision move to: in reading order, or least sure first.

Reading order is start, then the longer span first, then id: the order the
span index keeps, so an outer span comes before the spans nested in it.

Least sure first (the window's "Open suggestions least sure first"): a
decision moves on to the open suggestion the model is least sure of (lowest
score), and Tab, when it steps through open suggestions only, goes by score,
as Prodigy's ner.teach asks first about what the model doubts most.
Suggestions without a score (imported, phrase suggestions) come after all
scored ones, in reading order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tagdesk.core.records import SpanRecord

Order = Callable[[SpanRecord], tuple[object, ...]]


def reading_key(span: SpanRecord) -> tuple[int, int, int]:
    return (span.start, -span.end, span.id)


def least_sure_key(span: SpanRecord) -> tuple[int, float, int, int, int]:
    unscored = span.score is None
    return (int(unscored), 0.0 if span.score is None else span.score, *reading_key(span))


def step_span(
    spans: Iterable[SpanRecord],
    current: SpanRecord | None,
    offset: int,
    step: int,
    *,
    suggestions_only: bool = False,
    least_sure_first: bool = False,
) -> SpanRecord | None:
    """The span one step from `current` (or from the text cursor at `offset`), wrapping.

    Rejected spans are hidden, so never stepped to; with `suggestions_only`
    only the open suggestions are, and with `least_sure_first` too they are
    stepped through by score (from the least sure one when none is selected).
    """
    wanted = ("suggested",) if suggestions_only else ("suggested", "accepted")
    by_score = suggestions_only and least_sure_first
    key: Order = least_sure_key if by_score else reading_key
    ordered = sorted((s for s in spans if s.status in wanted), key=key)
    if not ordered:
        return None
    if current is not None:
        here = key(current)
        if step > 0:
            return next((s for s in ordered if key(s) > here), ordered[0])
        return next((s for s in reversed(ordered) if key(s) < here), ordered[-1])
    if by_score:
        return ordered[0] if step > 0 else ordered[-1]
    if step > 0:
        return next((s for s in ordered if s.start >= offset), ordered[0])
    return next((s for s in reversed(ordered) if s.start < offset), ordered[-1])


def next_open_suggestion(
    spans: Iterable[SpanRecord], decided: SpanRecord, *, least_sure_first: bool = False
) -> SpanRecord | None:
    """The open suggestion after the one just decided, else the first before it; None at the end.

    Least sure first: the least sure open suggestion left, wherever it is.
    """
    others = [s for s in spans if s.id != decided.id]
    if least_sure_first:
        return min((s for s in others if s.status == "suggested"), key=least_sure_key, default=None)
    return step_span(others, decided, decided.start, 1, suggestions_only=True)
