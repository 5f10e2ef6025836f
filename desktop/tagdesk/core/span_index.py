"""Spans of one document sorted by start, for fast "what lies in this range" queries."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from tagdesk.core.records import SpanRecord


class SpanIndex:
    """Overlap queries in O(log n + k): a span overlapping [a, b) starts in [a - longest, b)."""

    def __init__(self, spans: Iterable[SpanRecord] = ()) -> None:
        self._spans = sorted(spans, key=_order)
        self._starts = [span.start for span in self._spans]
        self._longest = max((span.end - span.start for span in self._spans), default=0)

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[SpanRecord]:
        return iter(self._spans)

    def overlapping(self, start: int, end: int) -> list[SpanRecord]:
        """Spans with at least one character in [start, end), outer before inner."""
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        return [span for span in self._spans[low:high] if span.end > start]

    def at(self, offset: int) -> list[SpanRecord]:
        """Spans covering the character at `offset`, innermost first."""
        found = self.overlapping(offset, offset + 1)
        return sorted(found, key=lambda span: (span.end - span.start, span.start))

    def get(self, span_id: int) -> SpanRecord | None:
        for span in self._spans:
            if span.id == span_id:
                return span
        return None

    def neighbour(self, span_id: int | None, offset: int, step: int) -> SpanRecord | None:
        """The next (step=1) or previous (step=-1) span after the given one or offset."""
        if not self._spans:
            return None
        if span_id is not None:
            for index, span in enumerate(self._spans):
                if span.id == span_id:
                    return self._spans[(index + step) % len(self._spans)]
        if step > 0:
            index = bisect_right(self._starts, offset)
            return self._spans[index % len(self._spans)]
        index = bisect_left(self._starts, offset) - 1
        return self._spans[index % len(self._spans)]


def _order(span: SpanRecord) -> tuple[int, int, int]:
    return (span.start, -span.end, span.id)
