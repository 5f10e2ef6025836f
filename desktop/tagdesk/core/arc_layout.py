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
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from itertools import accumulate
from typing import NamedTuple

MAX_ROWS = 5  # a line gets room for this many levels at most; higher arcs share the top one
WHITESPACE = frozenset(" \u00a0")
# Where a line may break inside a run of characters without spaces.
BREAKING = frozenset("-/\u2010\u2013\u2014\u200b")
STRUT_SEARCH = 24  # characters looked at on each side of a span for a space to lift


class ArcEnd(NamedTuple):
    """One span end of an arc: `slot` of `slots` feet along the span, left to right."""

    span: int
    slot: int
    slots: int


class PlacedArc(NamedTuple):
    """An arc's level and its two ends, the end whose span comes first in the text on the left."""

    relation: int
    level: int  # 1 = just above the text
    left_span: int
    left_slot: int
    left_slots: int
    right_span: int
    right_slot: int
    right_slots: int

    @property
    def left(self) -> ArcEnd:
        return ArcEnd(self.left_span, self.left_slot, self.left_slots)

    @property
    def right(self) -> ArcEnd:
        return ArcEnd(self.right_span, self.right_slot, self.right_slots)

    def end_at(self, span_id: int) -> ArcEnd:
        return self.left if self.left_span == span_id else self.right


class ArcInput(NamedTuple):
    """A relation to place: its id and its two spans' ids and extents."""

    relation: int
    head: int
    child: int


class ArcLayout:
    """The arcs of one document: levels, feet, and which arcs meet a stretch of text."""

    def __init__(self, arcs: list[PlacedArc], extents: Mapping[int, tuple[int, int]]) -> None:
        self.arcs = {arc.relation: arc for arc in arcs}
        rows: dict[int, int] = {}
        ends = []
        for arc in arcs:
            for span in (arc.left_span, arc.right_span):
                ends.append((extents[span][1], arc.relation, span))
                if rows.get(span, 0) < arc.level:
                    rows[span] = arc.level
        ends.sort()
        self._end_offsets = [end[0] for end in ends]
        self._end_arcs = [end[1] for end in ends]
        self._end_spans = [end[2] for end in ends]
        self._extents = {span: extents[span] for span in rows}
        self._rows = rows
        self._met_from_before = {arc.right_span for arc in arcs}

    def __len__(self) -> int:
        return len(self.arcs)

    @property
    def highest(self) -> int:
        return max((arc.level for arc in self.arcs.values()), default=0)

    def rows_at(self, span_id: int) -> int:
        """How many levels the line holding this span's end needs room for (capped)."""
        return min(self._rows.get(span_id, 0), MAX_ROWS)

    def met_from_before(self, span_id: int) -> bool:
        """True when an arc comes to this span from a span earlier in the text."""
        return span_id in self._met_from_before

    def spans_with_arcs(self) -> dict[int, tuple[int, int]]:
        """The extent of each span an arc starts or ends at."""
        return dict(self._extents)

    def spans_ending_in(self, start: int, end: int) -> dict[int, tuple[int, int]]:
        """The spans with arcs whose end lies in [start, end], with the extent laid out."""
        low = bisect_left(self._end_offsets, start)
        high = bisect_right(self._end_offsets, end)
        return {span: self._extents[span] for span in self._end_spans[low:high]}

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


