"""Selections snap to token boundaries; spans grow and shrink a token at a time."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

Token = tuple[int, int, bool]  # start, end, followed by whitespace


def snap_to_tokens(start: int, end: int, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """The smallest run of whole tokens covering the non-space part of [start, end)."""
    if not tokens or end <= start:
        return None
    starts = [token[0] for token in tokens]
    ends = [token[1] for token in tokens]
    first = bisect_right(ends, start)  # first token ending after start
    last = bisect_left(starts, end) - 1  # last token starting before end
    if first >= len(tokens) or last < first:
        return None
    return tokens[first][0], tokens[last][1]


def move_edge(
    span: tuple[int, int], tokens: Sequence[Token], edge: str, step: int
) -> tuple[int, int] | None:
    """Move the span's `start` or `end` by one token (step -1 left, +1 right)."""
    start, end = span
    starts = [token[0] for token in tokens]
    ends = [token[1] for token in tokens]
    if edge == "start":
        if step < 0:
            index = bisect_left(starts, start) - 1
            return (starts[index], end) if index >= 0 else None
        index = bisect_right(starts, start)
        return (starts[index], end) if index < len(starts) and starts[index] < end else None
    if step > 0:
        index = bisect_right(ends, end)
        return (start, ends[index]) if index < len(ends) else None
    index = bisect_left(ends, end) - 1
    return (start, ends[index]) if index >= 0 and ends[index] > start else None
