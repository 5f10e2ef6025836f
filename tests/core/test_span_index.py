from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tagdesk.core.records import SpanRecord
from tagdesk.core.span_index import SpanIndex


def span(
    span_id: int, start: int, end: int, label: int = 1, status: str = "accepted"
) -> SpanRecord:
    return SpanRecord(span_id, 1, start, end, label, status)


def test_overlapping_finds_nested_and_crossing_spans() -> None:
    index = SpanIndex([span(1, 0, 20), span(2, 5, 9), span(3, 8, 30), span(4, 40, 45)])
    assert [s.id for s in index.overlapping(6, 7)] == [1, 2]
    assert [s.id for s in index.overlapping(9, 10)] == [1, 3]
    assert [s.id for s in index.at(8)] == [2, 1, 3]
    assert index.overlapping(30, 40) == []


def test_edits_keep_order_and_counts() -> None:
    index = SpanIndex([span(1, 0, 5, label=1), span(2, 10, 15, label=2, status="rejected")])
    assert index.label_counts() == {1: 1}
    index.put(span(3, 2, 4, label=2))
    index.put(span(1, 6, 8, label=1, status="suggested"))
    assert [s.id for s in index] == [3, 1, 2]
    assert index.label_counts() == {1: 1, 2: 1}
    index.remove(3)
    assert index.label_counts() == {1: 1}
    assert index.get(3) is None


spans_strategy = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 30), st.integers(1, 3)), max_size=40
)


@given(spans_strategy, st.integers(0, 230), st.integers(1, 40), st.lists(st.integers(0, 39)))
def test_overlap_query_matches_brute_force_after_edits(
    raw: list[tuple[int, int, int]], start: int, width: int, removals: list[int]
) -> None:
    records = [span(i, s, s + w, label) for i, (s, w, label) in enumerate(raw)]
    index = SpanIndex(records[: len(records) // 2])
    for record in records[len(records) // 2 :]:
        index.put(record)
    alive = {r.id: r for r in records}
    for span_id in removals:
        index.remove(span_id)
        alive.pop(span_id, None)
    expected = sorted(
        (r for r in alive.values() if r.start < start + width and r.end > start),
        key=lambda r: (r.start, -r.end, r.id),
    )
    assert index.overlapping(start, start + width) == expected
    counts: dict[int, int] = {}
    for record in alive.values():
        counts[record.label_id] = counts.get(record.label_id, 0) + 1
    assert index.label_counts() == counts


def test_starting_in_counts_the_spans_that_start_in_a_stretch() -> None:
    index = SpanIndex(
        [
            SpanRecord(1, 1, 0, 30, 1, "accepted"),
            SpanRecord(2, 1, 0, 10, 1, "accepted"),  # same start, inside the first
            SpanRecord(3, 1, 20, 25, 1, "accepted"),
            SpanRecord(4, 1, 40, 45, 1, "accepted"),
        ]
    )
    assert index.starting_in(0, 30) == 3
    assert index.starting_in(20, 25) == 1
    assert index.starting_in(26, 40) == 0
    assert index.starting_in(40, 41) == 1