def place_arcs(
    arcs: Iterable[tuple[int, int, int]], extents: Mapping[int, tuple[int, int]]
) -> ArcLayout:
    """Levels and feet for these arcs; arcs whose spans are not in `extents` are left out.

    Shortest arcs first, each one level above the highest arc already placed
    beneath its stretch (brat's rule). The stretches run from the middle of
    one span to the middle of the other, so two arcs that meet at a span sit
    side by side on one level.
    """
    order: dict[int, tuple[int, int, int, int]] = {}  # span -> its place: twice its middle first
    for span, (start, end) in extents.items():
        order[span] = (start + end, start, -end, span)
    ends: list[tuple[int, int, int, int, int]] = []  # stretch, left middle, relation, left, right
    for relation, head, child in arcs:
        one, other = order.get(head), order.get(child)
        if one is None or other is None or head == child:
            continue
        if other < one:
            one, other = other, one
        ends.append((other[0] - one[0], one[0], relation, one[3], other[3]))
    ends.sort()
    points = sorted({order[item[3]][0] for item in ends} | {order[item[4]][0] for item in ends})
    where = {point: position for position, point in enumerate(points)}
    skyline = [0] * (len(points) + 1)
    levels: dict[int, int] = {}
    # Feet along each span: going left (the other span comes first), lowest leftmost;
    # then going right, highest leftmost. Lower arcs nest inside higher ones.
    feet: dict[int, list[tuple[int, int, int, int]]] = {}  # span -> (side, key, other, relation)
    for stretch, middle, relation, left, right in ends:
        low = where[middle]
        high = max(where[middle + stretch], low + 1)
        level = max(skyline[low:high]) + 1
        skyline[low:high] = [level] * (high - low)
        levels[relation] = level
        feet.setdefault(left, []).append((1, -level, -(middle + stretch), relation))
        feet.setdefault(right, []).append((0, level, -middle, relation))
    slots: dict[tuple[int, int], tuple[int, int]] = {}
    for span, items in feet.items():
        items.sort()
        count = len(items)
        for position, item in enumerate(items):
            slots[(span, item[3])] = (position, count)
    placed = []
    for _, _, relation, left, right in ends:
        left_slot, left_slots = slots[(left, relation)]
        right_slot, right_slots = slots[(right, relation)]
        placed.append(
            PlacedArc(
                relation,
                levels[relation],
                left,
                left_slot,
                left_slots,
                right,
                right_slot,
                right_slots,
            )
        )
    return ArcLayout(placed, extents)


def arcs_near(
    arcs: Iterable[tuple[int, int, int]],
    extents: Mapping[int, tuple[int, int]],
    start: int,
    end: int,
) -> list[tuple[int, int, int]]:
    """The arcs at spans overlapping [start, end], and every arc their levels rest on.

    Placed alone (`place_arcs`), these get the levels, and their spans in the
    stretch the feet and rows, that placing every arc gives them: an arc's
    level follows only from the shorter arcs (earlier in place_arcs' order)
    that share a point of its stretch, and those are taken in too, and theirs.
    """
    keyed = []  # (twice the left middle, twice the right middle, relation, arc, shown here)
    for arc in arcs:
        relation, head, child = arc
        one, other = extents.get(head), extents.get(child)
        if one is None or other is None or head == child:
            continue
        low, high = one[0] + one[1], other[0] + other[1]
        if high < low or (high == low and (other[0], -other[1], child) < (one[0], -one[1], head)):
            low, high = high, low  # as place_arcs orders them
        shown = (one[0] <= end and one[1] >= start) or (other[0] <= end and other[1] >= start)
        keyed.append((low, high, relation, arc, shown))
    keyed.sort()
    lefts = [item[0] for item in keyed]
    wanted = [position for position, item in enumerate(keyed) if item[4]]
    taken = set(wanted)
    while wanted:
        low, high, relation, _, _ = keyed[wanted.pop()]
        key = (high - low, low, relation)  # place_arcs' order: shorter first
        reach = max(high, low + 1)
        # an arc beneath this one is no longer, so its left middle is at most a stretch back
        for position in range(bisect_left(lefts, low - key[0]), bisect_left(lefts, reach)):
            if position in taken:
                continue
            other_low, other_high, other_relation, _, _ = keyed[position]
            if (other_high - other_low, other_low, other_relation) < key and max(
                low, other_low
            ) < min(reach, max(other_high, other_low + 1)):
                taken.add(position)
                wanted.append(position)
    return [keyed[position][3] for position in sorted(taken)]


