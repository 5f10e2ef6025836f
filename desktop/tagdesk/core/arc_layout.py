"""Where each relation's arc goes over the text: its level, and its place at each span.

Arcs are drawn above the text between their two spans, as brat draws them.
An arc that spans others is lifted above them, and arcs that cross get
different levels, so no two arcs share a stretch of a level. Levels are
worked out along the text, not along the screen's lines, so they do not
change when the window is resized: each line is then given room for the
highest arc that starts or ends on it.

Where several arcs meet one span, their feet are spread along it so that
the lower arcs sit inside the higher ones: the arcs going left first, the
lowest nearest the middle, then the arcs going right, the highest first.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MAX_ROWS = 5  # a line gets room for this many levels at most; higher arcs share the top one
WHITESPACE = frozenset(" \u00a0")
# What may sit between a span and the space after it without a line break between them.
CLOSING = frozenset(".,;:!?)]}\"'’”»%")
STRUT_SEARCH = 24  # characters looked at on each side of a span for a space to lift


@dataclass(frozen=True)
class ArcEnd:
    """One span end of an arc: `slot` of `slots` feet along the span, left to right."""

    span: int
    slot: int
    slots: int


@dataclass(frozen=True)
class PlacedArc:
    relation: int
    left: ArcEnd  # the end whose span comes first in the text
    right: ArcEnd
    level: int  # 1 = just above the text

    def end_at(self, span_id: int) -> ArcEnd:
        return self.left if self.left.span == span_id else self.right


@dataclass(frozen=True)
class ArcInput:
    """A relation to place: its id and its two spans' ids and extents."""

    relation: int
    head: int
    child: int


class ArcLayout:
    """The arcs of one document: levels, feet, and which arcs meet a stretch of text."""

    def __init__(self, arcs: list[PlacedArc], extents: Mapping[int, tuple[int, int]]) -> None:
        self.arcs = {arc.relation: arc for arc in arcs}
        self._extents = dict(extents)
        ends = sorted(
            (extents[end.span][1], arc.relation) for arc in arcs for end in (arc.left, arc.right)
        )
        self._end_offsets = [offset for offset, _ in ends]
        self._end_arcs = [relation for _, relation in ends]
        rows: dict[int, int] = {}
        for arc in arcs:
            for end in (arc.left, arc.right):
                rows[end.span] = max(rows.get(end.span, 0), arc.level)
        self._rows = rows

    def __len__(self) -> int:
        return len(self.arcs)

    @property
    def highest(self) -> int:
        return max((arc.level for arc in self.arcs.values()), default=0)

    def rows_at(self, span_id: int) -> int:
        """How many levels the line holding this span's end needs room for (capped)."""
        return min(self._rows.get(span_id, 0), MAX_ROWS)

    def spans_with_arcs(self) -> dict[int, tuple[int, int]]:
        """The extent of each span an arc starts or ends at."""
        return {span: self._extents[span] for span in self._rows}

    def ending_between(self, start: int, end: int) -> list[PlacedArc]:
        """Arcs with a span whose end lies in (start, end]: those drawn on those lines."""
        low = bisect_right(self._end_offsets, start)
        high = bisect_right(self._end_offsets, end)
        seen: dict[int, PlacedArc] = {}
        for relation in self._end_arcs[low:high]:
            seen.setdefault(relation, self.arcs[relation])
        return sorted(seen.values(), key=lambda arc: (arc.level, arc.relation))

    def touches(self, start: int, end: int) -> bool:
        """True when a span with arcs ends in [start, end] (an edit there may move arcs)."""
        low = bisect_left(self._end_offsets, start)
        return low < len(self._end_offsets) and self._end_offsets[low] <= end


def _middle(extent: tuple[int, int]) -> int:
    return extent[0] + extent[1]  # twice the middle: whole numbers


def _order(extent: tuple[int, int], span: int) -> tuple[int, int, int, int]:
    return (_middle(extent), extent[0], -extent[1], span)


