"""The spans of one document, kept sorted by start for fast "what lies here" queries.

Edits update it in place (a binary search and one list insert), so a change
to one span never re-reads or re-sorts the document's other spans.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator

from tagdesk.core.records import SpanRecord

Key = tuple[int, int, int]  # start, -end, id: outer spans before the spans they contain


class SpanIndex:
    """Overlap queries in O(log n + k): a span overlapping [a, b) starts in [a - longest, b)."""

    def __init__(self, spans: Iterable[SpanRecord] = ()) -> None:
        self._by_id = {span.id: span for span in spans}
        self._keys: list[Key] = sorted(_key(span) for span in self._by_id.values())
        self._starts = [key[0] for key in self._keys]
        self._longest = max((s.end - s.start for s in self._by_id.values()), default=0)
        self._counts: dict[int, int] = dict(
            Counter(span.label_id for span in self._by_id.values() if span.status != "rejected")
        )

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[SpanRecord]:
        return (self._by_id[key[2]] for key in self._keys)

    def get(self, span_id: int) -> SpanRecord | None:
        return self._by_id.get(span_id)

    def label_counts(self) -> dict[int, int]:
        """Spans of each label that are not rejected, kept up to date by every edit."""
        return {label: count for label, count in self._counts.items() if count}

    def _count(self, span: SpanRecord, delta: int) -> None:
        if span.status != "rejected":
            self._counts[span.label_id] = self._counts.get(span.label_id, 0) + delta

    # -- edits ----------------------------------------------------------------------

    def put(self, span: SpanRecord) -> SpanRecord | None:
        """Add or replace a span; returns the version it replaced."""
        old = self.remove(span.id)
        key = _key(span)
        position = bisect_left(self._keys, key)
        self._keys.insert(position, key)
        self._starts.insert(position, key[0])
        self._by_id[span.id] = span
        self._longest = max(self._longest, span.end - span.start)
        self._count(span, 1)
        return old

    def remove(self, span_id: int) -> SpanRecord | None:
        old = self._by_id.pop(span_id, None)
        if old is not None:
            position = bisect_left(self._keys, _key(old))
            del self._keys[position]
            del self._starts[position]
            self._count(old, -1)
        return old

    # -- queries --------------------------------------------------------------------

    def overlapping(self, start: int, end: int) -> list[SpanRecord]:
        """Spans with at least one character in [start, end), outer before inner."""
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        by_id = self._by_id
        # -key[1] is the span's end
        return [by_id[key[2]] for key in self._keys[low:high] if -key[1] > start]

    def starting_in(self, start: int, end: int) -> int:
        """How many spans start in [start, end): more than one, and a span there holds another."""
        return bisect_left(self._starts, end) - bisect_left(self._starts, start)

    def at(self, offset: int) -> list[SpanRecord]:
        """Spans covering the character at `offset`, innermost first."""
        found = self.overlapping(offset, offset + 1)
        return sorted(found, key=lambda span: (span.end - span.start, span.start))


def _key(span: SpanRecord) -> Key:
    return (span.start, -span.end, span.id)