def uncovered(text: str, start: int, end: int, inner: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """The longest stretch of [start, end) that none of the `inner` extents covers.

    A foot there lands on text only this span holds, so an arc to a span with
    other spans inside it is told from an arc to one of those. Counted in
    characters that are not spaces; the whole stretch when every part is covered.
    """
    best = (0, start, end)
    position = start
    for low, high in [*sorted(inner), (end, end)]:
        low, high = max(low, start), min(high, end)
        if low > position:
            best = max(best, (len(text[position:low].strip()), position, low))
        position = max(position, high)
    return (best[1], best[2]) if best[0] else (start, end)


def strut_offset(
    text: str,
    start: int,
    end: int,
    block_start: int,
    block_end: int,
    prefer: tuple[int, int] | None = None,
) -> int | None:
    """A character on a line holding the span, to be raised to give that line room.

    The space after the word the span ends in (a line never breaks inside a
    word or before closing punctuation), unless the span holds other spans:
    then the last space inside its own stretch (`prefer`), so its arcs meet
    it there. Else the last space inside the span. Else (one word ending its
    paragraph, "Sunday.") the span's own first character: the space before
    it may end the line above when the word starts a line, and the arcs would
    be drawn through that line. Only an empty span has none (None). The view
    draws the span's feet on the line that holds this character, and a raised
    character that is not a space at the text's own size (gui/arc_room.py).
    """
    if prefer is not None and prefer != (start, end):
        low, high = prefer
        for position in range(high - 1, low, -1):
            if text[position] in WHITESPACE:
                return position
    position = end
    limit = min(block_end, end + STRUT_SEARCH)
    while position < limit and text[position] not in WHITESPACE:
        if text[position] in BREAKING:
            position = limit
            break
        position += 1
    if position < limit and text[position] in WHITESPACE:
        return position
    for position in range(end - 1, start, -1):
        if text[position] in WHITESPACE:
            return position
    return start if start < end and start >= block_start else None


def first_piece_letter(text: str, start: int, end: int) -> int | None:
    """The last letter of the span's first word, when a space inside the span follows it.

    Where the view wraps a span over lines, its first piece ends there, and an arc
    coming from earlier in the text meets the span on that piece: raised too, this
    letter gives that line room. On a span that is not wrapped it shares the line of
    the span's own raised space, and changes nothing. None: one word, no such letter.
    """
    for position in range(start + 1, end - 1):
        if text[position] in WHITESPACE and text[position - 1] not in WHITESPACE:
            return off_the_line_end(text, position, start)
    return None


def off_the_line_end(text: str, offset: int, block_start: int) -> int:
    """The character to raise for the space at `offset`: the one before it, when that ends
    a word. A space may end its visual line where the view wraps the paragraph, and Qt
    gives a line no height for the spaces trailing it, so a raised space there gives no
    room; the letter before it is always on the same line, and a raised letter gives it."""
    if text[offset] not in WHITESPACE or offset <= block_start:
        return offset
    before = text[offset - 1]
    if before.isspace() or unicodedata.category(before)[0] in "MC":  # WHITESPACE included
        return offset
    return offset - 1


BLOCK_BREAKS = re.compile("[\n\r\u2029\ufdd0\ufdd1]")
RARE_BREAKS = ("\r", "\u2029", "\ufdd0", "\ufdd1")


def block_bounds(text: str) -> tuple[list[int], list[int]]:
    """The start and end (before the break) of each paragraph as the view splits the text."""
    if any(rare in text for rare in RARE_BREAKS):
        starts = [0, *(match.end() for match in BLOCK_BREAKS.finditer(text))]
    else:  # line feeds only, as nearly every text: quicker by splitting
        starts = [0, *accumulate(len(line) + 1 for line in text.split("\n")[:-1])]
    ends = [start - 1 for start in starts[1:]]
    ends.append(len(text))
    return starts, ends


def struts(
    text: str,
    layout: ArcLayout,
    bounds: tuple[list[int], list[int]],
    cache: dict[tuple[object, ...], int | None] | None = None,
    own: Mapping[int, tuple[int, int]] | None = None,
    where: dict[int, int] | None = None,
) -> dict[int, int]:
    """The space raised for each line with arcs: its offset -> the rows of room it gives.

    A span of several words that an arc comes to from earlier in the text raises the end
    of its first word too (`first_piece_letter`): wrapped by the view, the span's first
    piece, where that arc meets it, has room as well.
    `own`: for a span holding others, the stretch only it covers (`uncovered`).
    `cache` keeps each span's space between calls on one text; `where`, if
    given, is filled with each span's raised space (span id -> offset).
    """
    starts, ends = bounds
    found = {} if cache is None else cache
    raised: dict[int, int] = {}
    for span, extent in layout.spans_with_arcs().items():
        prefer = own.get(span) if own else None
        key = (extent, prefer)
        if key in found:
            offset = found[key]
        else:
            start, end = extent
            block = bisect_right(starts, max(end - 1, start)) - 1
            offset = strut_offset(text, start, end, starts[block], ends[block], prefer)
            found[key] = offset
        if offset is not None:
            offset = off_the_line_end(text, offset, starts[bisect_right(starts, offset) - 1])
            if where is not None:
                where[span] = offset
            rows = layout.rows_at(span)
            if raised.get(offset, 0) < rows:
                raised[offset] = rows
            first = None
            if prefer in (None, extent) and layout.met_from_before(span):
                first = first_piece_letter(text, *extent)
            if first is not None and raised.get(first, 0) < rows:
                raised[first] = rows
    return raised