def place_arcs(arcs: Iterable[ArcInput], extents: Mapping[int, tuple[int, int]]) -> ArcLayout:
    """Levels and feet for these arcs; arcs whose spans are not in `extents` are left out.

    Shortest arcs first, each one level above the highest arc already placed
    beneath its stretch (brat's rule). The stretches run from the middle of
    one span to the middle of the other, so two arcs that meet at a span sit
    side by side on one level.
    """
    kept = [
        arc
        for arc in arcs
        if arc.head in extents and arc.child in extents and arc.head != arc.child
    ]
    ends: list[tuple[ArcInput, int, int]] = []  # arc, left span, right span
    for arc in kept:
        first, second = sorted((arc.head, arc.child), key=lambda span: _order(extents[span], span))
        ends.append((arc, first, second))
    points = sorted(
        {_middle(extents[left]) for _, left, _ in ends}
        | {_middle(extents[right]) for _, _, right in ends}
    )
    skyline = [0] * (len(points) + 1)
    levels: dict[int, int] = {}

    def stretch(item: tuple[ArcInput, int, int]) -> tuple[int, int, int]:
        _, left, right = item
        return (
            _middle(extents[right]) - _middle(extents[left]),
            _middle(extents[left]),
            item[0].relation,
        )

    for item in sorted(ends, key=stretch):
        arc, left, right = item
        low = bisect_left(points, _middle(extents[left]))
        high = max(bisect_left(points, _middle(extents[right])), low + 1)
        level = max(skyline[low:high]) + 1
        skyline[low:high] = [level] * (high - low)
        levels[arc.relation] = level

    # Feet along each span: going left (the other span comes first), lowest leftmost;
    # then going right, highest leftmost. Lower arcs nest inside higher ones.
    feet: dict[int, list[tuple[int, int, int, int]]] = {}  # span -> (side, key, level, relation)
    for arc, left, right in ends:
        level = levels[arc.relation]
        other_right = _middle(extents[right])
        other_left = _middle(extents[left])
        feet.setdefault(left, []).append((1, -level, -other_right, arc.relation))
        feet.setdefault(right, []).append((0, level, -other_left, arc.relation))
    slots: dict[tuple[int, int], tuple[int, int]] = {}
    for span, items in feet.items():
        items.sort()
        for position, (_, _, _, relation) in enumerate(items):
            slots[(span, relation)] = (position, len(items))
    placed = []
    for arc, left, right in ends:
        left_slot = slots[(left, arc.relation)]
        right_slot = slots[(right, arc.relation)]
        placed.append(
            PlacedArc(
                relation=arc.relation,
                left=ArcEnd(left, *left_slot),
                right=ArcEnd(right, *right_slot),
                level=levels[arc.relation],
            )
        )
    return ArcLayout(placed, extents)


def strut_offset(text: str, start: int, end: int, block_start: int, block_end: int) -> int | None:
    """A space on the same line as the span's end, to be raised to give that line room.

    The space after the span (past closing punctuation, which never breaks
    from the word before it); else the last space inside the span; else the
    space before it. None when the span's paragraph has no such space.
    """
    position = end
    limit = min(block_end, end + STRUT_SEARCH)
    while position < limit and text[position] in CLOSING:
        position += 1
    if position < limit and text[position] in WHITESPACE:
        return position
    for position in range(end - 1, start, -1):
        if text[position] in WHITESPACE:
            return position
    position = start - 1
    if position >= block_start and text[position] in WHITESPACE:
        return position
    return None


BLOCK_BREAKS = re.compile("[\n\r\u2029\ufdd0\ufdd1]")


def block_bounds(text: str) -> tuple[list[int], list[int]]:
    """The start and end (before the break) of each paragraph as the view splits the text."""
    starts = [0, *(match.end() for match in BLOCK_BREAKS.finditer(text))]
    ends = [start - 1 for start in starts[1:]]
    ends.append(len(text))
    return starts, ends


def struts(text: str, layout: ArcLayout, bounds: tuple[list[int], list[int]]) -> dict[int, int]:
    """The space raised for each line with arcs: its offset -> the rows of room it gives."""
    starts, ends = bounds
    raised: dict[int, int] = {}
    for span, (start, end) in layout.spans_with_arcs().items():
        rows = layout.rows_at(span)
        block = bisect_right(starts, max(end - 1, start)) - 1
        offset = strut_offset(text, start, end, starts[block], ends[block])
        if offset is not None:
            raised[offset] = max(raised.get(offset, 0), rows)
    return raised
